/**
 * The funnel on real traffic: real journeys through the running service on a real Redis (finished by
 * each method, abandoned on three pages, one too-many-attempts), then the real `npm run funnel` as a
 * child process and GET /analytics/funnel, both compared with what the test drove.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { journeyGraph } from '../../src/analytics/journey-graph.js';
import { nodeId } from '../../src/analytics/journey-mermaid.js';
import { journeyMachine } from '../../src/machine/index.js';
import { axeViolations, formatViolations, launchBrowser } from '../../tooling/support/browser.js';
import { type Backends, type Running, startBackends, startService } from './branches-support.js';
import {
  ADDED_PAGES,
  driveAll,
  expectedPages,
  runFunnelCommand,
  SCENARIOS,
  tableRows,
} from './funnel-support.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const TOKEN = 'analytics-token-for-tests-7f3a9c1e5b2d4086';
const pages = journeyGraph(journeyMachine).pages.map((p) => p.key);
const expected = expectedPages();
const want = (key: string) => expected.get(key) ?? [0, 0];

let backends: Backends;
let run: Running;
let out: string;
let printed: string;

beforeAll(async () => {
  backends = await startBackends();
  run = await startService(backends, { ANALYTICS_TOKEN: TOKEN });
  await driveAll(run);
  out = join(await mkdtemp(join(tmpdir(), 'funnel-')), 'funnel.md');
  printed = await runFunnelCommand({ REDIS_URL: backends.redis.url }, out);
});
afterAll(async () => {
  await run?.close();
  await backends?.stop();
});

/** Journeys per move between two different pages, counted from the scenarios. */
function expectedMoves(): Map<string, number> {
  const moves = new Map<string, number>();
  for (const s of SCENARIOS) {
    const pairs = new Set(s.pages.slice(1).map((to, i) => `${s.pages[i]}>${to}`));
    for (const p of pairs) moves.set(p, (moves.get(p) ?? 0) + 1);
  }
  return moves;
}

describe('npm run funnel on a real Redis', () => {
  it('prints, for every page, the journeys that reached it and left there, exactly as driven', () => {
    const rows = tableRows(printed);
    for (const key of pages) {
      const row = rows.get(key);
      expect(row, `no row for ${key}`).toBeDefined();
      expect([Number(row?.[2]), Number(row?.[3])], key).toEqual(want(key));
    }
    expect(want('enter-details')).toEqual([10, 2]);
    expect(want('enter-email-code')).toEqual([8, 1]);
    expect(want('scan-qr')).toEqual([3, 1]);
    expect(want('too-many-attempts')).toEqual([1, 1]);
    expect(printed).toContain(
      `Journeys seen: ${SCENARIOS.length}; started on the start page: ${SCENARIOS.length}.`,
    );
  });

  it('prints the conversion from the start page to each confirmation, per method', () => {
    const rows = tableRows(printed);
    for (const [method, page] of Object.entries(ADDED_PAGES)) {
      const added = SCENARIOS.filter((s) => s.pages.includes(page)).length;
      const row = rows.get(method);
      expect(row?.slice(2, 5), method).toEqual([
        String(SCENARIOS.length),
        String(added),
        `${((100 * added) / SCENARIOS.length).toFixed(1)}%`,
      ]);
    }
    expect(rows.get('app')?.[3]).toBe('2');
    expect(rows.get('nhsnet')?.[3]).toBe('1');
    expect(rows.get('passkey')?.[3]).toBe('2');
  });

  it('writes the same tables and the overview with each link labelled by its journeys to --out', async () => {
    const written = await readFile(out, 'utf8');
    expect(written).toContain(printed.slice(0, printed.indexOf('\nwrote ')).trim());
    const drawn = new Map<string, number>();
    for (const m of written.matchAll(/^\s+(\w+) (?:==>|-\.->)\|"(\d+)"\| (\w+)$/gm))
      drawn.set(`${m[1]}>${m[3]}`, Number(m[2]));
    const moves = expectedMoves();
    for (const [move, count] of moves) {
      const [from, to] = move.split('>') as [string, string];
      expect(drawn.get(`${nodeId(from)}>${nodeId(to)}`), move).toBe(count);
    }
    expect(drawn.get('start>enter_details')).toBe(10);
    expect(drawn.get('passkey_loading>passkey_register_type_2')).toBe(1);
    expect(drawn.get('enter_email_code>too_many_attempts')).toBe(1);
    // The pages most journeys left from, marked.
    expect(written).toMatch(/enter_details\["[^"]*"\]:::dropoff/);
  });

  it('prints and writes no personal data: no email address, NI number or code', async () => {
    for (const text of [printed, await readFile(out, 'utf8')]) {
      expect(text).not.toMatch(/@/);
      expect(text).not.toMatch(/\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b/);
      // A 6-digit code (not a colour such as #768692 in the diagram styles).
      expect(text).not.toMatch(/(?<!#)\b\d{6}\b/);
    }
  });
});

describe('GET /analytics/funnel', () => {
  const listen = () => run.baseUrl.replace('localhost', '127.0.0.1');
  const get = (headers: Record<string, string> = {}) =>
    fetch(`${listen()}/analytics/funnel`, { headers, redirect: 'manual' });

  it('answers 401 without the token or with a wrong one', async () => {
    const none = await get();
    expect(none.status).toBe(401);
    expect(await none.text()).not.toContain('data-reached');
    expect((await get({ authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await get({ authorization: 'Basic abc' })).status).toBe(401);
  });

  it('with the token, shows the same numbers as the command, and the diagram as inline SVG', async () => {
    const res = await get({ authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const key of pages) {
      const row = new RegExp(
        `data-page="${key}"[\\s\\S]*?data-reached="(\\d+)"[\\s\\S]*?data-left="(\\d+)"`,
      ).exec(html);
      expect([Number(row?.[1]), Number(row?.[2])], key).toEqual(want(key));
    }
    for (const [method, page] of Object.entries(ADDED_PAGES)) {
      const added = new RegExp(`data-method="${method}"[\\s\\S]*?data-added="(\\d+)"`).exec(html)?.[1];
      expect(Number(added), method).toBe(SCENARIOS.filter((s) => s.pages.includes(page)).length);
    }
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('passes the accessibility check (axe) on the login form and the funnel, logging in with the form', async () => {
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1000, height: 900 } });
      const page = await context.newPage();
      const login = await page.goto(`${run.baseUrl}/analytics/funnel`);
      expect(login?.status()).toBe(401);
      const violations = await axeViolations(page);
      await page.fill('#token', 'wrong');
      await page.click('button[type=submit]');
      expect(await page.locator('.nhsuk-error-summary').textContent()).toContain(
        'The analytics token is not right',
      );
      violations.push(...(await axeViolations(page)));
      await page.fill('#token', TOKEN);
      await page.click('button[type=submit]');
      await page.waitForURL('**/analytics/funnel');
      expect(await page.locator('h1').textContent()).toBe('Journey funnel');
      violations.push(...(await axeViolations(page)));
      expect(formatViolations('analytics', violations)).toBe('');
      const cookie = (await context.cookies()).find((c) => c.name === 'aa-analytics');
      expect(cookie?.httpOnly).toBe(true);
      expect(cookie?.sameSite).toBe('Strict');
      expect((cookie?.expires ?? 0) * 1000 - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    } finally {
      await browser.close();
    }
  });
});
