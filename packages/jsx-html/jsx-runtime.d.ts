import type { JSX as HonoJSX } from 'hono/jsx';
import type { Html } from './index.js';

export { Fragment, jsx, jsx as jsxDEV, jsx as jsxs } from './index.js';

/** The element types are hono/jsx's (every HTML attribute typed); an element is escaped HTML. */
export declare namespace JSX {
  type Element = Html;
  type ElementType = string | ((props: never) => Html | string | null);
  interface ElementChildrenAttribute {
    children: unknown;
  }
  interface IntrinsicElements extends HonoJSX.IntrinsicElements {
    [tagName: string]: Record<string, unknown>;
  }
  interface IntrinsicAttributes {
    key?: string | number | bigint | null | undefined;
  }
}
