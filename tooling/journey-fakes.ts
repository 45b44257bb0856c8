/**
 * In-test fakes of the journey's services, with switches to make each one answer every way it can, and
 * TestJourney, a journey driven through the journey engine the way the HTTP layer drives it. Used by the
 * machine, property and path tests, the path planner, the docs and the benchmark.
 */
import {
  type AuditEmitted,
  createJourneyEngine,
  type JourneyEngine,
  type JourneyEvent,
  type JourneyServices,
  type JourneySnapshot,
  type ProfileSummary,
} from '../src/machine/index.js';

export const GOOD_EMAIL_CODE = '123456';
export const GOOD_APP_CODE = '654321';
export const DRIFT_APP_CODE = '111111';
export const REPLAYED_APP_CODE = '222222';
export const T0 = Date.UTC(2026, 10, 25, 9, 0, 0);
/** How long the fake limiter's refusal lasts: 40 minutes and a second (the page says 41). */
export const LIMITER_RETRY_AFTER_MS = 40 * 60_000 + 1000;

export interface FakeSwitches {
  captcha: 'pass' | 'fail' | 'down';
  limiter: 'allow' | 'deny' | 'down';
  profile: 'active' | 'suspended' | 'closed' | 'none' | 'noNiNumber' | 'activeWithNhsnet' | 'down';
  mail: 'up' | 'down';
  codeCheck: 'up' | 'down';
  lock: 'up' | 'down';
  password: 'ok' | 'common' | 'mismatch' | 'down';
  appSecret: 'up' | 'down';
  totp: 'up' | 'down';
  nhsnetBegin: 'up' | 'down';
  /** rejected: an account of a tenant not allowed; tokenRejected: the login proved nothing. */
  nhsnetComplete: 'verified' | 'rejected' | 'tokenRejected' | 'down';
  passkeyOptions: 'up' | 'down';
  passkeyVerify: 'phone' | 'windowsHello' | 'fail' | 'down';
  save: 'added' | 'linkedElsewhere' | 'alreadyOnProfile' | 'profileNotUsable' | 'down';
}

export const defaultSwitches = (): FakeSwitches => ({
  captcha: 'pass',
  limiter: 'allow',
  profile: 'active',
  mail: 'up',
  codeCheck: 'up',
  lock: 'up',
  password: 'ok',
  appSecret: 'up',
  totp: 'up',
  nhsnetBegin: 'up',
  nhsnetComplete: 'verified',
  passkeyOptions: 'up',
  passkeyVerify: 'phone',
  save: 'added',
});

const outage = (what: string) => Promise.reject(new Error(`${what} unavailable (test)`));

export interface FakeRecord {
  sent: { to: string; journeyNonce: string }[];
  saved: { profileId: string; method: string; idempotencyKey: string }[];
  locks: number;
}

export function fakeServices(
  sw: FakeSwitches,
  record: FakeRecord = { sent: [], saved: [], locks: 0 },
): JourneyServices {
  const summary = (status: ProfileSummary['status'], hasNhsnet = false): ProfileSummary => ({
    profileId: 'profile-1',
    status,
    hasNhsnet,
    passkeyCount: 0,
    appCount: 0,
  });
  let sends = 0;
  return {
    verifyCaptcha: async () =>
      sw.captcha === 'down' ? outage('captcha') : { success: sw.captcha === 'pass' },
    consumeIdentityCheck: async () =>
      sw.limiter === 'down'
        ? outage('limiter')
        : sw.limiter === 'allow'
          ? { allowed: true }
          : { allowed: false, retryAfterMs: LIMITER_RETRY_AFTER_MS },
    findProfile: async () => {
      switch (sw.profile) {
        case 'down':
          return outage('directory');
        case 'none':
        case 'noNiNumber':
          return null;
        case 'activeWithNhsnet':
          return summary('active', true);
        default:
          return summary(sw.profile);
      }
    },
    sendEmailCode: async (input) => {
      if (sw.mail === 'down') return outage('mail');
      record.sent.push(input);
      sends += 1;
      return { codeHash: `hash-${sends}` };
    },
    verifyEmailCode: async ({ code, codeHash }) =>
      sw.codeCheck === 'down'
        ? outage('codes')
        : { matches: code === GOOD_EMAIL_CODE && codeHash.startsWith('hash-') },
    lockIdentity: async () => {
      if (sw.lock === 'down') return outage('lock');
      record.locks += 1;
      return undefined;
    },
    checkPassword: async () => {
      if (sw.password === 'down') return outage('passwords');
      if (sw.password === 'common') return { ok: false, password: 'common' };
      if (sw.password === 'mismatch') return { ok: false, confirmation: 'confirmationMismatch' };
      return { ok: true, passwordHash: '$argon2id$fake' };
    },
    createAppSecret: async () =>
      sw.appSecret === 'down' ? outage('secrets') : { encryptedSecret: 'v1.sealed' },
    verifyAppCode: async ({ code, afterTimeStep }) => {
      if (sw.totp === 'down') return outage('totp');
      if (code === DRIFT_APP_CODE) return { valid: false, reason: 'drift' };
      if (code === REPLAYED_APP_CODE || (code === GOOD_APP_CODE && afterTimeStep === 100))
        return { valid: false, reason: 'replayed' };
      return code === GOOD_APP_CODE ? { valid: true, timeStep: 100 } : { valid: false, reason: 'wrong' };
    },
    beginNhsnetLogin: async () =>
      sw.nhsnetBegin === 'down'
        ? outage('nhsnet')
        : {
            authorizationUrl: 'https://login.example/authorize',
            state: 'state-1',
            nonce: 'nonce-1',
            codeVerifier: 'v',
          },
    completeNhsnetLogin: async () => {
      if (sw.nhsnetComplete === 'down') return outage('nhsnet');
      if (sw.nhsnetComplete === 'rejected') return { outcome: 'rejected', reason: 'tenant' };
      if (sw.nhsnetComplete === 'tokenRejected') return { outcome: 'rejected', reason: 'token' };
      return {
        outcome: 'verified',
        account: {
          issuer: 'https://login.example',
          tenantId: 't',
          objectId: 'o',
          subject: 's',
          email: 'a@nhs.net',
        },
      };
    },
    createPasskeyOptions: async () =>
      sw.passkeyOptions === 'down'
        ? outage('webauthn')
        : { optionsJSON: '{"challenge":"c"}', challenge: 'c' },
    verifyPasskey: async () => {
      if (sw.passkeyVerify === 'down') return outage('webauthn');
      if (sw.passkeyVerify === 'fail') return { verified: false, reason: 'userVerification' };
      return {
        verified: true,
        passkey: {
          credentialId: 'cred',
          publicKey: 'pk',
          counter: 0,
          transports: ['hybrid'],
          aaguid: '00000000-0000-0000-0000-000000000000',
          deviceType: 'multiDevice',
          backedUp: true,
          attachment: sw.passkeyVerify === 'windowsHello' ? 'platform' : 'cross-platform',
        },
      };
    },
    saveAuthenticator: async (input) => {
      if (sw.save === 'down') return outage('directory');
      record.saved.push({
        profileId: input.profileId,
        method: input.method,
        idempotencyKey: input.idempotencyKey,
      });
      return sw.save === 'added'
        ? { outcome: 'added', authenticatorId: `auth-${record.saved.length}` }
        : { outcome: sw.save };
    },
  };
}

