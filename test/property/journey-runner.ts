/**
 * Runs a random sequence of steps against the journey like the HTTP layer would (clock tick, event,
 * settle; sometimes a JSON round trip between requests) and checks the invariants at every snapshot.
 */
import type { InspectionEvent } from 'xstate';
import { createJourneyEngine } from '../../src/machine/engine.js';
import { type JourneyEvent, parseJourneyEvent } from '../../src/machine/events.js';
import { LIMITS } from '../../src/machine/limits.js';
import { currentView, type JourneySnapshot } from '../../src/machine/queries.js';
import {
  type FakeRecord,
  type FakeSwitches,
  GOOD_APP_CODE,
  GOOD_EMAIL_CODE,
  T0,
  TestJourney,
  validDetails,
} from '../../tooling/journey-fakes.js';
import type { Step } from './arbitraries.js';

/** Passwords the runner types carry this marker, so a persisted snapshot can be searched for them. */
export const PASSWORD_MARKER = 'PW-MARKER-';

const SAVING_STATES: Record<string, string> = {
  savingApp: 'appAdded',
  linkingNhsnet: 'nhsnetAdded',
  savingPasskey: 'passkeyAdded',
};
const ADDED_STATES = new Set(Object.values(SAVING_STATES));

/** The deepest active state's key. */
export function leafOf(snapshot: JourneySnapshot): string {
  let value: unknown = snapshot.value;
  while (value && typeof value === 'object') value = Object.values(value)[0];
  return String(value);
}

/** The event that moves a settled journey on along some branch (pick chooses which). */
function progressEvent(view: string, pick: number): JourneyEvent | null {
  const choose = <T>(options: T[]): T => options[pick % options.length] as T;
  switch (view) {
    case 'start':
      return { type: 'START_SELECTED', cimSessionPresent: pick % 10 === 0 };
    case 'log-out-first':
      return { type: 'LOGGED_OUT_CONFIRMED', cimSessionPresent: pick % 3 === 0 };
    case 'enter-details':
      return choose([validDetails, validDetails, { ...validDetails, email: 'jo.bloggs@nhs.net' }]);
    case 'enter-email-code':
      return choose<JourneyEvent>([
        { type: 'EMAIL_CODE_SUBMITTED', code: GOOD_EMAIL_CODE },
        { type: 'EMAIL_CODE_SUBMITTED', code: GOOD_EMAIL_CODE },
        { type: 'EMAIL_CODE_SUBMITTED', code: '000000' },
        { type: 'NEW_EMAIL_CODE_REQUESTED' },
      ]);
    case 'choose-authenticator':
      return { type: 'AUTHENTICATOR_CHOSEN', method: choose(['app', 'nhsnet', 'passkey']) };
    case 'app-instructions':
    case 'nhsnet-instructions':
      return { type: 'SOLE_ACCESS_CONFIRMED', confirmed: pick % 5 !== 0 };
    case 'create-password': {
      const password = `${PASSWORD_MARKER}${pick}`;
      return { type: 'PASSWORD_CREATED', password, confirmation: password };
    }
    case 'scan-qr':
      return { type: 'QR_SCANNED' };
    case 'enter-app-code':
      return { type: 'APP_CODE_SUBMITTED', code: choose([GOOD_APP_CODE, GOOD_APP_CODE, '000000']) };
    case 'nhsnet-redirect':
      return {
        type: 'NHSNET_CALLBACK_RECEIVED',
        query: choose<Record<string, string>>([
          { state: 'state-1', code: 'auth-code' },
          { state: 'state-1', code: 'auth-code' },
          { state: 'state-1', error: 'access_denied' },
          { state: 'forged', code: 'auth-code' },
        ]),
      };
    case 'passkey-loading':
      return {
        type: 'PLATFORM_DETECTED',
        os: choose(['windows', 'other'] as const),
        platformAuthenticator: pick % 2 === 0,
      };
    case 'passkey-register':
      return choose<JourneyEvent>([
        { type: 'PASSKEY_CREATED', responseJSON: '{"id":"cred"}' },
        { type: 'PASSKEY_CREATED', responseJSON: '{"id":"cred"}' },
        { type: 'PASSKEY_FAILED', errorName: 'NotAllowedError' },
      ]);
    case 'app-added':
    case 'nhsnet-added':
    case 'passkey-added':
      return { type: 'ADD_ANOTHER_SELECTED' };
    case 'service-unavailable':
    case 'nhsnet-unavailable':
    case 'passkey-windows-hello':
      return { type: 'RETRY_SELECTED' };
    default:
      return null;
  }
}

export class JourneyRunner {
  readonly violations: string[] = [];
  readonly viewsSeen = new Map<string, number>();
  private readonly journey: TestJourney;
  private prev: JourneySnapshot | null = null;
  private finalValue: string | null = null;

