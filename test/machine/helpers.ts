/**
 * Drivers and shortcuts for the statechart tests. Journeys are driven like the HTTP layer drives them
 * (a clock tick, the event, then wait until nothing is busy), with the in-test service fakes.
 */

import { expect } from 'vitest';
import type { EventOf, JourneyEvent } from '../../src/machine/events.js';
import type { JourneyServices, JourneyServiceTypes } from '../../src/machine/index.js';
import { currentView, type JourneySnapshot } from '../../src/machine/queries.js';
import {
  type FakeRecord,
  type FakeSwitches,
  GOOD_APP_CODE,
  GOOD_EMAIL_CODE,
  TestJourney,
  validDetails,
} from '../../tooling/journey-fakes.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

export interface JourneyOptions {
  switches?: Partial<FakeSwitches>;
  cimSessionPresent?: boolean;
  now?: number;
}

/** What every test driver offers: TestJourney and SpyJourney both fit. */
export interface Driver {
  readonly switches: FakeSwitches;
  readonly record: FakeRecord;
  readonly snapshot: JourneySnapshot;
  readonly persisted: unknown;
  readonly context: JourneySnapshot['context'];
  now: number;
  advance(ms: number): Driver;
  send(event: JourneyEvent): Promise<Driver>;
  view(): Promise<Driver>;
}

type Overrides = Partial<JourneyServices>;

/** TestJourney with some services replaced (to record inputs or answer per call) and its audit events. */
export class SpyJourney extends TestJourney {
  constructor(opts: JourneyOptions & { overrides?: Overrides } = {}) {
    super(opts);
  }
}

export const journey = (opts: JourneyOptions = {}): TestJourney => new TestJourney(opts);

/** A service whose inputs are recorded and whose answer is computed per call. */
export function spyService<K extends keyof JourneyServiceTypes>(
  answer: (
    input: JourneyServiceTypes[K]['input'],
    call: number,
  ) => JourneyServiceTypes[K]['output'] | Promise<JourneyServiceTypes[K]['output']>,
): { service: JourneyServices[K]; inputs: JourneyServiceTypes[K]['input'][] } {
  const inputs: JourneyServiceTypes[K]['input'][] = [];
  const service = (async (input: JourneyServiceTypes[K]['input']) => {
    inputs.push(input);
    return answer(input, inputs.length);
  }) as JourneyServices[K];
  return { service, inputs };
}

export const viewOf = (j: { snapshot: JourneySnapshot }): string => currentView(j.snapshot);

/** Events as the HTTP layer builds them. */
export const E = {
  start: (cimSessionPresent = false) => ({ type: 'START_SELECTED', cimSessionPresent }) as const,
  loggedOut: (cimSessionPresent: boolean) => ({ type: 'LOGGED_OUT_CONFIRMED', cimSessionPresent }) as const,
  details: (
    over: Partial<Omit<EventOf<'DETAILS_SUBMITTED'>, 'type'>> = {},
  ): EventOf<'DETAILS_SUBMITTED'> => ({
    ...validDetails,
    ...over,
  }),
  emailCode: (code: string) => ({ type: 'EMAIL_CODE_SUBMITTED', code }) as const,
  newCode: { type: 'NEW_EMAIL_CODE_REQUESTED' } as const,
  back: { type: 'BACK_SELECTED' } as const,
  choose: (method: string) => ({ type: 'AUTHENTICATOR_CHOSEN', method }) as const,
  sole: (confirmed: boolean) => ({ type: 'SOLE_ACCESS_CONFIRMED', confirmed }) as const,
  password: (password = 'a long enough passphrase', confirmation = password) =>
    ({ type: 'PASSWORD_CREATED', password, confirmation }) as const,
  qrScanned: { type: 'QR_SCANNED' } as const,
  appCode: (code: string) => ({ type: 'APP_CODE_SUBMITTED', code }) as const,
  callback: (query: Record<string, string>) => ({ type: 'NHSNET_CALLBACK_RECEIVED', query }) as const,
  platform: (os: 'windows' | 'other', platformAuthenticator: boolean) =>
    ({ type: 'PLATFORM_DETECTED', os, platformAuthenticator }) as const,
  passkeyCreated: (responseJSON = '{"id":"cred"}') => ({ type: 'PASSKEY_CREATED', responseJSON }) as const,
  passkeyFailed: (errorName: string) => ({ type: 'PASSKEY_FAILED', errorName }) as const,
  addAnother: { type: 'ADD_ANOTHER_SELECTED' } as const,
  retry: { type: 'RETRY_SELECTED' } as const,
  finish: { type: 'FINISH_SELECTED' } as const,
  chooseAnother: { type: 'CHOOSE_ANOTHER_SELECTED' } as const,
  switchInstructions: { type: 'PASSKEY_INSTRUCTIONS_SWITCHED' } as const,
  extend: { type: 'JOURNEY_EXTENDED' } as const,
};

