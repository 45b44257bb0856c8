/**
 * The screen registry is checked by the type-checker, not only at run time: these tests compile the
 * real sources with one change each, as a developer might make it, and expect tsc to refuse it.
 * - a registry line removed: a view id a state may name has no screen;
 * - a registry line for a view id no state can name;
 * - a state whose meta.view is not a view id (a typo);
 * and the cases of screens-registry.ts without their `@ts-expect-error` markers.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const REGISTRY = resolve(ROOT, 'src/screens/index.ts');
const STATES = resolve(ROOT, 'src/machine/authenticator-app.ts');
const CASES = resolve(ROOT, 'test/types/screens-registry.ts');

const config = ts.readConfigFile(resolve(ROOT, 'tsconfig.json'), ts.sys.readFile);
const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
let previous: ts.Program | undefined;

/** The type errors of `file` when `changed` (path → new text) replaces the files on disk. */
function errorsOf(file: string, changed: Record<string, string> = {}): string[] {
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (path) => changed[resolve(path)] ?? readFile(path);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (path, language, onError) => {
    const text = changed[resolve(path)];
    return text === undefined
      ? getSourceFile(path, language, onError)
      : ts.createSourceFile(path, text, language);
  };
  const program = ts.createProgram([REGISTRY, STATES, CASES], options, host, previous);
  previous = program;
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`${file} is not in the program`);
  return program
    .getSemanticDiagnostics(source)
    .map(
      (d) =>
        `${d.start !== undefined ? source.getLineAndCharacterOfPosition(d.start).line + 1 : 0}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
}

/** The file's text with one exact piece replaced (which must be there once). */
function edited(path: string, from: string, to: string): Record<string, string> {
  const text = readFileSync(path, 'utf8');
  expect(text.split(from)).toHaveLength(2);
  return { [path]: text.replace(from, to) };
}

describe('the type-checker refuses', () => {
  it('nothing in the sources as they are', () => {
    expect(errorsOf(REGISTRY)).toEqual([]);
    expect(errorsOf(STATES)).toEqual([]);
    expect(errorsOf(CASES)).toEqual([]);
  }, 120_000);

  it('a view id with no screen (a registry line removed)', () => {
    const errors = errorsOf(REGISTRY, edited(REGISTRY, "  'scan-qr': scanQrScreen,\n", ''));
    expect(errors.join('\n')).toMatch(/Property '"scan-qr"' is missing/);
  }, 120_000);

  it('a screen for a view id no state can name', () => {
    const errors = errorsOf(
      REGISTRY,
      edited(
        REGISTRY,
        "  'scan-qr': scanQrScreen,\n",
        "  'scan-qr': scanQrScreen,\n  'scan-qr-again': scanQrScreen,\n",
      ),
    );
    expect(errors.join('\n')).toMatch(/'scan-qr-again'+ does not exist in type 'ScreenRegistry'/);
  }, 120_000);

  it('a state whose meta.view names no screen', () => {
    const errors = errorsOf(
      STATES,
      edited(STATES, "meta: { view: 'scan-qr' }", "meta: { view: 'scan-qr-typo' }"),
    );
    expect(errors.join('\n')).toMatch(/'"scan-qr-typo"' is not assignable to type/);
  }, 120_000);

  it('each case of screens-registry.ts once its @ts-expect-error marker is gone', () => {
    const text = readFileSync(CASES, 'utf8');
    const lines = text.split('\n');
    const marked = lines.flatMap((line, i) => (line.trim().startsWith('// @ts-expect-error') ? [i + 1] : []));
    expect(marked.length).toBe(4);
    const unmarked = lines
      .map((line) => (line.trim().startsWith('// @ts-expect-error') ? '' : line))
      .join('\n');
    const errorLines = new Set(errorsOf(CASES, { [CASES]: unmarked }).map((e) => Number(e.split(':')[0])));
    // The error is on the line after its marker.
    for (const line of marked) expect(errorLines, `line ${line + 1}`).toContain(line + 1);
  }, 120_000);
});
