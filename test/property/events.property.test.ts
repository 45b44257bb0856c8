/** parseJourneyEvent: never throws, and accepts exactly the well-shaped events. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventSchemas, parseJourneyEvent } from '../../src/machine/events.js';
import { eventishAnything, malformedEvent, nearEvent, wellShapedEvent } from './arbitraries.js';

type Check = (value: unknown) => boolean;

const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const text =
  (max: number): Check =>
  (v) =>
    typeof v === 'string' && v.length <= max;
const bool: Check = (v) => typeof v === 'boolean';

/** An independent statement of the event shapes of SPEC.md / src/machine/events.ts. */
const SHAPES: Record<string, Record<string, Check>> = {
  CLOCK_TICKED: { at: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0, userActive: bool },
  JOURNEY_EXTENDED: {},
  START_SELECTED: { cimSessionPresent: bool },
  LOGGED_OUT_CONFIRMED: { cimSessionPresent: bool },
  DETAILS_SUBMITTED: { email: text(1000), niNumber: text(100), captchaToken: text(8192), clientIp: text(64) },
  EMAIL_CODE_SUBMITTED: { code: text(100) },
  NEW_EMAIL_CODE_REQUESTED: {},
  BACK_SELECTED: {},
  AUTHENTICATOR_CHOSEN: { method: text(50) },
  SOLE_ACCESS_CONFIRMED: { confirmed: bool },
  PASSWORD_CREATED: { password: text(4096), confirmation: text(4096) },
  QR_SCANNED: {},
  APP_CODE_SUBMITTED: { code: text(100) },
  NHSNET_CALLBACK_RECEIVED: {
    query: (v) =>
      isRecord(v) &&
      Object.keys(v).length <= 20 &&
      Object.entries(v).every(([k, s]) => k.length <= 100 && text(4096)(s)),
  },
  PLATFORM_DETECTED: { os: (v) => v === 'windows' || v === 'other', platformAuthenticator: bool },
  PLATFORM_QUESTION_UNANSWERED: {},
  PASSKEY_CREATED: { responseJSON: text(32_768) },
  PASSKEY_FAILED: { errorName: text(100) },
  ADD_ANOTHER_SELECTED: {},
  FINISH_SELECTED: {},
  CHOOSE_ANOTHER_SELECTED: {},
  PASSKEY_INSTRUCTIONS_SWITCHED: {},
  RETRY_SELECTED: {},
};

function wellShaped(x: unknown): boolean {
  if (!isRecord(x) || typeof x.type !== 'string' || !Object.hasOwn(SHAPES, x.type)) return false;
  const shape = SHAPES[x.type] as Record<string, Check>;
  const keysKnown = Object.keys(x).every((k) => k === 'type' || Object.hasOwn(shape, k));
  return keysKnown && Object.entries(shape).every(([k, check]) => check(x[k]));
}

const parseSafely = (x: unknown) => {
  try {
    return parseJourneyEvent(x);
  } catch (error) {
    return { threw: error };
  }
};

describe('parseJourneyEvent', () => {
  it('describes every event type the statechart knows', () => {
    expect(Object.keys(SHAPES).sort()).toEqual(Object.keys(eventSchemas).sort());
  });

  it('never throws on anything at all', () => {
    const everything = fc.anything({
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withObjectString: true,
      withNullPrototype: true,
      withBigInt: true,
      withDate: true,
      withTypedArray: true,
      withSparseArray: true,
    });
    fc.assert(
      fc.property(fc.oneof(everything, eventishAnything), (x) => {
        const result = parseSafely(x);
        expect(result).not.toHaveProperty('threw');
        if ('ok' in result && !result.ok) expect(result.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on a callback query with a symbol key', () => {
    const query = { state: 'state-1', [Symbol('injected')]: 'x' };
    const result = parseSafely({ type: 'NHSNET_CALLBACK_RECEIVED', query });
    expect(result).not.toHaveProperty('threw');
  });

  it('accepts event-like input exactly when it is well-shaped', () => {
    const seen = { accepted: 0, rejected: 0 };
    fc.assert(
      fc.property(fc.oneof(eventishAnything, nearEvent), (x) => {
        const ok = parseJourneyEvent(x).ok;
        seen[ok ? 'accepted' : 'rejected'] += 1;
        expect(ok).toBe(wellShaped(x));
      }),
      { numRuns: 3000 },
    );
    // Both answers must be common, or the comparison proves little.
    expect(seen.accepted).toBeGreaterThan(300);
    expect(seen.rejected).toBeGreaterThan(300);
  });

  it('accepts every well-shaped event and returns it unchanged', () => {
    fc.assert(
      fc.property(wellShapedEvent, (event) => {
        expect(wellShaped(event)).toBe(true);
        const result = parseJourneyEvent(event);
        expect(result).toEqual({ ok: true, event });
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects every event broken in one way, saying why', () => {
    fc.assert(
      fc.property(malformedEvent, (x) => {
        expect(wellShaped(x)).toBe(false);
        const result = parseJourneyEvent(x);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.issues.join('\n')).toMatch(/\S/);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    [{ type: 'CLOCK_TICKED', at: -1, userActive: true }],
    [{ type: 'CLOCK_TICKED', at: 1.5, userActive: true }],
    [{ type: 'CLOCK_TICKED', at: 2 ** 53, userActive: true }],
    [{ type: 'CLOCK_TICKED', at: Number.NaN, userActive: true }],
    [{ type: 'START_SELECTED', cimSessionPresent: 'false' }],
    [{ type: 'PLATFORM_DETECTED', os: 'Windows', platformAuthenticator: true }],
    [{ type: 'NHSNET_CALLBACK_RECEIVED', query: [] }],
    [
      {
        type: 'NHSNET_CALLBACK_RECEIVED',
        query: Object.fromEntries([...Array(21)].map((_, i) => [`k${i}`, 'v'])),
      },
    ],
    [{ type: 'NHSNET_CALLBACK_RECEIVED', query: { ['k'.repeat(101)]: 'v' } }],
    [{ type: 'EMAIL_CODE_SUBMITTED', code: '1'.repeat(101) }],
    [{ type: 'BACK_SELECTED', extra: true }],
    [{ type: 'back_selected' }],
  ])('rejects %j', (x) => {
    expect(wellShaped(x)).toBe(false);
    expect(parseJourneyEvent(x).ok).toBe(false);
  });
});
