/** fast-check arbitraries of journey events (well-shaped and not) and of whole request sequences. */
import fc from 'fast-check';
import type { JourneyEvent, JourneyEventType } from '../../src/machine/events.js';
import {
  DRIFT_APP_CODE,
  type FakeSwitches,
  GOOD_APP_CODE,
  GOOD_EMAIL_CODE,
  REPLAYED_APP_CODE,
  validDetails,
} from '../../tooling/journey-fakes.js';

const MINUTE = 60_000;

/** Strings of every kind: ASCII, any Unicode (incl. lone surrogates), control characters. */
export const anyText = (maxLength: number) =>
  fc.oneof(
    fc.string({ maxLength: Math.min(maxLength, 40) }),
    fc.string({ unit: 'grapheme', maxLength: Math.min(maxLength, 40) }),
    fc.string({ unit: 'binary', maxLength: Math.min(maxLength, 40) }),
    fc.constantFrom('', ' ', '\u0000', '\u202e', '"}', '<script>', '\ud800', '🙂'.repeat(3)),
    fc.nat({ max: maxLength }).map((n) => 'x'.repeat(n)),
  );

const validEmails = fc.constantFrom(
  validDetails.email,
  ' ALEX.MORGAN@nhs.net ',
  'jo.bloggs@nhs.net',
  `${'a'.repeat(64)}@nhs.net`,
);
const validNis = fc.constantFrom(validDetails.niNumber, 'ab123456c', 'JM-40-19-27-B', 'ZA123456D');
const invalidNis = fc.constantFrom(
  'QQ123456C',
  'QQ 12 34 56 C',
  'BG123456A',
  'AO123456A',
  'AB123456E',
  'AB12345C',
);

const sixDigits = fc.integer({ min: 0, max: 999_999 }).map((n) => String(n).padStart(6, '0'));

/** Query objects of an NHS.net Connect callback: ours, cancelled, erroring, forged, random. */
export const nhsnetQuery: fc.Arbitrary<Record<string, string>> = fc.oneof(
  fc.constant({ state: 'state-1', code: 'auth-code' }),
  fc.constant({ state: 'state-1', error: 'access_denied' }),
  fc.record({ state: fc.constant('state-1'), error: anyText(100) }),
  fc.record({ state: anyText(100), code: anyText(100) }),
  fc.constant({ state: 'state-1' }),
  fc.dictionary(anyText(100), anyText(4096), { maxKeys: 20, noNullPrototype: true }),
);

/** Well-shaped events of every type (except CLOCK_TICKED, which the runner sends itself). */
export const wellShapedEvent: fc.Arbitrary<JourneyEvent> = fc.oneof(
  fc.constant({ type: 'JOURNEY_EXTENDED' } as const),
  fc.boolean().map((b) => ({ type: 'START_SELECTED', cimSessionPresent: b }) as const),
  fc.boolean().map((b) => ({ type: 'LOGGED_OUT_CONFIRMED', cimSessionPresent: b }) as const),
  fc.record({
    type: fc.constant('DETAILS_SUBMITTED' as const),
    email: fc.oneof(validEmails, anyText(1000)),
    niNumber: fc.oneof(validNis, invalidNis, anyText(100)),
    captchaToken: fc.oneof(fc.constant('token'), fc.constant(''), anyText(8192)),
    clientIp: fc.oneof(fc.constant(validDetails.clientIp), anyText(64)),
  }),
  fc
    .oneof(fc.constant(GOOD_EMAIL_CODE), fc.constant('12 34-56'), sixDigits, anyText(100))
    .map((code) => ({ type: 'EMAIL_CODE_SUBMITTED', code }) as const),
  fc.constant({ type: 'NEW_EMAIL_CODE_REQUESTED' } as const),
  fc.constant({ type: 'BACK_SELECTED' } as const),
  fc
    .oneof(fc.constantFrom('app', 'nhsnet', 'passkey'), anyText(50))
    .map((method) => ({ type: 'AUTHENTICATOR_CHOSEN', method }) as const),
  fc.boolean().map((confirmed) => ({ type: 'SOLE_ACCESS_CONFIRMED', confirmed }) as const),
  fc.record({
    type: fc.constant('PASSWORD_CREATED' as const),
    password: anyText(4096),
    confirmation: anyText(4096),
  }),
  fc.constant({ type: 'QR_SCANNED' } as const),
  fc
    .oneof(fc.constantFrom(GOOD_APP_CODE, DRIFT_APP_CODE, REPLAYED_APP_CODE), sixDigits, anyText(100))
    .map((code) => ({ type: 'APP_CODE_SUBMITTED', code }) as const),
  nhsnetQuery.map((query) => ({ type: 'NHSNET_CALLBACK_RECEIVED', query }) as const),
  fc.record({
    type: fc.constant('PLATFORM_DETECTED' as const),
    os: fc.constantFrom('windows' as const, 'other' as const),
    platformAuthenticator: fc.boolean(),
  }),
  fc.constant({ type: 'PLATFORM_QUESTION_UNANSWERED' } as const),
  fc
    .oneof(fc.constant('{"id":"cred"}'), anyText(32_768))
    .map((responseJSON) => ({ type: 'PASSKEY_CREATED', responseJSON }) as const),
  fc
    .oneof(fc.constantFrom('NotAllowedError', 'InvalidStateError', 'AbortError'), anyText(100))
    .map((errorName) => ({ type: 'PASSKEY_FAILED', errorName }) as const),
  fc.constant({ type: 'ADD_ANOTHER_SELECTED' } as const),
  fc.constant({ type: 'RETRY_SELECTED' } as const),
);

