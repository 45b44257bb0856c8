/**
 * Views are JSX compiled against the service's own runtime (@add-authenticator/jsx-html, packages/):
 * each element is its escaped markup the moment it is created, so rendering is string building, with
 * no tree to walk afterwards and no render context (hono/jsx's render pass ran inside
 * AsyncLocalStorage, which on Node 20 turns on async hooks for the whole process).
 */
export { escapeHtml } from '@add-authenticator/jsx-html';

/** The markup of a rendered element (an escaped String) as a plain string. */
export function renderHtml(node: unknown): string {
  return String(node);
}
