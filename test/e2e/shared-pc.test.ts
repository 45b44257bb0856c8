/**
 * Shared PCs in a real browser (SPEC.md, 8): person A adds an authenticator app and selects "Finish", or
 * leaves the confirmation page alone for 5 minutes; person B then uses the same browser. B gets a fresh
 * start and can never reach A's journey: not by Back, not by A's addresses from history or a bookmark,
 * not by replaying A's "Add another authenticator" form, not even with A's old journey cookie.
 */
import { URI } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/machine/index.js';
import {
  andWait,
  type BrowserContext,
  chooseMethod,
  confirmSoleAccess,
  GOOD_PASSWORD,
  heading,
  JOURNEY,
  newContext,
  type Page,
  proveEmail,
  readQrCode,
  submit,
  viewOf,
  waitForView,
} from '../../tooling/support/browser.js';
import { serviceAndBrowser } from '../../tooling/support/e2e-fixture.js';

const e2e = serviceAndBrowser({ resetEach: true });

const START_HEADING = 'Add an authenticator to your Care Identity profile';
const JOURNEY_COOKIE = 'aa-journey';

/** What person A leaves behind on app-added: the "Add another" form's token and the journey cookie. */
interface Left {
  addAnotherToken: string;
  cookie: { name: string; value: string };
}

/** Person A: details, the emailed code, an authenticator app; stops on app-added. */
async function personAAddsAnApp(page: Page): Promise<Left> {
  await proveEmail(page, e2e.svc);
  await chooseMethod(page, 'Authenticator app');
  await confirmSoleAccess(page, 'Only I have access to this authenticator app');
  await waitForView(page, 'create-password');
  await page.getByLabel('Password', { exact: true }).fill(GOOD_PASSWORD);
  await page.getByLabel('Confirm password').fill(GOOD_PASSWORD);
  await submit(page, 'Continue');
  await waitForView(page, 'scan-qr');
  const totp = URI.parse(await readQrCode(page));
  await submit(page, 'Next');
  await waitForView(page, 'enter-app-code');
  await page.getByRole('textbox').fill(totp.generate({ timestamp: e2e.svc.clock.now() }));
  await submit(page, 'Submit');
  await waitForView(page, 'app-added');
  expect(await heading(page)).toBe('Authenticator app added');
  await expect(page.getByRole('button', { name: 'Finish' }).isVisible()).resolves.toBe(true);

  const addAnotherToken = await page
    .locator(`form[action="${JOURNEY}/app-added/add-another"] input[name="_csrf"]`)
    .inputValue();
  expect(addAnotherToken.length).toBeGreaterThan(10);
  const cookie = (await page.context().cookies()).find((c) => c.name === JOURNEY_COOKIE);
  if (!cookie) throw new Error('no journey cookie on app-added');
  return { addAnotherToken, cookie: { name: cookie.name, value: cookie.value } };
}

async function storedJourneys(): Promise<string[]> {
  return e2e.svc.redisClient.keys('aa:journey:*');
}

async function journeyCookie(context: BrowserContext) {
  return (await context.cookies()).find((c) => c.name === JOURNEY_COOKIE);
}

/** The pages B may see: a start, an ended journey, or a refusal. Nothing of A's journey (a page after
 *  the email code, what A added, A's email address). */
const PAGES_WITHOUT_A = [
  START_HEADING,
  'You have finished',
  'Your session has ended',
  'Sorry, we could not accept that request',
];

async function expectNothingOfA(page: Page, where: string) {
  expect(PAGES_WITHOUT_A, `${where}: on ${viewOf(page)}`).toContain(await heading(page));
  const text = (await page.locator('main').textContent()) ?? '';
  expect(text, where).not.toContain('alex.morgan');
  expect(text, where).not.toContain('Authenticator app added');
}

