/**
 * Reading page views back from the audit stream: batches, the time window, other audit events left
 * out; and the funnel's arithmetic (reached, left, medians, moves) on views whose times are known.
 */
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFunnel, formatDuration, type PageView, readPageViews } from '../../src/analytics/funnel.js';
import { journeyGraph } from '../../src/analytics/journey-graph.js';
import { journeyMachine } from '../../src/machine/index.js';
import { createAuditLog } from '../../src/services/audit/audit-log.js';
import { type RedisProcess, startRedis } from '../../tooling/support/redis-server.js';

let server: RedisProcess;
let redis: Redis;

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url);
});
afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

describe('readPageViews', () => {
  it('reads every page view of the window in batches, and nothing else', async () => {
    let now = Date.parse('2026-01-01T10:00:00Z');
    const audit = createAuditLog({
      logger: pino({ level: 'silent' }),
      redis,
      stream: 'audit-test',
      now: () => now,
    });
    const before = Date.now();
    for (let i = 0; i < 25; i++) {
      await audit.record({ type: 'journey.page', outcome: 'info', view: 'start', journeyRef: `j${i}` });
      await audit.record({ type: 'identity.emailProven', outcome: 'success', journeyRef: `j${i}` });
      now += 1000;
    }
    await audit.record({
      type: 'journey.page',
      outcome: 'info',
      view: 'passkey-register',
      variant: 'type-2',
      journeyRef: 'j0',
    });
    const views = await readPageViews(redis, {
      since: before,
      until: Date.now(),
      stream: 'audit-test',
      batch: 10,
    });
    expect(views).toHaveLength(26);
    expect(new Set(views.map((v) => v.journeyRef)).size).toBe(25);
    expect(views.at(-1)).toMatchObject({
      view: 'passkey-register',
      variant: 'type-2',
      journeyRef: 'j0',
      at: now,
    });
    expect(await readPageViews(redis, { since: 0, until: before - 1, stream: 'audit-test' })).toEqual([]);
  });
});

describe('computeFunnel', () => {
  it('counts journeys per page, where they left, medians and moves', () => {
    const at = (s: number) => s * 1000;
    const views: PageView[] = [
      ...[0, 10, 40].map((t, i) => ({
        journeyRef: 'a',
        view: ['start', 'enter-details', 'enter-email-code'][i] as string,
        variant: null,
        at: at(t),
      })),
      ...[0, 20].map((t, i) => ({
        journeyRef: 'b',
        view: ['start', 'enter-details'][i] as string,
        variant: null,
        at: at(t),
      })),
      ...[5, 35, 100].map((t, i) => ({
        journeyRef: 'c',
        view: ['start', 'enter-details', 'enter-email-code'][i] as string,
        variant: null,
        at: at(t),
      })),
    ];
    const f = computeFunnel(views, journeyGraph(journeyMachine), new Map(), { since: 0, until: at(200) });
    const row = (key: string) => f.rows.find((r) => r.key === key);
    expect(row('start')).toMatchObject({ reached: 3, left: 0, medianMs: at(20) });
    expect(row('enter-details')).toMatchObject({ reached: 3, left: 1, medianMs: at(47.5) });
    expect(row('enter-email-code')).toMatchObject({ reached: 2, left: 2, medianMs: null });
    expect(f.moves.get('start>enter-details')).toBe(3);
    expect(f.moves.get('enter-details>enter-email-code')).toBe(2);
    expect(f.dropOffs).toEqual(['enter-email-code', 'enter-details']);
    expect(f.conversion.map((c) => [c.method, c.started, c.added])).toEqual([
      ['app', 3, 0],
      ['nhsnet', 3, 0],
      ['passkey', 3, 0],
    ]);
    expect([formatDuration(at(47.5)), formatDuration(at(125)), formatDuration(null)]).toEqual([
      '48 s',
      '2 min 5 s',
      '-',
    ]);
  });
});
