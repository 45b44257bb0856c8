/**
 * Both sets of passkey instructions in a real browser, with the "My screen looks different" switch
 * (SPEC.md, 7 and 10). Type 2 (Windows with Windows Hello): select "Change", then "iPhone, iPad or Android
 * device"; the request leaves the attachment open with no hint, so Windows shows its own window. Type 1:
 * straight to "iPhone, iPad or Android device"; a cross-platform request with the hybrid hint. The switch
 * shows the other steps with the options that go with them, and the passkey is then created. A Windows
 * Hello credential made when detection said "no Windows Hello" moves the person to the type 2 steps.
 */
import { describe, expect, it } from 'vitest';
import {
  addVirtualAuthenticator,
  andWait,
  type CDPSession,
  chooseMethod,
  clickButton,
  heading,
  JOURNEY,
  newContext,
  type Page,
  pretendWindows,
  proveEmail,
  submit,
  waitForView,
  webAuthnSession,
} from '../../tooling/support/browser.js';
import { serviceAndBrowser } from '../../tooling/support/e2e-fixture.js';

const e2e = serviceAndBrowser({ resetEach: true });

const TYPE_2_INTRO = 'This computer uses Windows Hello';
const TYPE_2_CHANGE = 'select "Change" next to "This will be saved to your Windows device"';
const TYPE_1_INTRO = 'Your passkey will be saved on your phone or tablet';
const TYPE_1_STEP = 'When a window opens, select "iPhone, iPad or Android device".';

interface SelectionOptions {
  authenticatorSelection?: { authenticatorAttachment?: string; userVerification?: string };
  hints?: string[];
}

async function options(page: Page): Promise<SelectionOptions> {
  return JSON.parse((await page.locator('#passkey-options').textContent()) ?? '{}') as SelectionOptions;
}

const shown = (page: Page, text: string) => page.getByText(text, { exact: false }).count();

async function expectType2(page: Page) {
  await expect(shown(page, TYPE_2_INTRO)).resolves.toBe(1);
  await expect(shown(page, TYPE_2_CHANGE)).resolves.toBe(1);
  await expect(shown(page, TYPE_1_INTRO)).resolves.toBe(0);
  const o = await options(page);
  expect(o.authenticatorSelection?.authenticatorAttachment).toBeUndefined();
  expect(o.hints ?? []).toEqual([]);
  expect(o.authenticatorSelection?.userVerification).toBe('required');
}

async function expectType1(page: Page) {
  await expect(shown(page, TYPE_1_INTRO)).resolves.toBe(1);
  await expect(shown(page, TYPE_1_STEP)).resolves.toBe(1);
  await expect(shown(page, '"Change"')).resolves.toBe(0);
  await expect(shown(page, 'Windows Hello')).resolves.toBe(0);
  const o = await options(page);
  expect(o.authenticatorSelection?.authenticatorAttachment).toBe('cross-platform');
  expect(o.hints).toEqual(['hybrid']);
  expect(o.authenticatorSelection?.userVerification).toBe('required');
}

/** Opens "My screen looks different" and selects "Show the other steps". */
async function switchSteps(page: Page) {
  const details = page.locator('details', { hasText: 'My screen looks different' });
  const button = details.getByRole('button', { name: 'Show the other steps' });
  await expect(button.isVisible()).resolves.toBe(false);
  await details.locator('summary').click();
  await expect(button.isVisible()).resolves.toBe(true);
  await andWait(page, () => button.click());
  await waitForView(page, 'passkey-register');
}

async function setUp(opts: { windows: boolean; windowsHello: boolean }) {
  const context = await newContext(e2e.browser, e2e.svc);
  if (opts.windows) await pretendWindows(context);
  const page = await context.newPage();
  const cdp = await webAuthnSession(page);
  if (opts.windowsHello) await addVirtualAuthenticator(cdp, 'internal');
  const phone = await addVirtualAuthenticator(cdp, 'usb');
  await proveEmail(page, e2e.svc);
  await chooseMethod(page, 'Passkey');
  await waitForView(page, 'passkey-register');
  expect(await heading(page)).toBe('Create a passkey on your phone or tablet');
  return { context, page, cdp, phone };
}

const credentials = async (cdp: CDPSession, authenticatorId: string) =>
  (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;

describe('passkey instructions (browser)', { timeout: 120_000 }, () => {
  it('type 2 (Windows Hello present): "Change" steps, switched to type 1, passkey created on the phone', async () => {
    const { context, page, cdp, phone } = await setUp({ windows: true, windowsHello: true });
    await expectType2(page);
    await switchSteps(page);
    await expectType1(page);
    await clickButton(page, 'Create a passkey');
    await waitForView(page, 'passkey-added');
    expect(await heading(page)).toBe('Passkey added');
    expect(await credentials(cdp, phone)).toHaveLength(1);
    await context.close();
  });

  it('type 1 (no Windows Hello): phone steps, switched to type 2 and back, passkey created', async () => {
    const { context, page, cdp, phone } = await setUp({ windows: false, windowsHello: false });
    await expectType1(page);
    await switchSteps(page);
    await expectType2(page);
    await switchSteps(page);
    await expectType1(page);
    await switchSteps(page);
    await expectType2(page);
    await clickButton(page, 'Create a passkey');
    await waitForView(page, 'passkey-added');
    expect(await credentials(cdp, phone)).toHaveLength(1);
    await context.close();
  });

  it('detection said no Windows Hello, but Windows Hello made the passkey: explained, then the type 2 steps', async () => {
    const { context, page, cdp, phone } = await setUp({ windows: true, windowsHello: false });
    await expectType1(page);
    // Windows Hello turns up after the check (it was set up meanwhile) and Windows offers it whatever
    // the page asked for: the options of this page allow it.
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: phone });
    const hello = await addVirtualAuthenticator(cdp, 'internal');
    const register = `**${JOURNEY}/passkey-register`;
    await page.route(register, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace('"cross-platform"', '"platform"');
      await route.fulfill({ response, body });
    });
    await andWait(page, () => page.reload());
    await page.unroute(register);
    await clickButton(page, 'Create a passkey');
    await waitForView(page, 'passkey-windows-hello');
    expect(await heading(page)).toBe('Use your phone or tablet to create a passkey');
    expect(await credentials(cdp, hello)).toHaveLength(1);

    await submit(page, 'Use your phone or tablet instead');
    await waitForView(page, 'passkey-register');
    await expectType2(page);
    const newPhone = await addVirtualAuthenticator(cdp, 'usb');
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: hello });
    await clickButton(page, 'Create a passkey');
    await waitForView(page, 'passkey-added');
    expect(await credentials(cdp, newPhone)).toHaveLength(1);
    await context.close();
  });
});
