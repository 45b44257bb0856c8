import type { HtmlEscapedString } from 'hono/utils/html';

/** Escaped HTML: what an element is, and what raw() marks as safe to insert as it is. */
export type Html = HtmlEscapedString;
export declare function raw(html: string): Html;
export declare function escapeHtml(text: string): string;
export declare function jsx(tag: unknown, props: Record<string, unknown>, key?: unknown): Html;
export declare function Fragment(props: { children?: unknown }): Html;
