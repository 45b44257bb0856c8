/**
 * Real journeys through the running service for the funnel tests: finished by each method, abandoned
 * on three pages, one that ends on too many attempts. Each scenario lists the pages a person sees, and
 * the driver checks the service shows exactly those; the expected funnel is counted from these lists
 * (what was driven), never from the funnel code.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  AuthenticatorEmulator,
  PasskeysCredentialsMemoryRepository,
  type PublicKeyCredentialCreationOptionsJSON,
  WebAuthnEmulator,
} from 'nid-webauthn-emulator';
import { Secret, TOTP } from 'otpauth';
import { EMAIL_CODE_SUBJECT } from '../../src/services/email-code/email-code-service.js';
import { loginAtProvider } from '../../tooling/support/nhsnet.js';
import {
  ALEX,
  type Browser,
  callbackPath,
  expectView,
  mailAfter,
  type Person,
  type Running,
  reachNhsnetProvider,
  reachPasskeyRegister,
  reachScanQr,
  SAM,
  solveDevCaptcha,
  url,
} from './branches-support.js';

const PRIYA = { id: 'demo-0002', email: 'priya.shah@nhs.net', niNumber: 'CE654321A' };
/** Suspended: the details match and a code is sent, so wrong codes can be entered. */
const CASEY = { id: 'demo-0004', email: 'casey.brooks@nhs.net', niNumber: 'JM987654B' };
const ALEX_MAILBOX = { email: 'alex.morgan@nhs.net', password: 'Correct-Horse-42' };

const FIRST_HALF = ['start', 'enter-details', 'enter-email-code', 'choose-authenticator'];
const APP = ['app-instructions', 'create-password', 'scan-qr'];

export interface Scenario {
  name: string;
  /** The pages the person sees, in order (page keys: view, or view~variant). */
  pages: string[];
  drive(run: Running, browser: Browser): Promise<void>;
}

async function details(run: Running, browser: Browser, who: Person): Promise<string> {
  await browser.get(url('start'));
  expectView(browser, 'start');
  await browser.postTo('start');
  expectView(browser, 'enter-details');
  const since = run.smtp.messages.length;
  await browser.postTo('enter-details', {
    email: who.email,
    niNumber: who.niNumber,
    ...solveDevCaptcha(browser.html),
  });
  expectView(browser, 'enter-email-code');
  const mail = await mailAfter(
    run.smtp,
    since,
    (m) => m.to.includes(who.email) && m.subject === EMAIL_CODE_SUBJECT,
  );
  return /\b(\d{6})\b/.exec(mail.text)?.[1] as string;
}

async function chooseAuthenticator(run: Running, browser: Browser, who: Person) {
  await browser.postTo('enter-email-code', { code: await details(run, browser, who) });
  expectView(browser, 'choose-authenticator');
}

async function addApp(run: Running, browser: Browser, who: Person) {
  await chooseAuthenticator(run, browser, who);
  const { key } = await reachScanQr(browser);
  await browser.postTo('scan-qr');
  expectView(browser, 'enter-app-code');
  const totp = new TOTP({ secret: Secret.fromBase32(key), algorithm: 'SHA1', digits: 6, period: 30 });
  await browser.postTo('enter-app-code', { code: totp.generate() });
  expectView(browser, 'app-added');
}

