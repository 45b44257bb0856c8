/**
 * A real browser for end-to-end tests: Debian's chromium driven by playwright-core, plus the steps a
 * person takes through the journey, the accessibility check (axe-core) and the QR code reader.
 */
import { createRequire } from 'node:module';
import jsqrModule from 'jsqr';
import { type Browser, type BrowserContext, type CDPSession, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { andWait, type BrowserMode, watchSteps } from './browser-steps.js';
import type { RunningService } from './service-process.js';

export { andWait, BROWSER_MODES, type BrowserMode, modeOf, type StepLog, stepLog } from './browser-steps.js';
export type { Browser, BrowserContext, CDPSession, Page };

// jsqr is CommonJS: its function is the module itself at run time, `default` to the type checker.
type JsQr = typeof jsqrModule.default;
const jsQR: JsQr = (jsqrModule as { default?: JsQr }).default ?? (jsqrModule as unknown as JsQr);

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const VIEWPORT = { width: 1000, height: 900 };

export interface ContextOptions {
  /** Only for the axe runs: our CSP blocks scripts that carry no nonce. */
  bypassCSP?: boolean;
  /** 'htmx' unless javaScriptEnabled is false. */
  mode?: BrowserMode;
  javaScriptEnabled?: boolean;
  /** Cookies to set on the service's origin before the first request (a Care Identity session). */
  cookies?: Record<string, string>;
}

export async function newContext(browser: Browser, svc: RunningService, opts: ContextOptions = {}) {
  const mode = opts.mode ?? (opts.javaScriptEnabled === false ? 'no-js' : 'htmx');
  const context = await browser.newContext({
    viewport: VIEWPORT,
    bypassCSP: opts.bypassCSP ?? false,
    javaScriptEnabled: mode === 'htmx',
    reducedMotion: 'reduce',
  });
  await watchSteps(context, mode);
  context.setDefaultTimeout(15_000);
  const cookies = Object.entries(opts.cookies ?? {});
  if (cookies.length)
    await context.addCookies(cookies.map(([name, value]) => ({ name, value, url: svc.url })));
  return context;
}

export const JOURNEY = '/add-authenticator';

/** The view id of the page the browser is on (the last part of the path). */
export function viewOf(page: Page): string {
  return new URL(page.url()).pathname.replace(`${JOURNEY}/`, '');
}

/** Waits until the browser shows `view`, however it got there: a page load, or an htmx swap that pushed
 *  the address (page.url() follows both; waitForURL would wait for a load a swap never fires). */
export async function waitForView(page: Page, view: string): Promise<void> {
  const path = `${JOURNEY}/${view}`;
  const deadline = Date.now() + 15_000;
  while (new URL(page.url()).pathname !== path) {
    if (Date.now() > deadline) throw new Error(`waited 15 s for ${path}; the browser is at ${page.url()}`);
    await page.waitForTimeout(25);
  }
  await page.waitForLoadState('load');
}

export async function heading(page: Page): Promise<string> {
  return ((await page.locator('h1').first().textContent()) ?? '').trim();
}

/** The messages in the NHS error summary, in order. */
export async function errorSummary(page: Page): Promise<string[]> {
  const items = await page.locator('.nhsuk-error-summary__list li').allTextContents();
  return items.map((t) => t.trim());
}

/** The inline error of an input, without the hidden "Error:" prefix. */
export async function inlineError(page: Page, inputId: string): Promise<string> {
  const text = (await page.locator(`#${inputId}-error`).textContent()) ?? '';
  return text.replace(/^\s*Error:\s*/, '').trim();
}

// ---------- the journey, as a person does it ----------

export const ALEX = { email: 'alex.morgan@nhs.net', niNumber: 'AB 12 34 56 C' } as const;
export const ALEX_NHSNET = { email: 'alex.morgan@nhs.net', password: 'Correct-Horse-42' } as const;
export const GOOD_PASSWORD = 'violet tractor umbrella 42';

export async function openStart(page: Page, svc: RunningService): Promise<void> {
  await page.goto(`${svc.url}${JOURNEY}/start`);
  await waitForView(page, 'start');
}

export async function clickButton(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name, exact: true }).click();
}

/** Selects a button that submits its form and waits for the next page (which may be the same view). */
export async function submit(page: Page, name: string): Promise<void> {
  await andWait(page, () => clickButton(page, name));
}

/** The word of the development image recognition test (the SVG's <text>). */
export async function captchaWord(page: Page): Promise<string> {
  return ((await page.locator('.app-captcha-image svg text').textContent()) ?? '').trim();
}

export async function submitDetails(
  page: Page,
  details: { email: string; niNumber: string; captcha?: 'right' | 'wrong' | 'empty' },
): Promise<void> {
  await page.getByLabel('Email address').fill(details.email);
  await page.getByLabel('National Insurance number').fill(details.niNumber);
  const word = await captchaWord(page);
  const answer = { right: word, wrong: `${word}x`, empty: '' }[details.captcha ?? 'right'];
  await page.getByLabel('Characters in the image').fill(answer);
  await submit(page, 'Continue');
}

export async function submitEmailCode(page: Page, code: string): Promise<void> {
  await page.getByLabel('Enter the code').fill(code);
  await submit(page, 'Continue');
}

/** Start page → details → the emailed code → choose-authenticator. */
export async function proveEmail(
  page: Page,
  svc: RunningService,
  who: { email: string; niNumber: string } = ALEX,
): Promise<void> {
  await openStart(page, svc);
  await submit(page, 'Start now');
  await waitForView(page, 'enter-details');
  const seen = svc.emailCodeCount(who.email);
  await submitDetails(page, who);
  await waitForView(page, 'enter-email-code');
  await submitEmailCode(page, await svc.waitForEmailCode(who.email, seen));
  await waitForView(page, 'choose-authenticator');
}

