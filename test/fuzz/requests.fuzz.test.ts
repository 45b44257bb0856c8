/**
 * Random requests against journeys at several steps, on real Redis and SMTP: every route and form,
 * random and Unicode strings, huge bodies, missing, extra and repeated fields, wrong content types,
 * unknown paths and forms, posts to steps that are not the current one. Never a 5xx; a refused
 * request (4xx) or an out-of-order post leaves the stored journey exactly as it was.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, J, type Stack, staff, startStack } from '../../tooling/support/harness.js';

const FORMS = [
  'start',
  'log-out-first',
  'enter-details',
  'enter-email-code',
  'enter-email-code/new-code',
  'choose-authenticator',
  'app-instructions',
  'create-password',
  'scan-qr',
  'enter-app-code',
  'app-added/add-another',
  'nhsnet-instructions',
  'nhsnet-unavailable',
  'nhsnet-added/add-another',
  'passkey-loading',
  'passkey-register',
  'passkey-windows-hello',
  'passkey-added/add-another',
  'service-unavailable',
  'extend',
];
const FIELDS = [
  'email',
  'niNumber',
  'captchaChallenge',
  'captchaAnswer',
  'code',
  'method',
  'soleAccess',
  'password',
  'confirmPassword',
  'os',
  'platformAuthenticator',
  'windowsHello',
  'response',
  'errorName',
];

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('yes', 'app', 'passkey', 'nhsnet', '123456', '12 34 56', 'AB123456C', 'a@b.co', '', ' '),
  fc.constantFrom('<script>alert(1)</script>', "' OR 1=1 --", '%00', '\u0000', '\u202e', '{"__proto__":{}}'),
);
const fieldName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FIELDS) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', '_csrf[]', 'email[]', 'file') },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
);
/** `current` is the form of the step the journey is on, resolved when the request is sent. */
const path = fc.oneof(
  { weight: 4, arbitrary: fc.constant('current') },
  { weight: 6, arbitrary: fc.constantFrom(...FORMS).map((f) => `${J}/${f}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => `${J}/${encodeURIComponent(s)}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      `${J}/`,
      `${J}/%E0%A4%A`,
      `${J}/..%2f..%2fetc%2fpasswd`,
      `${J}/start/extra/more`,
      '/unknown',
      '/dev/mail',
      `${J}/back?from=%ZZ`,
      `${J}/nhsnet-callback?code=x&state=y`,
      `${J}/start-again`,
    ),
  },
);

interface FuzzRequest {
  method: string;
  path: string;
  body: 'form' | 'multipart' | 'multipart-file' | 'json' | 'text' | 'none';
  contentType: string | null;
  fields: [string, string][];
  csrf: 'valid' | 'missing' | 'wrong' | 'repeated';
  origin: 'same' | 'missing' | 'other';
  hx: boolean;
  huge: boolean;
}

const request: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.oneof(
    { weight: 6, arbitrary: fc.constant('POST') },
    { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') },
  ),
  path,
  body: fc.constantFrom('form', 'form', 'form', 'multipart', 'multipart-file', 'json', 'text', 'none'),
  contentType: fc.oneof(
    { weight: 6, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded; charset=utf-16',
        'multipart/form-data',
        'x/y',
      ),
    },
  ),
  fields: fc.array(fc.tuple(fieldName, text), { maxLength: 6 }),
  csrf: fc.constantFrom('valid', 'valid', 'valid', 'missing', 'wrong', 'repeated'),
  origin: fc.constantFrom('same', 'same', 'same', 'same', 'missing', 'other'),
  hx: fc.boolean(),
  huge: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
});

