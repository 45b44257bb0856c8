/**
 * The NHS.net Connect journey in a real browser, with htmx and without JavaScript: off to the embedded OpenID Connect provider's login
 * page, back through the callback; cancelling there; and the provider saying it is unavailable.
 */
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_SUBJECT } from '../../src/services/mail/notifier.js';
import {
  ALEX,
  ALEX_NHSNET,
  BROWSER_MODES,
  chooseMethod,
  confirmSoleAccess,
  errorSummary,
  heading,
  JOURNEY,
  logInAtProvider,
  newContext,
  nextAuthorizationState,
  type Page,
  proveEmail,
  submit,
  waitForProvider,
  waitForView,
} from '../../tooling/support/browser.js';
import { serviceAndBrowser } from '../../tooling/support/e2e-fixture.js';

const e2e = serviceAndBrowser({ resetEach: true });

const SOLE_ACCESS = 'Only I have access to this NHS.net Connect account';

/** Up to the provider's login page; returns the state of the authorization request. */
async function toProvider(page: Page): Promise<string> {
  await proveEmail(page, e2e.svc);
  await chooseMethod(page, 'NHS.net Connect');
  await waitForView(page, 'nhsnet-instructions');
  const state = nextAuthorizationState(page, e2e.svc);
  await confirmSoleAccess(page, SOLE_ACCESS);
  await waitForProvider(page, e2e.svc);
  expect(await heading(page)).toBe('Log in to NHSmail');
  return state;
}

describe.each(BROWSER_MODES)('NHS.net Connect journey (browser, %s)', { timeout: 120_000 }, (mode) => {
  it('NHS.net Connect: log in at the provider, come back, account added', async () => {
    const context = await newContext(e2e.browser, e2e.svc, { mode });
    const page = await context.newPage();
    await toProvider(page);
    await logInAtProvider(page, ALEX_NHSNET);
    await waitForView(page, 'nhsnet-added');
    expect(await heading(page)).toBe('NHS.net Connect account added');
    const notice = await e2e.svc.smtp.waitFor((m) => m.subject === NOTIFICATION_SUBJECT);
    expect(notice.to).toContain(ALEX.email);

    // Adding another: NHS.net Connect is now shown as already added and cannot be chosen.
    await submit(page, 'Add another authenticator');
    await waitForView(page, 'choose-authenticator');
    await expect(page.locator('input[name="method"][value="nhsnet"]').isDisabled()).resolves.toBe(true);
    await expect(
      page.getByText('Already added to your Care Identity profile: NHS.net Connect').isVisible(),
    ).resolves.toBe(true);
    await context.close();
  });

  it('NHS.net Connect: cancel at the provider, back on the instructions with an error, then log in', async () => {
    const context = await newContext(e2e.browser, e2e.svc, { mode });
    const page = await context.newPage();
    await toProvider(page);
    await submit(page, 'Cancel');
    await waitForView(page, 'nhsnet-instructions');
    expect(await errorSummary(page)).toEqual([
      'You cancelled logging in to NHS.net Connect. Confirm and continue to try again',
    ]);
    expect(await page.title()).toMatch(/^Error: /);
    await confirmSoleAccess(page, SOLE_ACCESS);
    await waitForProvider(page, e2e.svc);
    await logInAtProvider(page, ALEX_NHSNET);
    await waitForView(page, 'nhsnet-added');
    await context.close();
  });

  it('NHS.net Connect: provider answers "temporarily unavailable", try again, account added', async () => {
    const context = await newContext(e2e.browser, e2e.svc, { mode });
    const page = await context.newPage();
    const state = await toProvider(page);
    expect(state.length).toBeGreaterThan(20);
    await page.goto(
      `${e2e.svc.url}${JOURNEY}/nhsnet-callback?${new URLSearchParams({ error: 'temporarily_unavailable', state })}`,
    );
    await waitForView(page, 'nhsnet-unavailable');
    await submit(page, 'Try again');
    await waitForProvider(page, e2e.svc);
    await logInAtProvider(page, ALEX_NHSNET);
    await waitForView(page, 'nhsnet-added');
    await context.close();
  });
});