/** The NHS.net Connect callback that answers the fake's login (state-1). */
export const GOOD_CALLBACK = { state: 'state-1', code: 'auth-code' };

async function expectView<J extends Driver>(j: J, view: string): Promise<J> {
  expect(viewOf(j)).toBe(view);
  return j;
}

export async function toEnterDetails<J extends Driver>(j: J): Promise<J> {
  await j.send(E.start());
  return expectView(j, 'enter-details');
}

export async function toEmailCode<J extends Driver>(j: J, details: JourneyEvent = validDetails): Promise<J> {
  await toEnterDetails(j);
  await j.send(details);
  return expectView(j, 'enter-email-code');
}

export async function toChoose<J extends Driver>(j: J): Promise<J> {
  await toEmailCode(j);
  await j.send(E.emailCode(GOOD_EMAIL_CODE));
  return expectView(j, 'choose-authenticator');
}

export async function toCreatePassword<J extends Driver>(j: J): Promise<J> {
  await toChoose(j);
  await j.send(E.choose('app'));
  await j.send(E.sole(true));
  return expectView(j, 'create-password');
}

export async function toEnterAppCode<J extends Driver>(j: J): Promise<J> {
  await toCreatePassword(j);
  await j.send(E.password());
  await expectView(j, 'scan-qr');
  await j.send(E.qrScanned);
  return expectView(j, 'enter-app-code');
}

export async function toNhsnetInstructions<J extends Driver>(j: J): Promise<J> {
  await toChoose(j);
  await j.send(E.choose('nhsnet'));
  return expectView(j, 'nhsnet-instructions');
}

export async function toAwaitingNhsnet<J extends Driver>(j: J): Promise<J> {
  await toNhsnetInstructions(j);
  await j.send(E.sole(true));
  return expectView(j, 'nhsnet-redirect');
}

export async function toPasskeyRegister<J extends Driver>(
  j: J,
  os: 'windows' | 'other' = 'other',
  platformAuthenticator = false,
): Promise<J> {
  await toChoose(j);
  await j.send(E.choose('passkey'));
  await expectView(j, 'passkey-loading');
  await j.send(E.platform(os, platformAuthenticator));
  return expectView(j, 'passkey-register');
}

/** Finishes the branch that starts at choose-authenticator. */
export async function addFromChoose<J extends Driver>(
  j: J,
  method: 'app' | 'nhsnet' | 'passkey',
): Promise<J> {
  await expectView(j, 'choose-authenticator');
  await j.send(E.choose(method));
  if (method === 'app') {
    await j.send(E.sole(true));
    await j.send(E.password());
    await j.send(E.qrScanned);
    await j.send(E.appCode(GOOD_APP_CODE));
  } else if (method === 'nhsnet') {
    await j.send(E.sole(true));
    await j.send(E.callback(GOOD_CALLBACK));
  } else {
    await j.send(E.platform('other', false));
    await j.send(E.passkeyCreated());
  }
  return expectView(j, `${method === 'app' ? 'app' : method}-added`);
}
