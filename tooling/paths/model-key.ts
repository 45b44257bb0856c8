/**
 * The model's notion of "the same state": the state value and the context, less what no guard, no
 * modelled service answer and no catalogue entry reads (errors shown, what was typed, hashes and ids),
 * with every timestamp (a number field named `...At`) as its age at `now`. Two snapshots with one key
 * behave alike for every catalogue step, which is what lets the graph search treat them as one vertex.
 * A context field added later is part of the key until it is listed here: safe, if slower. If merging
 * ever hid a transition, planning says so (plan.ts checks each chosen path takes what it was chosen for).
 */
import type { JourneySnapshot } from '../../src/machine/index.js';
import { LONG_WAIT_MS } from './catalogue.js';
import { answersFor } from './service-answers.js';
import { isBusySnapshot } from './steps.js';

/** Context fields no guard reads: shown on pages, sent to services, or made up by services. */
const UNREAD = new Set([
  'journeyNonce',
  'now',
  'errors',
  'notice',
  'enteredDetails',
  'details',
  'pendingCheck',
  'endReason',
  'cimSessionPresent',
  'soleAccessConfirmed',
  'codeHash',
  'passwordHash',
  'optionsJSON',
  'challenge',
  'verified',
  'authenticatorId',
]);

/** The same, by their place in the context (their names mean more elsewhere: in services' answers). */
const UNREAD_PATHS = new Set(['nhsnet.account']);

/** Fields that only the identity check reads: once the email is proven the journey never goes back. */
const IDENTITY_ONLY = new Set(['email.code', 'email.codesSent', 'email.lastSentAt', 'email.wrongCodes']);

const PASSKEY_RESUME_POINTS = new Set(['creatingPasskeyOptions', 'savingPasskey']);

/** `drop` is asked with each field's path in the context (`email.code`). */
function abstract(value: unknown, now: number, drop: (path: string) => boolean, at = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => abstract(v, now, drop, at));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const path = at ? `${at}.${k}` : k;
    if (UNREAD.has(k) || UNREAD_PATHS.has(path) || drop(path)) continue;
    out[k] = typeof v === 'number' && /At$/.test(k) ? now - v : abstract(v, now, drop, path);
  }
  return out;
}

/**
 * A pending service's answers depend on its input (the code typed, say), so they are part of a busy
 * state; the hashes and ids in them are not.
 */
const withoutIds = (k: string, v: unknown) => (UNREAD.has(k) ? undefined : v);

/**
 * How long the journey has run. Exact while the email is being proven (the catalogue spaces code sends
 * by it); afterwards the model never waits again, so only whether it waited, and how long a wait it
 * was, can still matter.
 */
function elapsedClass(s: JourneySnapshot): { startedAt?: number | string } {
  const elapsed = s.context.now - s.context.startedAt;
  if (!s.context.email.proven || elapsed === 0) return { startedAt: elapsed };
  return { startedAt: elapsed < LONG_WAIT_MS ? 'short waits' : 'a long wait' };
}

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
  const outage = s.matches('serviceUnavailable');
  const inPasskey =
    s.matches({ addAuthenticator: 'passkey' }) ||
    (outage && PASSKEY_RESUME_POINTS.has(c.problems.resumeAt ?? ''));
  const context = abstract(c, c.now, (path) => {
    if (c.email.proven && IDENTITY_ONLY.has(path)) return true;
    // Every way into service-unavailable sets it; elsewhere it is a leftover no guard reads.
    if (path === 'problems.resumeAt') return !outage;
    // The platform is asked again on every visit to the passkey branch; it matters only inside it.
    if (path === 'passkey') return !inPasskey;
    // Only whether an NHS.net Connect account was added matters (there is one per profile).
    return path === 'added';
  });
  const nhsnetAdded = c.added.some((a) => a.method === 'nhsnet');
  return JSON.stringify({
    value: s.value,
    context: { ...(context as object), ...elapsedClass(s) },
    nhsnetAdded,
  });
}
