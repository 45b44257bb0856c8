/**
 * The shape of the code (ARCHITECTURE.md): imports point one way (the machine imports nothing from
 * services, http, views or screens), there is no import cycle, tooling imports neither scripts nor
 * tests, and no function of src/http, src/machine or src/services runs over ~80 lines.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const MAX_FUNCTION_LINES = 80;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...filesUnder(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Relative imports of a file, resolved to repository paths (.js → .ts/.tsx). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    const target = join(dirname(file), m[1] as string).replace(/\.js$/, '');
    for (const ext of ['.ts', '.tsx']) {
      try {
        if (statSync(join(ROOT, target + ext)).isFile()) found.push(target + ext);
      } catch {}
    }
  }
  return found;
}

describe('layers', () => {
  it('the machine imports nothing from services, http, views or screens', () => {
    const bad = filesUnder('src/machine').flatMap((f) =>
      importsOf(f)
        .filter((i) => !i.startsWith('src/machine/'))
        .map((i) => `${f} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('tooling imports neither scripts nor tests', () => {
    const bad = filesUnder('tooling').flatMap((f) =>
      importsOf(f)
        .filter((i) => i.startsWith('scripts/') || i.startsWith('test/'))
        .map((i) => `${f} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('scripts and bench import no test, and src imports no tooling', () => {
    const bad = [...filesUnder('scripts'), ...filesUnder('bench'), ...filesUnder('src')].flatMap((f) =>
      importsOf(f)
        .filter((i) => i.startsWith('test/') || (f.startsWith('src/') && i.startsWith('tooling/')))
        .map((i) => `${f} → ${i}`),
    );
    expect(bad).toEqual([]);
  });

  it('src has no import cycle', () => {
    const graph = new Map(filesUnder('src').map((f) => [f, importsOf(f)]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (f: string, trail: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(f)), f].join(' → '));
        return;
      }
      state.set(f, 'open');
      for (const next of graph.get(f) ?? []) visit(next, [...trail, f]);
      state.set(f, 'done');
    };
    for (const f of graph.keys()) visit(f, []);
    expect(cycles).toEqual([]);
  });
});

describe('function size', () => {
  const long: string[] = [];
  for (const file of ['src/http', 'src/machine', 'src/services'].flatMap(filesUnder)) {
    const source = ts.createSourceFile(
      file,
      readFileSync(join(ROOT, file), 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    const walk = (node: ts.Node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        // A statechart part is a configuration object, not a function: only functions are measured.
        if (end - start + 1 > MAX_FUNCTION_LINES)
          long.push(`${relative(ROOT, join(ROOT, file))}:${start + 1} (${end - start + 1} lines)`);
      }
      ts.forEachChild(node, walk);
    };
    walk(source);
  }

  it(`no function in src/http, src/machine or src/services is over ${MAX_FUNCTION_LINES} lines`, () => {
    expect(long).toEqual([]);
  });
});