/** Person B at the same browser: a fresh start, and every way back to A's journey fails. */
async function personBCannotReachA(page: Page, left: Left) {
  const context = page.context();

  // B opens the service: the start page, not A's confirmation.
  await page.goto(`${e2e.svc.url}${JOURNEY}/start`);
  await waitForView(page, 'start');
  expect(await heading(page)).toBe(START_HEADING);
  expect(await journeyCookie(context)).toBeUndefined();

  // Back through the history A left behind.
  for (let i = 0; i < 3; i++) {
    await andWait(page, () => page.goBack());
    await expectNothingOfA(page, `back ${i + 1}`);
  }

  // A's addresses, as from the history list or a bookmark.
  for (const view of ['app-added', 'choose-authenticator', 'enter-app-code', 'enter-email-code']) {
    await page.goto(`${e2e.svc.url}${JOURNEY}/${view}`);
    expect(viewOf(page), `bookmark of ${view}`).toBe('start');
    await expectNothingOfA(page, `bookmark of ${view}`);
  }

  // A's "Add another authenticator" form, submitted again from this browser with A's token.
  await page.goto(`${e2e.svc.url}${JOURNEY}/start`);
  await waitForView(page, 'start');
  await replayAddAnother(page, left.addAnotherToken);
  await expectNothingOfA(page, 'replayed form, no journey');

  // The same with B's own journey started: A's token is not B's, and B's journey stays B's.
  await page.goto(`${e2e.svc.url}${JOURNEY}/start`);
  await submit(page, 'Start now');
  await waitForView(page, 'enter-details');
  await expect(page.getByLabel('Email address').inputValue()).resolves.toBe('');
  const answer = await page.request.post(`${e2e.svc.url}${JOURNEY}/app-added/add-another`, {
    form: { _csrf: left.addAnotherToken },
    headers: { origin: e2e.svc.url },
  });
  expect([200, 403]).toContain(answer.status());
  const landed = new URL(answer.url()).pathname;
  expect(landed, 'replayed form in B’s journey').not.toBe(`${JOURNEY}/choose-authenticator`);
  if (answer.status() === 200) expect(landed).toBe(`${JOURNEY}/enter-details`);
  await page.reload();
  await waitForView(page, 'enter-details');

  // Even A's old journey cookie, put back, opens nothing: the journey was deleted on the server.
  await context.clearCookies({ name: JOURNEY_COOKIE });
  await context.addCookies([{ ...left.cookie, url: e2e.svc.url }]);
  await page.goto(`${e2e.svc.url}${JOURNEY}/choose-authenticator`);
  await expectNothingOfA(page, 'A’s cookie put back');
  expect(await heading(page)).toBe('Your session has ended');
  const withCookie = await page.request.post(`${e2e.svc.url}${JOURNEY}/app-added/add-another`, {
    form: { _csrf: left.addAnotherToken },
    headers: { origin: e2e.svc.url },
  });
  expect(new URL(withCookie.url()).pathname).not.toBe(`${JOURNEY}/choose-authenticator`);
  expect(await withCookie.text()).not.toContain('What type of authenticator do you want to add?');
}

/** Submits a copy of A's form from the page, as the browser would (its own Origin and cookies). */
async function replayAddAnother(page: Page, token: string) {
  await andWait(page, () =>
    page.evaluate(
      ({ action, csrf }) => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = action;
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = '_csrf';
        input.value = csrf;
        form.append(input);
        document.body.append(form);
        form.submit();
      },
      { action: `${JOURNEY}/app-added/add-another`, csrf: token },
    ),
  );
  const view = viewOf(page);
  const status = await page.evaluate(() => document.title);
  // A refusal (403, "Sorry, we could not accept that request") or the start page.
  if (view !== 'start') expect(status).toMatch(/could not accept that request/);
}

describe('shared PC (browser)', { timeout: 180_000 }, () => {
  it('shared PC: A finishes; B gets a fresh start and cannot reach A by back, history, bookmark or replay', async () => {
    const context = await newContext(e2e.browser, e2e.svc);
    const page = await context.newPage();
    const left = await personAAddsAnApp(page);
    expect(await storedJourneys()).toHaveLength(1);

    await submit(page, 'Finish');
    await waitForView(page, 'finished');
    expect(await heading(page)).toBe('You have finished');
    await expect(page.getByText('You can now close this browser').isVisible()).resolves.toBe(true);
    // Ended on the server (deleted, not just forgotten by the browser) and the cookie cleared.
    expect(await storedJourneys()).toEqual([]);
    expect(await journeyCookie(context)).toBeUndefined();

    await personBCannotReachA(page, left);
    await context.close();
  });

  it('shared PC: A leaves the confirmation page for 5 minutes; the journey ends as if A had finished', async () => {
    const context = await newContext(e2e.browser, e2e.svc);
    const page = await context.newPage();
    const left = await personAAddsAnApp(page);

    // Just under the limit the page is still A's.
    e2e.svc.clock.advance(LIMITS.idleAfterAddedMs - 30_000);
    await page.reload();
    await waitForView(page, 'app-added');

    // Past it, the journey has ended by itself.
    e2e.svc.clock.advance(LIMITS.idleAfterAddedMs + 1000);
    await personBCannotReachA(page, left);
    expect(await storedJourneys()).toHaveLength(1); // B's own journey, started in personBCannotReachA
    await context.close();
  });

  it('shared PC: after the 5 idle minutes, A’s own tab shows the finished page, not the confirmation', async () => {
    const context = await newContext(e2e.browser, e2e.svc);
    const page = await context.newPage();
    await personAAddsAnApp(page);
    e2e.svc.clock.advance(LIMITS.idleAfterAddedMs + 1000);
    await page.reload();
    await waitForView(page, 'finished');
    expect(await heading(page)).toBe('You have finished');
    expect(await storedJourneys()).toEqual([]);
    expect(await journeyCookie(context)).toBeUndefined();
    await context.close();
  });
});
