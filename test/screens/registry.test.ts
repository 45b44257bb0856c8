/**
 * The screen registry against the statechart: one screen per view a state names, and each screen's
 * forms post exactly the events its state accepts from a person (the others arrive by their own
 * routes). A form's fields → event and event → fields are each other's inverse.
 */
import { describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import {
  eventSchemas,
  JOURNEY_VIEW_IDS,
  type JourneyEvent,
  journeyMachine,
  journeyViewIds,
  parseJourneyEvent,
} from '../../src/machine/index.js';
import { formAt, postFor, SCREEN_LIST, screens } from '../../src/screens/index.js';
import { formatKeyInGroups } from '../../src/screens/scan-qr.js';

/** Events that reach a journey by a route of their own, not by a screen's form. */
const NOT_FORMS = new Set(['CLOCK_TICKED', 'JOURNEY_EXTENDED', 'BACK_SELECTED', 'NHSNET_CALLBACK_RECEIVED']);

function stateShowing(view: string): AnyStateNode {
  let found: AnyStateNode | undefined;
  const walk = (node: AnyStateNode) => {
    if ((node.meta as { view?: string } | undefined)?.view === view) found = node;
    for (const child of Object.values(node.states)) walk(child);
  };
  walk(journeyMachine.root);
  if (!found) throw new Error(`no state shows ${view}`);
  return found;
}

/** The person's events a state takes, by its own transitions or an ancestor's. */
function acceptedFormEvents(node: AnyStateNode): string[] {
  const types = new Set<string>();
  for (let n: AnyStateNode | undefined = node; n; n = n.parent)
    for (const type of Object.keys(n.on)) if (type in eventSchemas && !NOT_FORMS.has(type)) types.add(type);
  return [...types].sort();
}

describe('the screen registry', () => {
  it('has a screen for every view a state names, and none for a view no state names', () => {
    expect(Object.keys(screens).sort()).toEqual([...journeyViewIds(journeyMachine)].sort());
    expect(Object.keys(screens).sort()).toEqual([...JOURNEY_VIEW_IDS].sort());
  });

  it.each(SCREEN_LIST.map((s) => [s.view, s] as const))('%s is filed under its own view id', (view, s) => {
    expect(screens[view as keyof typeof screens]).toBe(s);
  });

  it.each(SCREEN_LIST.map((s) => [s.view, s] as const))(
    "%s's forms post exactly the events its state accepts from a person",
    (view, s) => {
      const posted = Object.values(s.forms).flatMap((f) => [...f.events]);
      expect(new Set(posted).size, 'an event posted by two forms of one page').toBe(posted.length);
      expect(posted.sort()).toEqual(acceptedFormEvents(stateShowing(view)));
    },
  );

  it('finds each form by the address it posts to, and nothing else', () => {
    for (const s of SCREEN_LIST)
      for (const [action, spec] of Object.entries(s.forms))
        expect(formAt(action ? `${s.view}/${action}` : s.view)).toBe(spec);
    for (const path of ['back', 'extend', 'nhsnet-callback', 'app-added', 'toString', 'start/x', ''])
      expect(formAt(path), path).toBeUndefined();
  });

  it('the redirect screen sends the browser to the authorization address the journey holds', () => {
    const redirect = screens['nhsnet-redirect'];
    const at = (authorizationUrl?: string) =>
      ({ context: { nhsnetLogin: authorizationUrl ? { authorizationUrl } : null } }) as never;
    expect(redirect.redirect(at('https://login.example/auth?state=s'))).toBe(
      'https://login.example/auth?state=s',
    );
    expect(redirect.redirect(at())).toBeUndefined();
  });
});

describe('posting a planned event', () => {
  const facts = { clientIp: '203.0.113.9', cimSessionPresent: true };
  const dev = ['captchaChallenge', 'captchaAnswer'];
  const widget = ['cf-turnstile-response'];
  const cases: Array<[string, JourneyEvent, readonly string[]]> = [
    ['start', { type: 'START_SELECTED', cimSessionPresent: true }, dev],
    ['log-out-first', { type: 'LOGGED_OUT_CONFIRMED', cimSessionPresent: true }, dev],
    [
      'enter-details',
      {
        type: 'DETAILS_SUBMITTED',
        email: ' a@nhs.net',
        niNumber: 'AB 12 34 56 C',
        captchaToken: 'ch-1.WORD',
        clientIp: facts.clientIp,
      },
      dev,
    ],
    [
      'enter-details',
      { type: 'DETAILS_SUBMITTED', email: '', niNumber: '', captchaToken: '', clientIp: facts.clientIp },
      dev,
    ],
    [
      'enter-details',
      {
        type: 'DETAILS_SUBMITTED',
        email: 'a',
        niNumber: 'b',
        captchaToken: 'tok.en',
        clientIp: facts.clientIp,
      },
      widget,
    ],
    ['enter-email-code', { type: 'EMAIL_CODE_SUBMITTED', code: ' 123 456 ' }, dev],
    ['enter-email-code', { type: 'NEW_EMAIL_CODE_REQUESTED' }, dev],
    ['choose-authenticator', { type: 'AUTHENTICATOR_CHOSEN', method: 'passkey' }, dev],
    ['choose-authenticator', { type: 'AUTHENTICATOR_CHOSEN', method: '' }, dev],
    ['app-instructions', { type: 'SOLE_ACCESS_CONFIRMED', confirmed: true }, dev],
    ['nhsnet-instructions', { type: 'SOLE_ACCESS_CONFIRMED', confirmed: false }, dev],
    ['create-password', { type: 'PASSWORD_CREATED', password: 'a b c', confirmation: 'a b d' }, dev],
    ['scan-qr', { type: 'QR_SCANNED' }, dev],
    ['enter-app-code', { type: 'APP_CODE_SUBMITTED', code: '000000' }, dev],
    ['passkey-loading', { type: 'PLATFORM_DETECTED', os: 'windows', platformAuthenticator: true }, dev],
    ['passkey-loading', { type: 'PLATFORM_DETECTED', os: 'other', platformAuthenticator: false }, dev],
    ['passkey-loading', { type: 'PLATFORM_QUESTION_UNANSWERED' }, dev],
    ['passkey-register', { type: 'PASSKEY_CREATED', responseJSON: '{"id":"x"}' }, dev],
    ['passkey-register', { type: 'PASSKEY_FAILED', errorName: 'NotAllowedError' }, dev],
    ['passkey-windows-hello', { type: 'RETRY_SELECTED' }, dev],
    ['nhsnet-unavailable', { type: 'RETRY_SELECTED' }, dev],
    ['service-unavailable', { type: 'RETRY_SELECTED' }, dev],
    ['app-added', { type: 'ADD_ANOTHER_SELECTED' }, dev],
    ['nhsnet-added', { type: 'ADD_ANOTHER_SELECTED' }, dev],
    ['passkey-added', { type: 'ADD_ANOTHER_SELECTED' }, dev],
  ];

  it('covers every event every form can make', () => {
    const made = SCREEN_LIST.flatMap((s) =>
      Object.values(s.forms).flatMap((f) => f.events.map((t) => `${s.view} ${t}`)),
    );
    expect(new Set(cases.map(([view, e]) => `${view} ${e.type}`))).toEqual(new Set(made));
  });

  it.each(cases)('%s: %j → its fields → the same event', (view, event, captchaFields) => {
    const post = postFor(view, event, { captchaFields });
    expect(post).toBeDefined();
    const spec = formAt(post?.path ?? '');
    const candidate = spec?.toEvent(post?.fields ?? {}, { ...facts, captchaFields });
    expect(parseJourneyEvent(candidate)).toEqual({ ok: true, event });
  });

  it('posts the second form of a page to its own address', () => {
    expect(postFor('enter-email-code', { type: 'NEW_EMAIL_CODE_REQUESTED' }, { captchaFields: dev })).toEqual(
      {
        path: 'enter-email-code/new-code',
        fields: {},
      },
    );
    expect(postFor('app-added', { type: 'ADD_ANOTHER_SELECTED' }, { captchaFields: dev })?.path).toBe(
      'app-added/add-another',
    );
  });

  it('finds no form for an event the page does not post', () => {
    expect(postFor('scan-qr', { type: 'RETRY_SELECTED' }, { captchaFields: dev })).toBeUndefined();
    expect(postFor('start', { type: 'BACK_SELECTED' }, { captchaFields: dev })).toBeUndefined();
  });
});

describe('formatKeyInGroups', () => {
  it('splits the key into groups of 4', () => {
    expect(formatKeyInGroups('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(formatKeyInGroups('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
    expect(formatKeyInGroups('ABCD EFGH')).toBe('ABCD EFGH');
    expect(formatKeyInGroups('')).toBe('');
  });
});
