/**
 * docs/journey.md and the pictures: page titles (not state ids) in the overview, the two passkey
 * versions as separate paths (and that the statechart really leads to both), words for every step,
 * and a docs check that fails on a stale, missing or stray picture. Rendering is deterministic.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { journeyGraph, variantOf } from '../../src/analytics/journey-graph.js';
import { unknownTokens } from '../../src/analytics/journey-words.js';
import { pageTitles } from '../../src/analytics/page-titles.js';
import { eventSchemas, initialContext, journeyMachine } from '../../src/machine/index.js';
import { checkDiagrams, launchDiagramBrowser, renderDiagram } from '../../tooling/docs/diagram-render.js';
import { statechartDiagrams } from '../../tooling/docs/docs.js';
import { generateJourneyDocs } from '../../tooling/docs/journey-doc.js';

const run = promisify(execFile);
/** The text an SVG shows (Mermaid puts each word in its own tspan). */
const textOf = (svg: string) => svg.replace(/<style[\s\S]*?<\/style>/g, '').replace(/<[^>]+>/g, '');
const docs = generateJourneyDocs();
const overview = docs.diagrams.find((d) => d.name === 'journey-overview')?.source ?? '';
const graph = journeyGraph(journeyMachine);

describe('docs/journey.md', () => {
  it('draws the overview in page titles read from the pages, not state ids', () => {
    const labels = [...overview.matchAll(/\["([^"]*)"\]/g)].map((m) =>
      (m[1] as string).replace(/<br\/>/g, ' '),
    );
    expect(labels).toContain('Check your email');
    expect(labels).toContain('Enter your details');
    for (const view of ['start', 'enter-email-code', 'choose-authenticator', 'app-added', 'passkey-added'])
      expect(labels.join(' | ')).toContain(pageTitles().get(view) as string);
    for (const s of graph.pages) expect(labels.join(' | ')).not.toContain(s.stateId);
    expect(overview).not.toMatch(/PLATFORM_DETECTED|isPasskeyError|creatingPasskeyOptions/);
  });

  it('draws passkey type 1 and type 2 as two separate paths from the loading page to the confirmation', () => {
    for (const type of ['type_1', 'type_2']) {
      expect(overview).toMatch(
        new RegExp(`passkey_loading ==>\\|"[^"]*\\(type.${type.slice(-1)}\\)"\\| passkey_register_${type}`),
      );
      // Labelled with what the person did there, now that a late failure leaves the same page too.
      expect(overview).toMatch(new RegExp(`passkey_register_${type} ==>(\\|"[^"]*"\\|)? passkey_added`));
    }
  });

  it('the two versions are what the statechart makes of the platform answer (PLATFORM_DETECTED)', () => {
    const loading = journeyMachine.resolveState({
      value: { addAuthenticator: { passkey: 'passkeyLoading' } },
      context: initialContext({ journeyNonce: 'n', now: 0, cimSessionPresent: false }),
    });
    const seen = new Map<string, string>();
    for (const os of eventSchemas.PLATFORM_DETECTED.shape.os.options)
      for (const platformAuthenticator of [true, false]) {
        const [next] = transition(journeyMachine, loading, {
          type: 'PLATFORM_DETECTED',
          os,
          platformAuthenticator,
        });
        seen.set(`${os}/${platformAuthenticator}`, variantOf('passkey-register', next.context) as string);
      }
    expect(Object.fromEntries(seen)).toEqual({
      'windows/true': 'type-2',
      'windows/false': 'type-1',
      'other/true': 'type-1',
      'other/false': 'type-1',
    });
  });

  it('has words for every event, guard, error code and end reason the diagrams show', () => {
    const tokens = [...graph.links, ...graph.fromAnyPage].flatMap((l) => l.ways.flat());
    expect(unknownTokens(tokens)).toEqual([]);
    expect(unknownTokens(['SOMETHING_NEW'])).toEqual(['SOMETHING_NEW']);
  });

  it('maps every seed step to a page with a title, a view id, a screenshot and a SPEC rule', () => {
    const table = docs.markdown.slice(docs.markdown.indexOf('## The guidance page'));
    const rows = table
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Guidance') && !l.startsWith('| ---'));
    expect(rows.length).toBeGreaterThanOrEqual(20);
    expect(table).toContain(
      '| Check your email | `enter-email-code` | [enter-email-code.png](screens/enter-email-code.png)',
    );
    expect(table).toMatch(
      /Windows Hello present \(type.2\) \| `passkey-register` \| \[passkey-register--windows-hello\.png\]/,
    );
  });
});

describe('docs check and pictures', () => {
  let dir: string;
  const check = () =>
    run('npx', ['tsx', 'scripts/generate-statechart-docs.ts', '--check', '--dir', dir]).then(
      (r) => ({ code: 0, out: r.stdout }),
      (e: { code: number; stderr: string }) => ({ code: e.code, out: e.stderr }),
    );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'docs-check-'));
    await cp(new URL('../../docs', import.meta.url), dir, { recursive: true });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('npm run docs:check passes on the committed docs and fails on a stale picture', {
    timeout: 60_000,
  }, async () => {
    expect((await check()).code).toBe(0);
    const svg = join(dir, 'diagrams', 'journey-passkey.svg');
    const good = await readFile(svg, 'utf8');
    await writeFile(svg, good.replace(/sha256: [0-9a-f]{8}/, 'sha256: 00000000'));
    const stale = await check();
    expect(stale.code).toBe(1);
    expect(stale.out).toContain('docs/diagrams/journey-passkey.svg is stale');
    await writeFile(svg, good);
  });

  it('the picture check names a missing and a stray picture, and passes again once they are fixed', async () => {
    const diagrams = [...statechartDiagrams(), ...docs.diagrams];
    const pictures = join(dir, 'diagrams');
    expect(await checkDiagrams(pictures, diagrams)).toEqual([]);
    const svg = join(pictures, 'journey-overview.svg');
    const good = await readFile(svg, 'utf8');
    await rm(svg);
    await writeFile(join(pictures, 'old.svg'), '<svg/>');
    expect(await checkDiagrams(pictures, diagrams)).toEqual([
      'journey-overview.svg is missing',
      'old.svg is not generated from any diagram',
    ]);
    await writeFile(svg, good);
    await rm(join(pictures, 'old.svg'));
    expect(await checkDiagrams(pictures, diagrams)).toEqual([]);
  });

  it('renders the same bytes twice, and the committed overview shows the page titles', {
    timeout: 60_000,
  }, async () => {
    const browser = await launchDiagramBrowser();
    try {
      const diagram = docs.diagrams.find((d) => d.name === 'journey-app');
      if (!diagram) throw new Error('no journey-app diagram');
      const [first, second] = [await renderDiagram(browser, diagram), await renderDiagram(browser, diagram)];
      expect(second).toBe(first);
      expect(textOf(first).includes('Scan the QR code')).toBe(true);
    } finally {
      await browser.close();
    }
    const committed = await readFile(
      new URL('../../docs/diagrams/journey-overview.svg', import.meta.url),
      'utf8',
    );
    expect(committed).toMatch(/^<!-- mermaid-source-sha256: [0-9a-f]{64} -->\n<svg/);
    for (const title of ['Check your email', 'Passkey added', 'Scan the QR code'])
      expect(textOf(committed).includes(title), title).toBe(true);
  });
});
