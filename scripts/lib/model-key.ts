/**
 * The model's notion of "the same state": the state value plus every part of the context that a guard,
 * a modelled service answer or the catalogue looks at, and nothing else (not the errors shown, not
 * hashes or ids). Two snapshots with one key behave alike for every catalogue step, which is what lets
 * the graph search treat them as one vertex; running the paths on the machine checks it step by step.
 */
import type { JourneySnapshot } from '../../src/machine/index.js';
import { LIMITS } from '../../src/machine/limits.js';
import { answersFor } from './service-answers.js';
import { isBusySnapshot } from './steps.js';

const PASSKEY_RESUME_POINTS = new Set(['creatingPasskeyOptions', 'savingPasskey']);

function emailCodeAge(s: JourneySnapshot): string {
  const code = s.context.emailCode;
  if (!code) return 'none';
  const age = s.context.now - code.sentAt;
  if (age < LIMITS.emailCodeResendGapMs) return 'fresh';
  return age > LIMITS.emailCodeLifetimeMs ? 'expired' : 'resendable';
}

function challengeAge(s: JourneySnapshot): string {
  const issued = s.context.passkey.challengeIssuedAt;
  if (issued === null) return 'none';
  return s.context.now - issued > LIMITS.passkeyChallengeLifetimeMs ? 'expired' : 'fresh';
}

/**
 * A pending service's answers depend on its input (the code typed, say), so they are part of a busy
 * state. Hashes and ids that services make up: stored, but no guard looks at them. */
const withoutIds = (k: string, v: unknown) => (k === 'codeHash' || k === 'authenticatorId' ? undefined : v);

/** The model key: what the journey remembers, plus the answers a pending service can still give. */
export function modelKey(s: JourneySnapshot): string {
  if (!isBusySnapshot(s)) return stateKey(s);
  const pending = answersFor(s).map((a) => `${a.label} ${JSON.stringify(a.output, withoutIds)}`);
  return `${stateKey(s)}|${JSON.stringify(pending)}`;
}

/** What the journey remembers that matters (comparable between a model snapshot and a running one). */
export function stateKey(s: JourneySnapshot): string {
  // A finished journey has no future: one vertex per final state.
  if (s.status !== 'active') return `${s.status}:${JSON.stringify(s.value)}`;
  const c = s.context;
  const inPasskey =
    s.matches({ addAuthenticator: 'passkey' }) ||
    (s.matches('serviceUnavailable') && PASSKEY_RESUME_POINTS.has(c.resumeAt ?? ''));
  const key = {
    value: s.value,
    elapsed: c.now - c.startedAt,
    idle: c.now - c.lastActivityAt,
    // Every way into service-unavailable sets it; elsewhere it is a leftover no guard reads.
    resumeAt: s.matches('serviceUnavailable') ? c.resumeAt : null,
    // Until the email is proven: what decides the identity check and the code guards.
    identity: c.emailProven
      ? null
      : {
          profile: c.profile ? c.profile.status : null,
          sent: c.emailCodesSent,
          wrong: c.wrongEmailCodes,
          code: emailCodeAge(s),
        },
    hasNhsnet: !!c.profile?.hasNhsnet || c.added.some((a) => a.method === 'nhsnet'),
    app: {
      secret: c.app.encryptedSecret !== null,
      timeStep: c.app.acceptedTimeStep,
      wrong: c.wrongAppCodes,
    },
    nhsnetLogin: c.nhsnetLogin !== null,
    // The platform is asked again on every visit to the passkey branch; it matters only inside it.
    passkey: inPasskey
      ? { windows: c.passkey.onWindows, hello: c.passkey.windowsHello, challenge: challengeAge(s) }
      : null,
  };
  return JSON.stringify(key);
}
