/**
 * Node's flags of `npm start` (package.json, "node [flags] dist/main.js"): the production smoke test and
 * the benchmark start the built service with the flags it runs with in production.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

export function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.trim().split(/\s+/);
  if (words[0] !== 'node' || words.at(-1) !== 'dist/main.js')
    throw new Error(`npm start is not "node [flags] dist/main.js": ${pkg.scripts.start}`);
  return words.slice(1, -1);
}
