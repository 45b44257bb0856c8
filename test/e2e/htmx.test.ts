/**
 * What htmx changes in a browser with JavaScript, and what must behave as a page load does (NHS service
 * manual): after a step the title is the new page's, the focus is on its h1 (or on the error summary,
 * which lists the errors), Back and Forward show the right page, the timeout warning follows the page
 * that is shown, and the NHS.net Connect login is a full navigation.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/machine/index.js';
import {
  ALEX,
  andWait,
  chooseMethod,
  heading,
  newContext,
  openStart,
  type Page,
  proveEmail,
  stepLog,
  submit,
  submitDetails,
  viewOf,
  waitForProvider,
  waitForView,
} from '../../tooling/support/browser.js';
import { serviceAndBrowser } from '../../tooling/support/e2e-fixture.js';

const e2e = serviceAndBrowser({ resetEach: true });

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el
      ? `${el.tagName.toLowerCase()}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}`
      : '';
  });

async function openPage() {
  const context = await newContext(e2e.browser, e2e.svc, { mode: 'htmx' });
  return { context, page: await context.newPage() };
}

describe('htmx in the browser', { timeout: 120_000 }, () => {
  it('a step swaps the page in: the new title, the focus on its h1, the address of the page', async () => {
    const { context, page } = await openPage();
    await openStart(page, e2e.svc);
    await expect(submit(page, 'Start now')).resolves.toBeUndefined();
    await waitForView(page, 'enter-details');
    expect(stepLog(page)).toEqual({ swaps: 1, loads: 0 });
    expect(await page.title()).toBe('Enter your details - Add an authenticator - NHS');
    expect(await focused(page)).toBe('h1');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Enter your details');
    // The h1 keeps no tabindex once the focus moves on.
    await page.keyboard.press('Tab');
    expect(await page.locator('h1').getAttribute('tabindex')).toBeNull();
    await context.close();
  });

  it('an answer with errors: the error summary has the focus and the title starts with "Error:"', async () => {
    const { context, page } = await openPage();
    await openStart(page, e2e.svc);
    await submit(page, 'Start now');
    await submitDetails(page, { email: 'alex.morgan.nhs.net', niNumber: ALEX.niNumber });
    await waitForView(page, 'enter-details');
    expect(stepLog(page)).toEqual({ swaps: 2, loads: 0 });
    expect(await page.title()).toBe('Error: Enter your details - Add an authenticator - NHS');
    expect(await focused(page)).toBe('div.nhsuk-error-summary');
    await context.close();
  });

  it('Back and Forward show the pages the address bar names, loaded from the service', async () => {
    const { context, page } = await openPage();
    await proveEmail(page, e2e.svc);
    await chooseMethod(page, 'Authenticator app');
    await waitForView(page, 'app-instructions');
    expect(stepLog(page).loads).toBe(0);
    await page.goBack();
    await waitForView(page, 'choose-authenticator');
    await page.locator('h1', { hasText: 'What type of authenticator do you want to add?' }).waitFor();
    expect(await page.title()).toBe(
      'What type of authenticator do you want to add? - Add an authenticator - NHS',
    );
    await page.goForward();
    await waitForView(page, 'app-instructions');
    await page.locator('input[name="soleAccess"]').waitFor();
    expect(viewOf(page)).toBe('app-instructions');
    await context.close();
  });

  it('the timeout warning belongs to the page swapped in: its deadlines, its form token', async () => {
    const { context, page } = await openPage();
    await proveEmail(page, e2e.svc);
    await chooseMethod(page, 'Authenticator app');
    await waitForView(page, 'app-instructions');
    // A back link writes nothing: the page it swaps in has the journey's deadlines as they are now.
    e2e.svc.clock.advance(LIMITS.inactivityTimeoutMs - 4 * 60_000);
    try {
      const how = await andWait(page, () => page.getByRole('link', { name: 'Back', exact: true }).click());
      expect(how).toBe('swap');
      await waitForView(page, 'choose-authenticator');
      const dialog = page.getByRole('dialog', { name: 'Your session will end soon' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Continue with this journey' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(viewOf(page)).toBe('choose-authenticator');
      // Extended: past the first deadline, the journey goes on.
      e2e.svc.clock.advance(6 * 60_000);
      await andWait(page, () => page.reload());
      expect(viewOf(page)).toBe('choose-authenticator');
      expect(await heading(page)).toBe('What type of authenticator do you want to add?');
    } finally {
      e2e.svc.clock.reset();
    }
    await context.close();
  });

  it('NHS.net Connect: the step to the provider is a full navigation', async () => {
    const { context, page } = await openPage();
    await proveEmail(page, e2e.svc);
    await chooseMethod(page, 'NHS.net Connect');
    await waitForView(page, 'nhsnet-instructions');
    const swapsBefore = stepLog(page).swaps;
    await page.getByLabel('Only I have access to this NHS.net Connect account').check();
    expect(await andWait(page, () => page.getByRole('button', { name: 'Continue' }).click())).toBe('load');
    await waitForProvider(page, e2e.svc);
    expect(stepLog(page).swaps).toBe(swapsBefore);
    expect(await heading(page)).not.toBe('');
    await context.close();
  });
});
