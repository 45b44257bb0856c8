/**
 * GET /metrics on the wired service (real Redis and SMTP): journeys started, steps by view,
 * authenticators added by method, errors by reason (outage, bad request, forbidden, not found, too
 * large, lost race) and the step latency histogram, all moved by real journeys.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/http/metrics.js';
import { J, raceGate, type Stack, staff, startStack } from '../../tooling/support/harness.js';

const race = raceGate();
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ journeyStore: race.wrap });
});
afterAll(async () => {
  await stack?.stop();
});

/** name{labels} → value, from the text exposition. */
async function scrape(): Promise<Map<string, number>> {
  const res = await stack.service.app.fetch(new Request('http://localhost:3000/metrics'));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  const values = new Map<string, number>();
  for (const line of (await res.text()).split('\n')) {
    const m = line.match(/^(add_authenticator_[a-z_]+(?:\{[^}]*\})?) (\S+)$/);
    if (m?.[1] && m[2]) values.set(m[1], Number(m[2]));
  }
  return values;
}

const delta = (before: Map<string, number>, after: Map<string, number>, key: string) =>
  (after.get(key) ?? 0) - (before.get(key) ?? 0);

describe('metrics', () => {
  it('count journeys, steps, added authenticators and time each form post', async () => {
    const before = await scrape();
    const b = stack.browser();
    await b.addApp(staff(1));
    const after = await scrape();
    expect(delta(before, after, 'add_authenticator_journeys_started_total')).toBe(1);
    expect(delta(before, after, 'add_authenticator_authenticators_added_total{method="app"}')).toBe(1);
    for (const view of [
      'enter-details',
      'enter-email-code',
      'choose-authenticator',
      'scan-qr',
      'app-added',
    ]) {
      expect(
        delta(before, after, `add_authenticator_steps_total{view="${view}"}`),
        view,
      ).toBeGreaterThanOrEqual(1);
    }
    expect(delta(before, after, 'add_authenticator_step_duration_seconds_count{form="enter-app-code"}')).toBe(
      1,
    );
    expect(
      after.get('add_authenticator_step_duration_seconds_bucket{le="+Inf",form="create-password"}'),
    ).toBe(1);
    expect(after.has('add_authenticator_process_resident_memory_bytes')).toBe(true);
  });

  it('count errors by reason: refused, unknown, too large, outage and a lost race', async () => {
    const before = await scrape();
    const b = stack.browser();
    await b.begin();
    await b.post(`${J}/enter-details`, { email: 'a@b.co' }, { csrf: 'forged' });
    await b.get(`${J}/enter-details`);
    await b.post(`${J}/enter-details`, { email: 'a@b.co', surprise: 'field' });
    await b.get(`${J}/no-such-page`);
    await b.post(`${J}/enter-details`, { email: 'x'.repeat(70_000), niNumber: '' });
    await b.get(`${J}/enter-details`);
    stack.smtp.setDown(true);
    await b.submitDetails(staff(2));
    stack.smtp.setDown(false);
    b.expectView('service-unavailable');
    await b.post(`${J}/service-unavailable`, {});
    b.expectView('enter-email-code');

    await b.post(`${J}/enter-email-code`, { code: await b.latestCode(staff(2).email) });
    const tab = stack.browser({ ip: b.ip });
    tab.setCookie('aa-journey', b.cookie('aa-journey') as string);
    tab.last = b.last;
    race.arm(b.journeyId());
    await Promise.all([
      b.post(`${J}/choose-authenticator`, { method: 'app' }),
      tab.post(`${J}/choose-authenticator`, { method: 'passkey' }),
    ]);

    const after = await scrape();
    const errors = (reason: string) =>
      delta(before, after, `add_authenticator_errors_total{reason="${reason}"}`);
    expect(errors('forbidden')).toBe(1);
    expect(errors('bad-request')).toBe(1);
    expect(errors('not-found')).toBe(1);
    expect(errors('payload-too-large')).toBe(1);
    expect(errors('service-unavailable')).toBe(1);
    expect(errors('conflict')).toBe(1);
  });

  it('keeps each registry to itself, without process metrics when asked', async () => {
    const one = createMetrics({ processMetrics: false });
    const two = createMetrics({ processMetrics: false });
    one.journeyStarted();
    one.errorPage(200);
    expect((await one.exposition()).body).toContain('add_authenticator_journeys_started_total 1');
    expect((await one.exposition()).body).not.toContain('add_authenticator_errors_total{');
    expect((await two.exposition()).body).toContain('add_authenticator_journeys_started_total 0');
    expect((await two.exposition()).body).not.toContain('process_resident_memory_bytes');
  });
});
