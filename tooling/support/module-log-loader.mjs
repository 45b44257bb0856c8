/** Module hooks (run on the loader thread) for module-log-hook.mjs: records each resolved ES module URL. */
import { appendFileSync } from 'node:fs';

let out = '';

export function initialize(data) {
  out = data.out;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(out, `esm ${resolved.url}\n`);
  return resolved;
}