/** The engine the in-test journeys share (one inert scope, as in the service). */
let sharedEngine: JourneyEngine | null = null;
export const testEngine = () => {
  sharedEngine ??= createJourneyEngine();
  return sharedEngine;
};

export interface TestJourneyOptions {
  switches?: Partial<FakeSwitches>;
  cimSessionPresent?: boolean;
  now?: number;
  /** Services replaced for this journey (to record inputs or answer per call). */
  overrides?: Partial<JourneyServices>;
  /** The engine to use (one with an inspector, say). */
  engine?: JourneyEngine;
}

/** A journey driven like the HTTP layer drives it: through the journey engine, a request at a time. */
export class TestJourney {
  readonly switches: FakeSwitches;
  readonly record: FakeRecord = { sent: [], saved: [], locks: 0 };
  readonly audits: AuditEmitted[] = [];
  readonly services: JourneyServices;
  readonly engine: JourneyEngine;
  snapshot: JourneySnapshot;
  now: number;
  /** How long the store would keep the journey after the last request (the engine's answer). */
  ttlSeconds: number | null = null;

  constructor(opts: TestJourneyOptions = {}) {
    this.switches = { ...defaultSwitches(), ...opts.switches };
    this.now = opts.now ?? T0;
    this.engine = opts.engine ?? testEngine();
    this.services = { ...fakeServices(this.switches, this.record), ...opts.overrides };
    const begun = this.engine.begin({
      journeyNonce: 'nonce-abc',
      now: this.now,
      cimSessionPresent: opts.cimSessionPresent ?? false,
    });
    this.snapshot = begun.snapshot;
    this.audits.push(...begun.audits);
  }

  get context() {
    return this.snapshot.context;
  }

  /** What the store would hold. */
  get persisted(): unknown {
    return this.engine.persist(this.snapshot);
  }

  advance(ms: number): this {
    this.now += ms;
    return this;
  }

  /** One request: the clock tick, then these events (none for a page view). */
  async request(events: JourneyEvent[], userActive: boolean): Promise<this> {
    const advanced = await this.engine.advance(
      this.snapshot,
      { now: this.now, userActive },
      events,
      this.services,
    );
    this.snapshot = advanced.snapshot;
    this.audits.push(...advanced.audits);
    this.ttlSeconds = advanced.ttlSeconds;
    return this;
  }

  /** A form post: the clock tick (the person is active), then the event, then every service it needs. */
  send(event: JourneyEvent): Promise<this> {
    return this.request([event], true);
  }

  /** A page view: time passes but the person did nothing. */
  view(): Promise<this> {
    return this.request([], false);
  }

  /** The store's round trip: persisted, as JSON, restored (what happens between two requests). */
  roundTrip(): this {
    const restored = this.engine.restore(JSON.parse(JSON.stringify(this.persisted)));
    if (!restored) throw new Error('the persisted journey could not be restored');
    this.snapshot = restored;
    return this;
  }
}

export const validDetails = {
  type: 'DETAILS_SUBMITTED',
  email: 'alex.morgan@nhs.net',
  niNumber: 'AB 12 34 56 C',
  captchaToken: 'token',
  clientIp: '203.0.113.9',
} as const satisfies JourneyEvent;