/** Sent through the browser, so its cookie jar follows what the service answers. */
function send(b: Browser, r: FuzzRequest): Promise<Response> {
  const headers = new Headers();
  const csrf = b.csrfToken() ?? '';
  const fields = [...r.fields];
  if (r.csrf === 'valid') fields.push(['_csrf', csrf]);
  if (r.csrf === 'wrong') fields.push(['_csrf', `${csrf.slice(0, -2)}xx`]);
  if (r.csrf === 'repeated') fields.push(['_csrf', csrf], ['_csrf', csrf]);
  if (r.huge) fields.push(['email', 'x'.repeat(70_000)]);
  if (r.origin === 'same') headers.set('origin', b.origin);
  if (r.origin === 'other') headers.set('origin', 'https://attacker.example');
  if (r.hx) headers.set('hx-request', 'true');
  let body: BodyInit | undefined;
  if (r.method !== 'GET' && r.method !== 'HEAD') {
    if (r.body === 'form') body = new URLSearchParams(fields);
    if (r.body === 'json') body = JSON.stringify(Object.fromEntries(fields));
    if (r.body === 'text') body = fields.map(([k, v]) => `${k}:${v}`).join('\n');
    if (r.body.startsWith('multipart')) {
      const form = new FormData();
      for (const [k, v] of fields) form.append(k, v);
      if (r.body === 'multipart-file') form.append('code', new Blob(['123456']), 'code.txt');
      body = form;
    }
    if (r.contentType) headers.set('content-type', r.contentType);
  }
  return b.raw(r.path, { method: r.method, headers, ...(body === undefined ? {} : { body }) });
}

let stack: Stack;
const browsers: Browser[] = [];

/** Where the journey is now, as the service says it: a GET of a page that is neither the current one
 *  nor behind it (an end page, never a back link's target) redirects to the current one. */
async function currentView(b: Browser): Promise<string> {
  await b.get(`${J}/session-timed-out`);
  return b.view();
}

beforeAll(async () => {
  stack = await startStack({ profiles: 10 });
  const atDetails = stack.browser();
  await atDetails.begin();
  const atCode = stack.browser();
  await atCode.begin();
  await atCode.submitDetails(staff(1));
  atCode.expectView('enter-email-code');
  const atChoose = stack.browser();
  await atChoose.begin();
  await atChoose.proveEmail(staff(2));
  const atAppCode = stack.browser();
  await atAppCode.begin();
  await atAppCode.proveEmail(staff(3));
  await atAppCode.setUpApp();
  browsers.push(atDetails, atCode, atChoose, atAppCode);
});
afterAll(async () => {
  await stack?.stop();
});

describe('random and hostile requests', () => {
  it('never answer 5xx, and a refused or out-of-order request leaves the journey unchanged', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(fc.nat(browsers.length - 1), request, async (which, r) => {
        const b = browsers[which] as Browser;
        const view = await currentView(b);
        if (r.path === 'current') r.path = `${J}/${view}`;
        const before = await stack.storedJourney(b);
        const hadJourney = b.cookie('aa-journey') !== undefined;
        const res = await send(b, r);
        await res.arrayBuffer();
        seen.add(res.status);
        expect(res.status, `${r.method} ${r.path}`).toBeLessThan(500);

        const form = r.path.slice(J.length + 1);
        const outOfOrder =
          r.method === 'POST' && FORMS.includes(form) && form !== 'extend' && form.split('/')[0] !== view;
        const refused =
          hadJourney &&
          r.method === 'POST' &&
          (r.csrf !== 'valid' || r.origin !== 'same' || r.huge || r.body === 'json' || r.body === 'text');
        if (refused)
          expect(res.status, `${r.method} ${r.path} should be refused`).toBeGreaterThanOrEqual(400);
        // No GET (or any other method but POST) changes a journey.
        if (res.status >= 400 || outOfOrder || r.method !== 'POST') {
          expect(await stack.storedJourney(b)).toEqual(before);
        }
        // Whatever happened, the journey still loads and shows a page.
        const after = await b.get(`${J}/choose-authenticator`);
        expect(after.status).toBeLessThan(500);
      }),
      { numRuns: 250 },
    );
    // The runs reached every kind of answer: changed, refused, forbidden, unknown, too large.
    expect([...seen].sort()).toEqual(expect.arrayContaining([200, 303, 400, 403, 404, 413]));
  }, 120_000);
});
