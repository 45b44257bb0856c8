/**
 * nhsnet-unavailable offers "Choose a different type of authenticator": a plain link that really leads
 * to the choice (Back leads to the NHS.net Connect instructions), and the choice made there carries the
 * journey on to the other type without redoing the identity checks.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type Backends,
  type Browser,
  expectView,
  mainText,
  type Running,
  reachChooseAuthenticator,
  startBackends,
  startService,
} from './branches-support.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let backends: Backends;
let run: Running;
let browser: Browser;

beforeAll(async () => {
  backends = await startBackends();
});
afterAll(async () => {
  await backends.stop();
});
beforeEach(async () => {
  run = await startService(backends);
  browser = run.browser();
});
afterEach(async () => {
  run.provider.setDown(false);
  await run.close();
});

/** The href of the link with this text on the last page. */
function linkTo(text: string): string | undefined {
  for (const m of browser.html.matchAll(/<a[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)) {
    if (m[2]?.replace(/<[^>]+>/g, '').trim() === text) return m[1];
  }
  return undefined;
}

describe('nhsnet-unavailable: choosing a different type', () => {
  it('the link shows the choice, and choosing the authenticator app from it goes on from there', async () => {
    await reachChooseAuthenticator(run, browser);
    await browser.postTo('choose-authenticator', { method: 'nhsnet' });
    run.provider.setDown(true);
    await browser.postTo('nhsnet-instructions', { soleAccess: 'yes' });
    expectView(browser, 'nhsnet-unavailable');
    expect(mainText(browser.html)).not.toMatch(/go back/i);

    const href = linkTo('Choose a different type of authenticator');
    expect(href).toBe('/add-authenticator/choose-authenticator');
    await browser.get(href as string);
    expectView(browser, 'choose-authenticator');

    await browser.postTo('choose-authenticator', { method: 'app' });
    expectView(browser, 'app-instructions');
  });
});
