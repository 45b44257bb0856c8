/**
 * hono/jsx renders inside AsyncLocalStorage.run when the runtime offers AsyncLocalStorage (for
 * components that await). On Node 20 the first run() turns on async hooks for the whole process, and
 * from then on every promise of every request pays for them. Every component here is synchronous, and
 * for synchronous components hono's own fallback (no AsyncLocalStorage) renders the same markup.
 * hono looks for AsyncLocalStorage once, at its first render: this module makes that first render,
 * at import, while node:async_hooks is out of its sight.
 */
import { jsx } from 'hono/jsx';

type BuiltinLoader = (id: string) => unknown;

function firstRenderWithoutAsyncContext() {
  const proc = process as unknown as { getBuiltinModule?: BuiltinLoader };
  const original = proc.getBuiltinModule;
  if (typeof original !== 'function') return;
  proc.getBuiltinModule = (id: string) =>
    id === 'node:async_hooks' || id === 'async_hooks' ? undefined : original.call(process, id);
  try {
    // <svg> renders through a context provider, so this render is where hono looks.
    String(jsx('svg', {}));
  } finally {
    proc.getBuiltinModule = original;
  }
}

firstRenderWithoutAsyncContext();

/** The markup of a synchronous JSX tree. */
export function renderHtml(node: unknown): string {
  return String(node);
}

/** hono/jsx's escaping of text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>'"]/g, (ch) =>
    ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '"' ? '&quot;' : '&#39;',
  );
}