const EVENT_TYPES: JourneyEventType[] = [
  'CLOCK_TICKED',
  'JOURNEY_EXTENDED',
  'START_SELECTED',
  'LOGGED_OUT_CONFIRMED',
  'DETAILS_SUBMITTED',
  'EMAIL_CODE_SUBMITTED',
  'NEW_EMAIL_CODE_REQUESTED',
  'BACK_SELECTED',
  'AUTHENTICATOR_CHOSEN',
  'SOLE_ACCESS_CONFIRMED',
  'PASSWORD_CREATED',
  'QR_SCANNED',
  'APP_CODE_SUBMITTED',
  'NHSNET_CALLBACK_RECEIVED',
  'PLATFORM_DETECTED',
  'PLATFORM_QUESTION_UNANSWERED',
  'PASSKEY_CREATED',
  'PASSKEY_FAILED',
  'ADD_ANOTHER_SELECTED',
  'RETRY_SELECTED',
];

/** Keys and values that event-like junk is made of, so that it comes close to real events. */
const eventishKey = fc.oneof(
  fc.constantFrom('type', 'at', 'userActive', 'cimSessionPresent', 'email', 'niNumber', 'captchaToken'),
  fc.constantFrom('clientIp', 'code', 'method', 'confirmed', 'password', 'confirmation', 'query'),
  fc.constantFrom('state', 'error', 'os', 'platformAuthenticator', 'responseJSON', 'errorName'),
  fc.string({ maxLength: 12 }),
);

export const eventishAnything = fc.anything({
  key: eventishKey,
  maxDepth: 3,
  values: [
    fc.constantFrom(...EVENT_TYPES, 'windows', 'other', 'app'),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string({ maxLength: 12 }),
    fc.constant(null),
    fc.constant(undefined),
  ],
});

const fieldValue = fc.oneof(
  fc.boolean(),
  fc.string({ maxLength: 8 }),
  fc.constantFrom('windows', 'other', 'x'.repeat(101), 'x'.repeat(5000)),
  fc.integer({ min: -5, max: 2 ** 53 }),
  fc.constantFrom(null, undefined, 1.5, [], {}),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), {
    maxKeys: 3,
  }),
);

/** A well-shaped event with some fields dropped or overwritten: sometimes still well-shaped, often not. */
export const nearEvent: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.oneof(
      wellShapedEvent,
      fc.integer({ min: 0, max: 2 ** 53 }).map((at) => ({ type: 'CLOCK_TICKED', at, userActive: true })),
    ),
    fc.dictionary(eventishKey, fieldValue, { maxKeys: 2, noNullPrototype: true }),
    fc.boolean(),
  )
  .map(([event, overrides, dropOne]) => {
    const copy: Record<string, unknown> = { ...event, ...overrides };
    if (dropOne) delete copy[Object.keys(copy).at(-1) ?? 'type'];
    return copy;
  });