  constructor() {
    // Every snapshot the engine passes through, busy ones included, is checked as it happens.
    const engine = createJourneyEngine(undefined, {
      inspect: (e: InspectionEvent) => {
        if (e.type === '@xstate.microstep')
          this.observe((e as unknown as { snapshot: JourneySnapshot }).snapshot);
      },
    });
    this.journey = new TestJourney({ now: T0, engine });
    this.observe(this.journey.snapshot);
  }

  get switches(): FakeSwitches {
    return this.journey.switches;
  }

  get record(): FakeRecord {
    return this.journey.record;
  }

  get snapshot(): JourneySnapshot {
    return this.journey.snapshot;
  }

  private fail(message: string, s: JourneySnapshot) {
    this.violations.push(`${message} at ${JSON.stringify(s.value)}`);
  }

  /** Invariants of every snapshot, busy ones included. */
  private observe(s: JourneySnapshot) {
    const c = s.context;
    const leaf = leafOf(s);
    if (s.status === 'error') this.fail('status error', s);
    if (c.email.wrongCodes > LIMITS.wrongEmailCodesPerJourney) this.fail('wrongEmailCodes > 5', s);
    if (c.app.wrongCodes > LIMITS.wrongAppCodesPerJourney) this.fail('wrongAppCodes > 5', s);
    if (c.email.codesSent > LIMITS.emailCodeSendsPerJourney) this.fail('emailCodesSent > 4', s);
    const inAddAuthenticator = typeof s.value === 'object' && 'addAuthenticator' in s.value;
    if (inAddAuthenticator && !(c.email.proven && c.profile?.status === 'active'))
      this.fail('authenticator screen without a proven email and an active profile', s);
    if (leaf === 'savingApp' && !c.app.soleAccessConfirmed) this.fail('app saved without sole access', s);
    if (leaf === 'linkingNhsnet' && !c.nhsnet.soleAccessConfirmed)
      this.fail('NHS.net linked without sole access', s);
    if (ADDED_STATES.has(leaf) && this.prev && leafOf(this.prev) !== leaf) {
      const from = leafOf(this.prev);
      if (SAVING_STATES[from] !== leaf) this.fail(`${leaf} entered from ${from}`, s);
    }
    if (this.finalValue !== null && JSON.stringify(s.value) !== this.finalValue)
      this.fail(`left the final state ${this.finalValue}`, s);
    if (s.status === 'done') this.finalValue ??= JSON.stringify(s.value);
    this.prev = s;
  }

  /** Invariants of a settled journey, between requests. */
  private checkSettled() {
    const s = this.snapshot;
    if (s.hasTag('busy')) this.fail('busy after settling', s);
    let view = '';
    try {
      view = currentView(s);
    } catch {
      this.fail('no view', s);
    }
    this.viewsSeen.set(view, (this.viewsSeen.get(view) ?? 0) + 1);
    if (s.context.pendingCheck !== null) this.fail('CAPTCHA token kept', s);
    const json = JSON.stringify(this.journey.persisted);
    if (json.includes(PASSWORD_MARKER)) this.fail('password persisted', s);
    const typed = Buffer.byteLength(JSON.stringify(s.context.enteredDetails ?? {}), 'utf8');
    if (Buffer.byteLength(json, 'utf8') - typed >= 2048) this.fail(`snapshot of ${json.length} bytes`, s);
    if (this.record.locks > 1) this.fail('locked twice', s);
    if (this.record.sent.length > LIMITS.emailCodeSendsPerJourney) this.fail('more than 4 codes mailed', s);
    const keys = new Set(this.record.saved.map((r) => r.idempotencyKey));
    if (keys.size < s.context.added.length) this.fail('added more than saved', s);
  }

  private async request(event: JourneyEvent) {
    // The HTTP layer makes the clock tick itself: a tick as an event is only that tick.
    await this.journey.request(event.type === 'CLOCK_TICKED' ? [] : [event], true);
  }

  async run(step: Step): Promise<void> {
    switch (step.kind) {
      case 'event': {
        const parsed = parseJourneyEvent(step.candidate);
        if (parsed.ok !== step.wellShaped)
          this.violations.push(`parse ok=${parsed.ok} for ${step.wellShaped}`);
        if (parsed.ok) await this.request(parsed.event);
        break;
      }
      case 'progress': {
        const event = progressEvent(currentView(this.snapshot), step.pick);
        if (event) await this.request(event);
        break;
      }
      case 'wait':
        this.journey.advance(step.ms);
        break;
      case 'pageView':
        await this.journey.view();
        break;
      case 'switch':
        (this.switches as unknown as Record<string, string>)[step.key] = step.value;
        break;
      case 'restore':
        this.restore();
        break;
    }
    this.checkSettled();
  }

  /** The HTTP layer's round trip: persist, JSON, restore. */
  private restore() {
    const before = this.snapshot;
    this.journey.roundTrip();
    const after = this.snapshot;
    if (JSON.stringify(after.value) !== JSON.stringify(before.value)) this.fail('restored elsewhere', after);
    if (JSON.stringify(after.context) !== JSON.stringify(before.context))
      this.fail('restored other context', after);
    if (after.status !== before.status) this.fail(`restored as ${after.status}`, after);
  }
}