export async function chooseMethod(page: Page, label: 'Authenticator app' | 'NHS.net Connect' | 'Passkey') {
  await page.getByLabel(label, { exact: true }).check();
  await submit(page, 'Continue');
}

export async function confirmSoleAccess(page: Page, label: RegExp | string): Promise<void> {
  await page.getByLabel(label).check();
  await submit(page, 'Continue');
}

// ---------- NHS.net Connect ----------

/** Waits until the browser is on the embedded provider's login page. */
export async function waitForProvider(page: Page, svc: RunningService): Promise<void> {
  const issuer = svc.service.nhsnetProvider?.issuer ?? 'no embedded provider';
  await page.waitForURL((url) => url.href.startsWith(`${issuer}/interaction/`));
  await page.locator('form[data-form="login"]').waitFor();
}

/** Logs in on the provider's page (it may still say NHSmail). */
export async function logInAtProvider(page: Page, account: { email: string; password: string }) {
  await page.getByLabel('Email address').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await submit(page, 'Log in');
}

/** The `state` of the authorization request the next navigation sends the browser with. */
export function nextAuthorizationState(page: Page, svc: RunningService): Promise<string> {
  const issuer = svc.service.nhsnetProvider?.issuer ?? 'no embedded provider';
  return page
    .waitForRequest((req) => req.url().startsWith(`${issuer}/auth?`))
    .then((req) => new URL(req.url()).searchParams.get('state') ?? '');
}

// ---------- passkeys ----------

export type AuthenticatorTransport = 'usb' | 'hybrid' | 'internal';

/** Chromium's virtual authenticator (CDP WebAuthn domain); call cdp.send('WebAuthn.enable') first. */
export async function addVirtualAuthenticator(cdp: CDPSession, transport: AuthenticatorTransport) {
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: transport as 'usb',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return authenticatorId;
}

export async function webAuthnSession(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  return cdp;
}

/** Changes the challenge inside the next passkey response the page posts (after the ceremony), so the
 *  service cannot verify it: a passkey that fails verification. */
export async function tamperNextPasskeyResponse(page: Page): Promise<void> {
  await page.route(
    `**${JOURNEY}/passkey-register`,
    async (route) => {
      const request = route.request();
      if (request.method() !== 'POST') return route.continue();
      const form = new URLSearchParams(request.postData() ?? '');
      const response = JSON.parse(form.get('response') ?? '{}');
      const clientData = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString());
      clientData.challenge = Buffer.from('not the challenge the service sent').toString('base64url');
      response.response.clientDataJSON = Buffer.from(JSON.stringify(clientData)).toString('base64url');
      form.set('response', JSON.stringify(response));
      return route.continue({ postData: form.toString() });
    },
    { times: 1 },
  );
}

/** Runs in the page before its own scripts: Windows in the client hints and navigator.platform. Text, not
 *  a function, so no transpiler helper can leak into it. */
const WINDOWS_SCRIPT = `(() => {
  const data = { platform: 'Windows', mobile: false, brands: [] };
  Object.defineProperty(Navigator.prototype, 'userAgentData', { get() { return data; }, configurable: true });
  Object.defineProperty(Navigator.prototype, 'platform', { get() { return 'Win32'; }, configurable: true });
})();`;

/** Makes the pages of a context (or one page, from its next document) say they run on Windows. */
export async function pretendWindows(target: BrowserContext | Page): Promise<void> {
  await target.addInitScript({ content: WINDOWS_SCRIPT });
}

// ---------- QR code ----------

/** Screenshots the QR code's SVG and decodes it; returns the text (the otpauth URI). */
export async function readQrCode(page: Page): Promise<string> {
  const svg = page.locator('.app-qr-code svg');
  const png = PNG.sync.read(await svg.screenshot({ animations: 'disabled' }));
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!found) throw new Error('no QR code could be read from the page');
  return found.data;
}

// ---------- accessibility ----------

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

/** Runs axe-core on the page (the context must bypass CSP to inject it) and returns the violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // The layout's first script marks the body: without it, scripts are off in this page.
  const scriptsRun = await page.evaluate(() => document.body.classList.contains('js-enabled'));
  if (scriptsRun) return runAxe(page);
  return axeViolationsWithoutScripts(page);
}

/** Checks the document as it is shown without scripts (noscript content, no scripts) in a page where axe can run. */
async function axeViolationsWithoutScripts(page: Page): Promise<AxeViolation[]> {
  const html = (await page.content())
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
    .replace(/<(\/?)noscript>/g, '<$1div>');
  const browser = page.context().browser();
  if (!browser) throw new Error('the page has no browser');
  const context = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true });
  try {
    const copy = await context.newPage();
    const url = page.url();
    await copy.route(url, (route) => route.fulfill({ contentType: 'text/html', body: html }));
    await copy.goto(url);
    return await runAxe(copy);
  } finally {
    await context.close();
  }
}

async function runAxe(page: Page): Promise<AxeViolation[]> {
  // The page at rest: after an htmx swap the pointer may rest over a link of the new page, and a hovered
  // link's style is not how the page looks.
  await page.mouse.move(0, 0);
  await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<unknown> } }).axe;
    const result = (await axe.run(document, { runOnly: { type: 'tag', values: tags } })) as {
      violations: AxeViolation[];
    };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  }, AXE_TAGS);
}

export function formatViolations(label: string, violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${label}: ${v.id} (${v.impact}) ${v.help}\n${v.nodes
          .map((n) => `    ${n.target.join(' ')}  ${n.html.slice(0, 160)}\n      ${n.failureSummary ?? ''}`)
          .join('\n')}`,
    )
    .join('\n');
}