/** A well-shaped event broken in one way: a field dropped, added, retyped or made too long. */
export const malformedEvent: fc.Arbitrary<unknown> = fc
  .tuple(
    wellShapedEvent,
    fc.constantFrom('drop', 'extra', 'retype', 'tooLong', 'unknownType', 'notObject'),
    fc.nat(),
  )
  .map(([event, how, n]) => {
    const copy: Record<string, unknown> = { ...event };
    const fields = Object.keys(copy).filter((k) => k !== 'type');
    const field = fields[n % Math.max(fields.length, 1)];
    switch (how) {
      case 'drop':
        if (field) delete copy[field];
        else delete copy.type;
        return copy;
      case 'extra':
        copy[`extra${n % 3}`] = 'x';
        return copy;
      case 'retype':
        copy[field ?? 'type'] = [1, null, {}, 'string', true][n % 5];
        if (typeof event[field as keyof typeof event] === typeof copy[field ?? 'type'])
          copy[field ?? 'type'] = [];
        return copy;
      case 'tooLong':
        copy[field ?? 'type'] = 'x'.repeat(40_000);
        return copy;
      case 'unknownType':
        copy.type = `${event.type}_`;
        return copy;
      default:
        return [[event], 'a string', 42, null][n % 4];
    }
  });

export const SWITCH_VALUES: { [K in keyof FakeSwitches]: FakeSwitches[K][] } = {
  captcha: ['pass', 'fail', 'down'],
  limiter: ['allow', 'deny', 'down'],
  profile: ['active', 'suspended', 'closed', 'none', 'activeWithNhsnet', 'down'],
  mail: ['up', 'down'],
  codeCheck: ['up', 'down'],
  lock: ['up', 'down'],
  password: ['ok', 'common', 'mismatch', 'down'],
  appSecret: ['up', 'down'],
  totp: ['up', 'down'],
  nhsnetBegin: ['up', 'down'],
  nhsnetComplete: ['verified', 'rejected', 'down'],
  passkeyOptions: ['up', 'down'],
  passkeyVerify: ['phone', 'windowsHello', 'fail', 'down'],
  save: ['added', 'linkedElsewhere', 'alreadyOnProfile', 'profileNotUsable', 'down'],
};

const switchKeys = Object.keys(SWITCH_VALUES) as (keyof FakeSwitches)[];
/** The limiter is flipped more often than the rest: its refusal is a page ("too many attempts") that
 *  the other switches reach only through long runs of wrong codes, and the property must see it. */
const switchKey = fc.oneof(
  { weight: 1, arbitrary: fc.constant<keyof FakeSwitches>('limiter') },
  { weight: 4, arbitrary: fc.constantFrom(...switchKeys) },
);

const switchStep = switchKey.chain((key) =>
  // Half the flips put the service back to normal, so that outages come and go.
  fc
    .oneof(fc.constant(SWITCH_VALUES[key][0] as string), fc.constantFrom(...(SWITCH_VALUES[key] as string[])))
    .map((value) => ({ kind: 'switch' as const, key, value })),
);

/** One thing that happens to a journey between two settled states. */
export type Step =
  | { kind: 'event'; candidate: unknown; wellShaped: boolean }
  | { kind: 'progress'; pick: number }
  | { kind: 'wait'; ms: number }
  | { kind: 'pageView' }
  | { kind: 'switch'; key: keyof FakeSwitches; value: string }
  | { kind: 'restore' };

const waitMs = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 40_000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 6 * MINUTE }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 35 * MINUTE }) },
  { weight: 1, arbitrary: fc.constantFrom(30_000, 10 * MINUTE + 1, 5 * MINUTE + 1, 30 * MINUTE) },
);

export const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 10, arbitrary: fc.nat().map((pick) => ({ kind: 'progress' as const, pick })) },
  {
    weight: 4,
    arbitrary: wellShapedEvent.map((candidate) => ({ kind: 'event' as const, candidate, wellShaped: true })),
  },
  {
    weight: 1,
    arbitrary: malformedEvent.map((candidate) => ({ kind: 'event' as const, candidate, wellShaped: false })),
  },
  { weight: 2, arbitrary: waitMs.map((ms) => ({ kind: 'wait' as const, ms })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'pageView' as const }) },
  { weight: 2, arbitrary: switchStep },
  { weight: 1, arbitrary: fc.constant({ kind: 'restore' as const }) },
);

export const steps = fc.array(step, { minLength: 1, maxLength: 40, size: 'max' });