async function addPasskey(run: Running, browser: Browser, who: Person, platform: Record<string, string>) {
  await chooseAuthenticator(run, browser, who);
  const options = await reachPasskeyRegister(browser, platform);
  const phone = new WebAuthnEmulator(
    new AuthenticatorEmulator({
      credentialsRepository: new PasskeysCredentialsMemoryRepository(),
      transports: ['hybrid', 'internal'],
      userMakeCredentialInteraction: () => ({ options: { uv: true, up: true } }),
    }),
  );
  const response = phone.createJSON(
    browser.origin,
    options as unknown as PublicKeyCredentialCreationOptionsJSON,
  );
  await browser.postTo('passkey-register', { response: JSON.stringify(response) });
  expectView(browser, 'passkey-added');
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'app, finished',
    pages: [...FIRST_HALF, ...APP, 'enter-app-code', 'app-added'],
    drive: (r, b) => addApp(r, b, ALEX),
  },
  {
    name: 'app, finished again',
    pages: [...FIRST_HALF, ...APP, 'enter-app-code', 'app-added'],
    drive: (r, b) => addApp(r, b, ALEX),
  },
  {
    name: 'NHS.net Connect, finished',
    pages: [...FIRST_HALF, 'nhsnet-instructions', 'nhsnet-redirect', 'nhsnet-added'],
    async drive(run, browser) {
      await chooseAuthenticator(run, browser, ALEX);
      const query = await loginAtProvider(await reachNhsnetProvider(browser), ALEX_MAILBOX);
      await browser.get(callbackPath(query));
      expectView(browser, 'nhsnet-added');
    },
  },
  {
    name: 'passkey with Windows Hello (type 2), finished',
    pages: [...FIRST_HALF, 'passkey-loading', 'passkey-register~type-2', 'passkey-added'],
    drive: (r, b) => addPasskey(r, b, SAM, { os: 'windows', platformAuthenticator: 'true' }),
  },
  {
    name: 'passkey without Windows Hello (type 1), finished',
    pages: [...FIRST_HALF, 'passkey-loading', 'passkey-register~type-1', 'passkey-added'],
    drive: (r, b) => addPasskey(r, b, SAM, { os: 'other', platformAuthenticator: 'false' }),
  },
  {
    name: 'abandoned on enter-details',
    pages: ['start', 'enter-details'],
    async drive(_run, browser) {
      await browser.get(url('start'));
      await browser.postTo('start');
      expectView(browser, 'enter-details');
    },
  },
  {
    name: 'abandoned on enter-details, after a wrong-format try',
    pages: ['start', 'enter-details'],
    async drive(_run, browser) {
      await browser.get(url('start'));
      await browser.postTo('start');
      await browser.postTo('enter-details', {
        email: 'not an email',
        niNumber: 'nope',
        ...solveDevCaptcha(browser.html),
      });
      expectView(browser, 'enter-details');
    },
  },
  {
    name: 'abandoned on enter-email-code',
    pages: ['start', 'enter-details', 'enter-email-code'],
    drive: async (run, browser) => void (await details(run, browser, PRIYA)),
  },
  {
    name: 'abandoned on scan-qr',
    pages: [...FIRST_HALF, ...APP],
    async drive(run, browser) {
      await chooseAuthenticator(run, browser, SAM);
      await reachScanQr(browser);
    },
  },
  {
    name: 'five wrong email codes: too many attempts',
    pages: ['start', 'enter-details', 'enter-email-code', 'too-many-attempts'],
    async drive(run, browser) {
      const code = await details(run, browser, CASEY);
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      for (let i = 0; i < 5; i++) await browser.postTo('enter-email-code', { code: wrong });
      expectView(browser, 'too-many-attempts');
    },
  },
];

/** Drives every scenario, each in a browser of its own. */
export async function driveAll(run: Running): Promise<void> {
  for (const s of SCENARIOS) {
    try {
      await s.drive(run, run.browser());
    } catch (err) {
      throw new Error(`scenario "${s.name}": ${(err as Error).message}`);
    }
  }
}

/** Page key → [journeys that reached it, journeys that left there], counted from the scenarios. */
export function expectedPages(): Map<string, [number, number]> {
  const counts = new Map<string, [number, number]>();
  for (const s of SCENARIOS) {
    for (const page of new Set(s.pages)) {
      const [reached, left] = counts.get(page) ?? [0, 0];
      counts.set(page, [reached + 1, left]);
    }
    const last = s.pages.at(-1) as string;
    const [reached, left] = counts.get(last) as [number, number];
    counts.set(last, [reached, left + 1]);
  }
  return counts;
}

export const ADDED_PAGES: Record<string, string> = {
  app: 'app-added',
  nhsnet: 'nhsnet-added',
  passkey: 'passkey-added',
};

/** The rows of a Markdown table whose second cell is a code span, keyed by it. */
export function tableRows(markdown: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of markdown.split('\n')) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    const key = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    if (key) rows.set(key, cells);
  }
  return rows;
}

/** Runs `npm run funnel` as a child process with the given environment; returns what it printed. */
export async function runFunnelCommand(env: Record<string, string>, out: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    'npm',
    ['run', '-s', 'funnel', '--', '--since', '1h', '--out', out],
    {
      env: { ...process.env, ...env },
      timeout: 60_000,
    },
  );
  return stdout;
}
