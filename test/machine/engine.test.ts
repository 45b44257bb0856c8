/**
 * The journey engine as the HTTP layer uses it: what it answers for each request (save or not, rotate the
 * id or not, the audit facts only, how long to keep the journey), how it runs the services the statechart
 * asks for (an outage becomes the service-unavailable page; a service that does not answer fails the
 * request, nothing saved), and that an ended journey stays as it ended.
 */
import { describe, expect, it, vi } from 'vitest';
import { fromPromise, type InspectionEvent, setup } from 'xstate';
import {
  createJourneyEngine,
  currentMeta,
  isBusy,
  journeyMachine,
  ServiceTimeoutError,
} from '../../src/machine/index.js';
import { LIMITS } from '../../src/machine/limits.js';
import { defaultSwitches, fakeServices, GOOD_EMAIL_CODE, validDetails } from '../../tooling/journey-fakes.js';
import { E, MINUTE } from './helpers.js';

const T0 = 1_800_000_000_000;
const engine = createJourneyEngine();
const services = () => fakeServices(defaultSwitches());
const begin = () => engine.begin({ journeyNonce: 'nonce-e', now: T0, cimSessionPresent: false });
const post = { now: T0 + 1000, userActive: true };
const look = { now: T0 + 1000, userActive: false };

describe('the journey engine', () => {
  it('begins on the start page: a new journey to save for the whole hour, no facts, no new id', () => {
    const first = begin();
    expect(first.meta.view).toBe('start');
    expect(first.changed).toBe(true);
    expect(first.audits).toEqual([]);
    expect(first.rotateId).toBe(false);
    expect(first.ttlSeconds).toBe(LIMITS.absoluteTimeoutMs / 1000);
    expect(first.persisted).toEqual(journeyMachine.getPersistedSnapshot(first.snapshot));
  });

  it('refuses a statechart whose journeys would begin by waiting on a service', () => {
    // A journey begins on a page; a first state that runs a service has no page and no one to run it.
    const waitsFirst = setup({
      actors: { verifyCaptcha: fromPromise(async () => ({ success: true })) },
    }).createMachine({
      initial: 'checking',
      states: { checking: { invoke: { id: 'check', src: 'verifyCaptcha' } } },
    });
    const refusing = createJourneyEngine(waitsFirst as unknown as typeof journeyMachine);
    expect(() => refusing.begin({ journeyNonce: 'nonce-e', now: T0, cimSessionPresent: false })).toThrow(
      'a journey cannot begin with service verifyCaptcha',
    );
  });

  it('a page view that changes nothing beyond the clock is not saved', async () => {
    const seen = await engine.advance(begin().snapshot, look, [], services());
    expect(seen.meta.view).toBe('start');
    expect(seen.changed).toBe(false);
  });

  it('a form post is saved even when it leaves the page as it was (the person was active)', async () => {
    const started = await engine.advance(begin().snapshot, post, [E.start()], services());
    expect(started.meta.view).toBe('enter-details');
    const activeOnly = await engine.advance(
      started.snapshot,
      { ...post, now: post.now + 1000 },
      [],
      services(),
    );
    expect(activeOnly.meta.view).toBe('enter-details');
    expect(activeOnly.changed).toBe(true);
    // An event that the page does not take still counts as a change to save (the clock it carried).
    const ignored = await engine.advance(
      started.snapshot,
      { ...look, now: look.now + 2000 },
      [E.qrScanned],
      services(),
    );
    expect(ignored.meta.view).toBe('enter-details');
    expect(ignored.changed).toBe(true);
  });

  it('a page view that ends the journey (a timeout) is saved, with its fact', async () => {
    const started = await engine.advance(begin().snapshot, post, [E.start()], services());
    const late = { now: post.now + LIMITS.inactivityTimeoutMs, userActive: false };
    const ended = await engine.advance(started.snapshot, late, [], services());
    expect(ended.meta.view).toBe('session-timed-out');
    expect(ended.changed).toBe(true);
    expect(ended.audits.map((a) => a.event)).toEqual(['journey.timedOut']);
  });

  it('stops at the tick that ends the journey: the events of that request are not applied', async () => {
    const started = await engine.advance(begin().snapshot, post, [E.start()], services());
    const late = { now: post.now + LIMITS.inactivityTimeoutMs, userActive: true };
    const called: string[] = [];
    const spying = new Proxy(services(), {
      get: (target, key: string) => {
        called.push(key);
        return target[key as keyof typeof target];
      },
    });
    const seen: string[] = [];
    const ended = await engine.advance(started.snapshot, late, [validDetails, E.back], spying, (s) =>
      seen.push(s.status),
    );
    expect(ended.meta.view).toBe('session-timed-out');
    expect(called).toEqual([]);
    // The journey is seen once, after the tick that ended it: no event of the request reaches it.
    expect(seen).toEqual(['done']);
  });

  it('an ended journey stays as it ended: nothing runs, nothing to save', async () => {
    const started = await engine.advance(begin().snapshot, post, [E.start()], services());
    const ended = await engine.advance(
      started.snapshot,
      { now: post.now + LIMITS.inactivityTimeoutMs, userActive: false },
      [],
      services(),
    );
    const again = await engine.advance(
      ended.snapshot,
      { now: post.now + 2 * 60 * MINUTE, userActive: true },
      [E.start()],
      services(),
    );
    expect(again.snapshot).toBe(ended.snapshot);
    expect(again.changed).toBe(false);
    expect(again.audits).toEqual([]);
    expect(again.meta.view).toBe('session-timed-out');
  });

  it('runs the services the statechart asks for, in turn, and answers only the audit facts', async () => {
    const j1 = await engine.advance(begin().snapshot, post, [E.start()], services());
    const sent = await engine.advance(j1.snapshot, post, [validDetails], services());
    expect(sent.meta.view).toBe('enter-email-code');
    expect(sent.rotateId).toBe(false);
    const proven = await engine.advance(sent.snapshot, post, [E.emailCode(GOOD_EMAIL_CODE)], services());
    expect(proven.meta.view).toBe('choose-authenticator');
    // The email proven: a new journey id is asked for (emitted beside the audit fact, not as one).
    expect(proven.rotateId).toBe(true);
    expect(proven.audits).toEqual([
      { type: 'audit', event: 'identity.emailProven', outcome: 'success', profileId: 'profile-1' },
    ]);
    expect(proven.audits.every((a) => a.type === 'audit')).toBe(true);
  });

  it('a service that fails is an outage: the service-unavailable page, saved', async () => {
    const failing = { ...services(), verifyCaptcha: async () => Promise.reject(new Error('captcha down')) };
    const j1 = await engine.advance(begin().snapshot, post, [E.start()], services());
    const out = await engine.advance(j1.snapshot, post, [validDetails], failing);
    expect(out.meta.view).toBe('service-unavailable');
    expect(out.changed).toBe(true);
  });

  it('a service missing from the set is an outage too, not a crash', async () => {
    const { verifyCaptcha: _, ...partial } = services();
    const j1 = await engine.advance(begin().snapshot, post, [E.start()], services());
    const out = await engine.advance(
      j1.snapshot,
      post,
      [validDetails],
      partial as ReturnType<typeof services>,
    );
    expect(out.meta.view).toBe('service-unavailable');
  });

  it('a service that does not answer in time fails the request (nothing to save), naming the service', async () => {
    const quick = createJourneyEngine(journeyMachine, { serviceTimeoutMs: 20 });
    const hanging = { ...services(), verifyCaptcha: () => new Promise<never>(() => {}) };
    const j1 = await quick.advance(begin().snapshot, post, [E.start()], services());
    const failed = quick.advance(j1.snapshot, post, [validDetails], hanging);
    await expect(failed).rejects.toBeInstanceOf(ServiceTimeoutError);
    await expect(failed).rejects.toMatchObject({
      name: 'ServiceTimeoutError',
      message: 'journey service verifyCaptcha did not answer in time',
    });
    // A service that answers in time is not cut off by the timer.
    const slow = {
      ...services(),
      verifyCaptcha: () =>
        new Promise<{ success: boolean }>((r) => setTimeout(() => r({ success: true }), 5)),
    };
    expect((await quick.advance(j1.snapshot, post, [validDetails], slow)).meta.view).toBe('enter-email-code');
  });

  it('waits 25 seconds for a service unless told otherwise', async () => {
    const timers: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms?: number) => {
      timers.push(ms ?? 0);
      return realSetTimeout(fn, 0);
    }) as typeof setTimeout;
    try {
      const j1 = await engine.advance(begin().snapshot, post, [E.start()], services());
      await engine.advance(j1.snapshot, post, [validDetails], services());
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    expect(timers.length).toBeGreaterThan(0);
    expect(new Set(timers)).toEqual(new Set([25_000]));
  });

  it('leaves no service timer running once the services have answered', async () => {
    vi.useFakeTimers();
    try {
      const j1 = await engine.advance(begin().snapshot, post, [E.start()], services());
      const sent = await engine.advance(j1.snapshot, post, [validDetails], services());
      expect(sent.meta.view).toBe('enter-email-code');
      // Each service's 25-second limit ends with its answer: nothing waits on for it (a busy server
      // would otherwise hold a timer and its journey for every call it made in the last 25 seconds).
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps a journey on an added page only for the short idle limit', async () => {
    const sw = defaultSwitches();
    const s = fakeServices(sw);
    let j = begin().snapshot;
    const at = (now: number) => ({ now, userActive: true });
    const steps = [
      E.start(),
      validDetails,
      E.emailCode(GOOD_EMAIL_CODE),
      E.choose('passkey'),
      E.platform('other', false),
      E.passkeyCreated(),
    ];
    let last = null as Awaited<ReturnType<typeof engine.advance>> | null;
    for (const [i, event] of steps.entries()) {
      last = await engine.advance(j, at(T0 + i * 1000), [event], s);
      j = last.snapshot;
    }
    expect(last?.meta.view).toBe('passkey-added');
    expect(last?.ttlSeconds).toBe(LIMITS.idleAfterAddedMs / 1000);
  });

  it('stops where the journey first waits on a service, and takes its answer from the caller', () => {
    const started = engine.advanceUntilService(begin().snapshot, post, [E.start()]);
    expect(started.pending).toBeNull();
    expect(currentMeta(started.snapshot).view).toBe('enter-details');
    const waiting = engine.advanceUntilService(started.snapshot, post, [validDetails, E.back]);
    expect(waiting.pending).toMatchObject({ src: 'verifyCaptcha' });
    // Waiting on a service is no page: the journey is busy, and asking for its page says so.
    expect(isBusy(waiting.snapshot)).toBe(true);
    expect(() => currentMeta(waiting.snapshot)).toThrow('no view for state {"identity":"verifyingCaptcha"}');
    expect(isBusy(started.snapshot)).toBe(false);
    const answered = engine.answer(waiting.snapshot, waiting.pending as { id: string }, {
      outcome: 'done',
      output: { success: false },
    });
    expect(currentMeta(answered.snapshot).view).toBe('enter-details');
    expect(answered.pending).toBeNull();
    expect(answered.emitted.map((e) => e.type)).toEqual(['audit']);
    const outage = engine.answer(waiting.snapshot, waiting.pending as { id: string }, {
      outcome: 'error',
      error: new Error('down'),
    });
    expect(currentMeta(outage.snapshot).view).toBe('service-unavailable');
    // The tick that ends a journey is its last step; an ended journey takes no more events.
    const late = { now: post.now + LIMITS.inactivityTimeoutMs, userActive: false };
    const timedOut = engine.advanceUntilService(started.snapshot, late, [validDetails]);
    expect(currentMeta(timedOut.snapshot).view).toBe('session-timed-out');
    expect(timedOut.pending).toBeNull();
    // What the steps emitted, and nothing else: the start page has no fact, the timeout has its own
    // (the audit log's event name, pinned on purpose).
    expect(started.emitted).toEqual([]);
    expect(timedOut.emitted).toEqual([{ type: 'audit', event: 'journey.timedOut', outcome: 'info' }]);
    expect(engine.advanceUntilService(timedOut.snapshot, post, [E.start()]).snapshot).toBe(timedOut.snapshot);
  });

  it('restores what it persisted, and refuses what it cannot read', async () => {
    const j1 = await engine.advance(begin().snapshot, post, [E.start()], services());
    const restored = engine.restore(JSON.parse(JSON.stringify(j1.persisted)));
    expect(restored && currentMeta(restored).view).toBe('enter-details');
    expect(restored?.context).toEqual(j1.snapshot.context);
    expect(engine.restore({ status: 'active', value: 'noSuchState', context: {} })).toBeNull();
    expect(engine.restore(null)).toBeNull();
  });

  it('shows every microstep to an inspector, for coverage and traces', async () => {
    const seen: InspectionEvent[] = [];
    const inspected = createJourneyEngine(journeyMachine, { inspect: (e) => seen.push(e) });
    const first = inspected.begin({ journeyNonce: 'n', now: T0, cimSessionPresent: false });
    await inspected.advance(first.snapshot, post, [E.start()], services());
    expect(seen.some((e) => e.type === '@xstate.microstep')).toBe(true);
  });
});

describe('reading an event', () => {
  it('says which field is wrong, or "event" for the whole of it', async () => {
    const { parseJourneyEvent } = await import('../../src/machine/events.js');
    const wrongField = parseJourneyEvent({ type: 'APP_CODE_SUBMITTED', code: 42 });
    expect(wrongField.ok).toBe(false);
    expect(!wrongField.ok && wrongField.issues.every((i) => i.startsWith('code: '))).toBe(true);
    const nested = parseJourneyEvent({ type: 'NHSNET_CALLBACK_RECEIVED', query: { state: 1 } });
    expect(!nested.ok && nested.issues.some((i) => i.startsWith('query.state: '))).toBe(true);
    const notAnObject = parseJourneyEvent('APP_CODE_SUBMITTED');
    expect(!notAnObject.ok && notAnObject.issues.every((i) => i.startsWith('event: '))).toBe(true);
  });

  it('a hostile object (a throwing getter) is not an event, and does not throw', async () => {
    const { parseJourneyEvent } = await import('../../src/machine/events.js');
    const hostile = {
      get type(): string {
        throw new Error('boom');
      },
    };
    expect(parseJourneyEvent(hostile)).toEqual({ ok: false, issues: ['event: cannot be read'] });
  });
});
