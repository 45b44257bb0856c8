/** Back links, "Add another authenticator", and the inactivity and absolute timeouts. */

import { describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import { LIMITS } from '../../src/machine/limits.js';
import { journeyMachine } from '../../src/machine/machine.js';
import { canGoBack } from '../../src/machine/queries.js';
import { GOOD_APP_CODE } from '../../tooling/journey-fakes.js';
import {
  addFromChoose,
  type Driver,
  E,
  journey,
  MINUTE,
  SpyJourney,
  toAwaitingNhsnet,
  toChoose,
  toCreatePassword,
  toEmailCode,
  toEnterAppCode,
  toEnterDetails,
  toNhsnetInstructions,
  toPasskeyRegister,
  viewOf,
} from './helpers.js';

type Reach = () => Promise<Driver>;

const reach: Record<string, Reach> = {
  start: async () => journey(),
  'log-out-first': async () => journey({ cimSessionPresent: true }),
  'enter-details': () => toEnterDetails(journey()),
  'enter-email-code': () => toEmailCode(journey()),
  'choose-authenticator': () => toChoose(journey()),
  'app-instructions': async () => (await toChoose(journey())).send(E.choose('app')),
  'create-password': () => toCreatePassword(journey()),
  'scan-qr': async () => (await toCreatePassword(journey())).send(E.password()),
  'enter-app-code': () => toEnterAppCode(journey()),
  'app-added': async () => (await toEnterAppCode(journey())).send(E.appCode(GOOD_APP_CODE)),
  'nhsnet-instructions': () => toNhsnetInstructions(journey()),
  'nhsnet-redirect': () => toAwaitingNhsnet(journey()),
  'nhsnet-unavailable': () =>
    toNhsnetInstructions(journey({ switches: { nhsnetBegin: 'down' } })).then((j) => j.send(E.sole(true))),
  'nhsnet-added': async () => addFromChoose(await toChoose(journey()), 'nhsnet'),
  'passkey-loading': async () => (await toChoose(journey())).send(E.choose('passkey')),
  'passkey-register': () => toPasskeyRegister(journey()),
  'passkey-windows-hello': async () =>
    (await toPasskeyRegister(journey({ switches: { passkeyVerify: 'windowsHello' } }), 'windows', true)).send(
      E.passkeyCreated(),
    ),
  'passkey-added': async () => addFromChoose(await toChoose(journey()), 'passkey'),
  'service-unavailable': async () =>
    (await toEnterDetails(journey({ switches: { captcha: 'down' } }))).send(E.details()),
};

const BACK_TO: Record<string, string> = {
  'enter-details': 'start',
  'enter-email-code': 'enter-details',
  'app-instructions': 'choose-authenticator',
  'create-password': 'app-instructions',
  'scan-qr': 'create-password',
  'enter-app-code': 'scan-qr',
  'nhsnet-instructions': 'choose-authenticator',
  'nhsnet-redirect': 'nhsnet-instructions',
  'nhsnet-unavailable': 'nhsnet-instructions',
  'passkey-loading': 'choose-authenticator',
  'passkey-register': 'choose-authenticator',
  'passkey-windows-hello': 'choose-authenticator',
};

function viewsAccepting(eventType: string): string[] {
  const found: string[] = [];
  const walk = (node: AnyStateNode) => {
    const view = (node.meta as { view?: string } | undefined)?.view;
    if (view && node.config.on && eventType in node.config.on) found.push(view);
    for (const child of Object.values(node.states)) walk(child);
  };
  walk(journeyMachine.root);
  return found.sort();
}

describe('back links', () => {
  it('the table below covers every page that has a back link', () => {
    expect(viewsAccepting('BACK_SELECTED')).toEqual(Object.keys(BACK_TO).sort());
  });

  it.each(Object.entries(BACK_TO))('goes back from %s to %s, clearing errors', async (from, to) => {
    const j = await reach[from]!();
    expect(viewOf(j)).toBe(from);
    expect(canGoBack(j.snapshot)).toBe(true);
    await j.send(E.back);
    expect(viewOf(j)).toBe(to);
    expect(j.context.errors).toEqual({});
  });

  it.each(Object.keys(reach).filter((v) => !(v in BACK_TO)))('has no back link on %s', async (from) => {
    const j = await reach[from]!();
    expect(viewOf(j)).toBe(from);
    expect(canGoBack(j.snapshot)).toBe(false);
    const before = j.snapshot.context;
    await j.send(E.back);
    expect(viewOf(j)).toBe(from);
    expect({ ...j.context, now: 0, lastActivityAt: 0 }).toEqual({ ...before, now: 0, lastActivityAt: 0 });
  });

  it('forgets the NHS.net Connect login when going back from the provider', async () => {
    const j = await toAwaitingNhsnet(journey());
    await j.send(E.back);
    expect(j.context.nhsnet.login).toBeNull();
    await j.send(E.sole(true));
    await j.send(E.callback({ state: 'state-1', code: 'c' }));
    expect(viewOf(j)).toBe('nhsnet-added');
  });

  it('forgets the passkey challenge when going back from passkey-register', async () => {
    const j = await toPasskeyRegister(journey());
    await j.send(E.back);
    expect(j.context.passkey.challenge).toBeNull();
    expect(j.context.passkey.challengeIssuedAt).toBeNull();
  });

  it('keeps the details on enter-details after going back from enter-email-code', async () => {
    const j = await toEmailCode(journey());
    await j.send(E.back);
    expect(j.context.enteredDetails).toEqual({ email: 'alex.morgan@nhs.net', niNumber: 'AB 12 34 56 C' });
  });
});

describe('add another authenticator', () => {
  it('the table covers every page that offers it', () => {
    expect(viewsAccepting('ADD_ANOTHER_SELECTED')).toEqual(['app-added', 'nhsnet-added', 'passkey-added']);
  });

  it.each(['app', 'nhsnet', 'passkey'] as const)(
    'goes from %s-added back to choose-authenticator',
    async (m) => {
      const j = await addFromChoose(await toChoose(journey()), m);
      await j.send(E.addAnother);
      expect(viewOf(j)).toBe('choose-authenticator');
      expect(j.context.errors).toEqual({});
    },
  );

  it('adds all three in one journey, each saved once with its own key, then refuses a second NHS.net', async () => {
    const j = await toChoose(new SpyJourney());
    for (const m of ['passkey', 'app', 'nhsnet'] as const) {
      await addFromChoose(j, m);
      await j.send(E.addAnother);
    }
    expect(j.record.saved.map((s) => [s.method, s.idempotencyKey])).toEqual([
      ['passkey', expect.stringMatching(/^nonce-abc:0:/)],
      ['app', expect.stringMatching(/^nonce-abc:1:/)],
      ['nhsnet', expect.stringMatching(/^nonce-abc:2:/)],
    ]);
    expect(j.context.added.map((a) => a.method)).toEqual(['passkey', 'app', 'nhsnet']);
    await j.send(E.choose('nhsnet'));
    expect(viewOf(j)).toBe('choose-authenticator');
    expect(j.context.errors).toEqual({ method: 'nhsnetAlreadyAdded' });
    await addFromChoose(j, 'app');
    expect(j.record.saved.at(-1)?.idempotencyKey).toMatch(/^nonce-abc:3:/);
  });

  it('asks again for sole access to a second app', async () => {
    const j = await addFromChoose(await toChoose(journey()), 'app');
    await j.send(E.addAnother);
    await j.send(E.choose('app'));
    expect(viewOf(j)).toBe('app-instructions');
    expect(j.context.app.soleAccessConfirmed).toBe(false);
  });

  it('requires a choice', async () => {
    const j = await toChoose(journey());
    for (const method of ['', 'sms', 'APP']) {
      await j.send(E.choose(method));
      expect(viewOf(j)).toBe('choose-authenticator');
      expect(j.context.errors).toEqual({ method: 'required' });
    }
  });
});

describe('timeouts', () => {
  const timeoutViews = [
    'start',
    'log-out-first',
    'enter-details',
    'enter-email-code',
    'choose-authenticator',
    'create-password',
    'enter-app-code',
    // (an "added" page ends after 5 minutes: test/machine/finishing.test.ts)
    'nhsnet-redirect',
    'passkey-register',
    'service-unavailable',
  ];

  it.each(timeoutViews)('times out after 30 minutes without activity on %s', async (from) => {
    const j = await reach[from]!();
    await j.advance(LIMITS.inactivityTimeoutMs - 1).view();
    expect(viewOf(j)).toBe(from);
    await j.advance(1).view();
    expect(viewOf(j)).toBe('session-timed-out');
    expect(j.snapshot.status).toBe('done');
    expect(j.context.problems.endReason).toBe('timeout');
  });

  it('counts activity, not page views', async () => {
    const j = new SpyJourney();
    await toEmailCode(j);
    await j.advance(20 * MINUTE).view();
    await j.advance(10 * MINUTE - 1).view();
    expect(viewOf(j)).toBe('enter-email-code');
    await j.advance(1).send(E.emailCode('123456'));
    expect(viewOf(j)).toBe('session-timed-out');
    expect(j.context.email.proven).toBe(false);
    expect(j.audits.at(-1)?.event).toBe('journey.timedOut');
  });

  it('JOURNEY_EXTENDED keeps a journey alive past 30 minutes', async () => {
    const j = await toChoose(journey());
    await j.advance(29 * MINUTE).send(E.extend);
    await j.advance(29 * MINUTE).view();
    expect(viewOf(j)).toBe('choose-authenticator');
    expect(j.context.lastActivityAt).toBe(j.now - 29 * MINUTE);
  });

  it('ends every journey 60 minutes after it started, however active', async () => {
    const j = await toChoose(journey());
    for (let t = 0; t < 5; t++) await j.advance(11 * MINUTE).send(E.extend);
    await j.advance(LIMITS.absoluteTimeoutMs - 55 * MINUTE - 1).send(E.extend);
    expect(viewOf(j)).toBe('choose-authenticator');
    await j.advance(1).send(E.choose('app'));
    expect(viewOf(j)).toBe('session-timed-out');
  });

  it('says timed out rather than accepting a late answer on a busy step', async () => {
    const j = await toEnterAppCode(journey());
    await j.advance(31 * MINUTE).send(E.appCode(GOOD_APP_CODE));
    expect(viewOf(j)).toBe('session-timed-out');
    expect(j.record.saved).toHaveLength(0);
  });
});
