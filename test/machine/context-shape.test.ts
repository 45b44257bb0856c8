/**
 * XState copies the context at every `assign` (`Object.assign({}, context, update)`). V8 gives such a
 * copy fast properties only while it has few of them (about 19); past that each copy, read and save of
 * a journey costs several times more. The context is grouped to stay well under (src/machine/context.ts).
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialContext } from '../../src/machine/index.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('the journey context', () => {
  it('has at most 17 top-level properties', () => {
    const context = initialContext({ journeyNonce: 'n', now: 0, cimSessionPresent: false });
    expect(Object.keys(context).length).toBeLessThanOrEqual(17);
  });

  it("keeps V8's fast properties on every page as requests move it on", () => {
    const out = execFileSync(
      process.execPath,
      ['--allow-natives-syntax', '--import', 'tsx', 'test/machine/context-shape-probe.ts'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const { checked, slow } = JSON.parse(out.trim().split('\n').at(-1) as string) as {
      checked: number;
      slow: string[];
    };
    expect(checked).toBeGreaterThan(26 * 3);
    expect(slow).toEqual([]);
  }, 60_000);
});
