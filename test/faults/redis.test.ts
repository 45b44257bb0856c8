/**
 * Redis faults on a real redis-server: a crash and restart with AOF on keeps the journey where it
 * was; while Redis is unreachable every page is a 503 service-unavailable page with nothing lost,
 * no crash and no unhandled rejection, and the journey resumes once Redis is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appCode, eventually, J, type Stack, staff, startStack } from '../../tooling/support/harness.js';

const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

let stack: Stack;

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  stack = await startStack({ appendOnly: true });
});

afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await stack?.stop();
});

async function ready() {
  const res = await stack.service.app.fetch(new Request('http://localhost:3000/readyz'));
  if (res.status !== 200) throw new Error(`not ready: ${res.status}`);
}

describe('Redis faults', () => {
  it('a Redis crash and restart with AOF on: the journey continues where it was', async () => {
    const who = staff(1);
    const b = stack.browser();
    await b.begin();
    await b.proveEmail(who);
    await b.post(`${J}/choose-authenticator`, { method: 'app' });
    await b.post(`${J}/app-instructions`, { soleAccess: 'yes' });
    b.expectView('create-password');
    const before = await stack.storedJourney(b);

    await stack.redis.kill();
    await stack.redis.restart();
    await eventually(ready);

    expect(await stack.storedJourney(b)).toEqual(before);
    await b.get(`${J}/create-password`);
    b.expectView('create-password');
    const key = await b.setUpAppFromPassword();
    await b.post(`${J}/enter-app-code`, { code: appCode(key) });
    b.expectView('app-added');
    const profile = await stack.directory.get(who.id);
    expect(profile?.authenticators.map((a) => a.type)).toEqual(['app']);
  });

  it('Redis unreachable: 503 service-unavailable pages, no crash, then recovery with nothing lost', async () => {
    const who = staff(2);
    const b = stack.browser();
    await b.begin();
    await b.proveEmail(who);
    const before = await stack.storedJourney(b);

    await stack.redis.kill();
    const page = await b.get(`${J}/choose-authenticator`);
    expect(page.status).toBe(503);
    expect(page.html).toContain('Sorry, there is a problem with the service');
    const post = await b.post(`${J}/choose-authenticator`, { method: 'app' });
    expect(post.status).toBe(503);
    // "Try again" while Redis is still down: the same page, not an error of its own.
    const retry = await b.post(`${J}/service-unavailable`, {});
    expect(retry.status).toBe(503);
    const fresh = stack.browser();
    // Viewing the start page needs nothing stored (it writes nothing); "Start now" needs the store.
    expect((await fresh.get(`${J}/start`)).status).toBe(200);
    expect((await fresh.post(`${J}/start`, {})).status).toBe(503);
    const readiness = await stack.service.app.fetch(new Request('http://localhost:3000/readyz'));
    expect(readiness.status).toBe(503);
    const health = await stack.service.app.fetch(new Request('http://localhost:3000/healthz'));
    expect(health.status).toBe(200);

    await stack.redis.restart();
    await eventually(ready);
    expect(await stack.storedJourney(b)).toEqual(before);
    // "Try again" once Redis is back: to the step the journey was on.
    const again = await b.post(`${J}/service-unavailable`, {});
    expect(again.status).toBe(200);
    b.expectView('choose-authenticator');
    await b.post(`${J}/choose-authenticator`, { method: 'app' });
    b.expectView('app-instructions');
    expect(rejections).toEqual([]);
  });
});
