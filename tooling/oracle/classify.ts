/**
 * Which row of the oracle table (table.ts) a step of a path belongs to. The class comes from the step
 * (the event and its payload, the time it waited), the answers the in-test services were set to give
 * (tooling/journey-fakes.ts switches) and what this journey did before, which the oracle remembers for
 * itself from SPEC's rules (codes sent, wrong codes, the platform, what is on the profile). It imports
 * nothing of the statechart: the state, guards and context of src/machine are what it checks.
 */

import { codeDigits, isEmail, isNiNumber, isSixDigits, SPEC_NUMBERS as N, WORLD } from './spec-rules.js';
import {
  ANY_PAGE,
  type Effect,
  METHODS,
  type Method,
  ORACLE,
  type OracleRow,
  type Page,
  PLATFORMS,
  type Platform,
  PROFILE_KINDS,
  type ProfileKind,
  rowKey,
  SAME_AS_BEFORE,
  waitFor,
} from './table.js';

/** A step as the oracle reads it: a person's request (with its event) or a page view, after a wait. */
export interface OracleStep {
  kind: 'user' | 'view';
  advanceMs: number;
  event?: { type: string } & Record<string, unknown>;
}

/** How the in-test services answer during a request (journey-fakes.ts FakeSwitches, as plain text). */
export type World = Readonly<Record<string, string>>;

/** What a person sees after a step. */
export interface Seen {
  page: Page;
  errors: string[];
  effects: Effect[];
  /** What else the page shows that the step decides (see SHOWN). */
  shows: string[];
}

/** The facts a page shows besides its errors, by the oracle's words. */
export const SHOWN = {
  nhsnetTaken: 'NHS.net Connect shown as already added',
  type2: 'passkey steps for Windows Hello present (type 2)',
  type1: 'passkey steps without Windows Hello (type 1)',
  newCode: 'a new code was sent',
} as const;

const FINAL: readonly Page[] = [
  'session-timed-out',
  'too-many-attempts',
  'problem-adding-authenticator',
  'contact-registration-authority',
  'profile-not-found',
  'finished',
];

const ADDED_PAGES: readonly Page[] = ['app-added', 'nhsnet-added', 'passkey-added'];

type Outage =
  | 'identity'
  | 'send'
  | 'checkCode'
  | 'password'
  | 'secret'
  | 'appCode'
  | 'saveApp'
  | 'linkNhsnet'
  | 'savePasskey'
  | 'passkeyOptions';

/** What the oracle remembers of the journey, from what SPEC says each step does. */
interface Memory {
  seen: Seen;
  ended: boolean;
  now: number;
  startedAt: number;
  lastActivityAt: number;
  profile: ProfileKind | null;
  codesSent: number;
  lastCodeAt: number | null;
  wrongEmailCodes: number;
  nhsnetOnProfile: boolean;
  appSecret: boolean;
  appCodeAccepted: boolean;
  wrongAppCodes: number;
  nhsnetLoginState: string | null;
  platform: Platform | null;
  /** Which passkey steps the person is shown: type 2 (Windows Hello present) or type 1. */
  passkeyType2: boolean;
  challengeAt: number | null;
  outage: Outage | null;
  /** Late failures so far (SPEC 8), and the method of the last. */
  lateFailures: number;
  lateMethod: Method | null;
}

export class OracleError extends Error {}

const BY_KEY = new Map(ORACLE.map((r) => [rowKey(r.page, r.input), r]));

/** The row for a page and input class; a class with no row is a gap of the oracle, said as such. */
export function rowFor(page: Page, input: string): OracleRow {
  const found = BY_KEY.get(rowKey(page, input)) ?? BY_KEY.get(rowKey(ANY_PAGE, input));
  if (!found) throw new OracleError(`the oracle has no row for ${page} | ${input}`);
  return found;
}

const ORDINAL = ['1st', '2nd', '3rd', '4th'];

export class Oracle {
  private m: Memory;
  /** What the page shows that this step's input decided beyond its row (settle adds it). */
  private pendingShows: string[] = [];
  /** Every row a step of this journey fell in, in order. */
  readonly rows: OracleRow[] = [];

  constructor(start: { now: number; cimSessionPresent: boolean }) {
    this.m = {
      seen: { page: 'start', errors: [], effects: [], shows: [] },
      ended: false,
      now: start.now,
      startedAt: start.now,
      lastActivityAt: start.now,
      profile: null,
      codesSent: 0,
      lastCodeAt: null,
      wrongEmailCodes: 0,
      nhsnetOnProfile: false,
      appSecret: false,
      appCodeAccepted: false,
      wrongAppCodes: 0,
      nhsnetLoginState: null,
      platform: null,
      passkeyType2: false,
      challengeAt: null,
      outage: null,
      lateFailures: 0,
      lateMethod: null,
    };
    this.opening = this.settle(
      'start',
      start.cimSessionPresent
        ? 'the journey begins with a Care Identity Management session cookie'
        : 'the journey begins, no Care Identity Management session',
    );
  }

  /** What the first page shows. */
  readonly opening: Seen;

  get ended(): boolean {
    return this.m.ended;
  }

  /** What SPEC says the person sees after this step, given how the services answer. */
  next(step: OracleStep, world: World): Seen & { row: OracleRow } {
    if (this.m.ended) throw new OracleError('a step after the journey ended');
    const m = this.m;
    const page = m.seen.page;
    const now = m.now + step.advanceMs;
    m.now = now;
    if (ADDED_PAGES.includes(page) && now - m.lastActivityAt >= N.idleAfterAddedMs) {
      const seen = this.settle(page, 'a request 5 minutes or more after the last activity');
      return { ...seen, row: this.rows[this.rows.length - 1] as OracleRow };
    }
    if (now - m.lastActivityAt > N.inactivityMs || now - m.startedAt > N.absoluteMs) {
      const seen = this.settle(page, 'a request more than 30 minutes after the last one');
      return { ...seen, row: this.rows[this.rows.length - 1] as OracleRow };
    }
    if (step.kind === 'user') m.lastActivityAt = now;
    const event = step.event;
    let input: string;
    if (!event) input = 'a page view';
    else if (event.type === 'JOURNEY_EXTENDED') input = 'the person extends the journey';
    else input = this.classify(page, event, world);
    const seen = this.settle(page, input);
    return { ...seen, row: this.rows[this.rows.length - 1] as OracleRow };
  }

  /** Looks the row up and remembers what the person now sees. */
  private settle(page: Page, input: string): Seen {
    const row = rowFor(page, input);
    this.rows.push(row);
    const m = this.m;
    const effects = [...(row.expect.effects ?? [])];
    if (row.expect.page === SAME_AS_BEFORE) {
      m.seen = { ...m.seen, effects };
      return m.seen;
    }
    const next = row.expect.page;
    const shows: string[] = [...(row.expect.shows ?? []), ...this.pendingShows];
    this.pendingShows = [];
    if (next === 'choose-authenticator' && m.nhsnetOnProfile) shows.push(SHOWN.nhsnetTaken);
    if (next === 'passkey-register') shows.push(m.passkeyType2 ? SHOWN.type2 : SHOWN.type1);
    if (next === 'enter-email-code' && effects.includes('email code sent') && m.codesSent > 1)
      shows.push(SHOWN.newCode);
    m.seen = { page: next, errors: [...(row.expect.errors ?? [])], effects, shows };
    if (FINAL.includes(next)) m.ended = true;
    if (next === 'service-unavailable' && m.outage === null)
      throw new OracleError(`${page} | ${input}: an outage without a way back`);
    if (next !== 'service-unavailable') m.outage = null;
    return m.seen;
  }

  private outage(kind: Outage, input: string): string {
    this.m.outage = kind;
    return input;
  }

  // ---------- the services' part, shared by several pages ----------

  /** A code is to be sent: SPEC rules "1 + 3 resends; at least 30 s apart". */
  private sendCode(w: World): 'limit' | 'tooSoon' | 'down' | 'sent' {
    const m = this.m;
    if (m.codesSent >= N.codeSends) return 'limit';
    if (m.lastCodeAt !== null && m.now - m.lastCodeAt < N.codeGapMs) return 'tooSoon';
    if (w.mail === 'down') {
      m.outage = 'send';
      return 'down';
    }
    m.codesSent += 1;
    m.lastCodeAt = m.now;
    return 'sent';
  }

  /** A new passkey ceremony needs new options from the passkey service. */
  private newOptions(w: World): boolean {
    if (w.passkeyOptions === 'down') {
      this.m.outage = 'passkeyOptions';
      return false;
    }
    this.m.challengeAt = this.m.now;
    return true;
  }

  /** The directory saves an authenticator: 'saved', 'down' or 'refused' (its other answers). */
  private save(w: World, method: 'app' | 'nhsnet' | 'passkey'): 'saved' | 'down' | string {
    const m = this.m;
    if (w.save === 'down') {
      m.outage = method === 'app' ? 'saveApp' : method === 'nhsnet' ? 'linkNhsnet' : 'savePasskey';
      return 'down';
    }
    if (w.save !== 'added') {
      if (method === 'nhsnet' && w.save === 'alreadyOnProfile') m.nhsnetOnProfile = true;
      return w.save ?? 'refused';
    }
    if (method === 'nhsnet') m.nhsnetOnProfile = true;
    // What was being added is done with: the next one starts afresh.
    m.appSecret = false;
    m.appCodeAccepted = false;
    m.platform = null;
    m.challengeAt = null;
    return 'saved';
  }

  /**
   * A late failure (SPEC 8): counted; within the journey's limit the person may try again, the last one
   * needs the Registration Authority.
   */
  private late(method: Method, input: string): string {
    const m = this.m;
    m.lateFailures += 1;
    m.lateMethod = method;
    if (m.lateFailures >= N.lateFailures) return 'an authenticator not added, the 3rd time in the journey';
    return input;
  }

  private profileKind(w: World, email: string): ProfileKind | 'none' | 'noNiNumber' | 'down' {
    switch (w.profile) {
      case 'down':
      case 'none':
      case 'noNiNumber':
      case 'suspended':
      case 'closed':
        return w.profile;
      case 'activeWithNhsnet':
        return 'nhsnet';
      default:
        return email.trim().toLowerCase() === WORLD.secondEmail ? 'secondEmail' : 'active';
    }
  }

  // ---------- each page ----------

  private classify(page: Page, e: { type: string } & Record<string, unknown>, w: World): string {
    const m = this.m;
    const str = (k: string) => (typeof e[k] === 'string' ? (e[k] as string) : '');
    if (e.type === 'BACK_SELECTED') {
      if (page === 'nhsnet-redirect') m.nhsnetLoginState = null;
      if (page === 'passkey-register') m.challengeAt = null;
      return 'back link';
    }
    if (e.type === 'ADD_ANOTHER_SELECTED') return 'Add another authenticator';
    if (e.type === 'FINISH_SELECTED' && ADDED_PAGES.includes(page)) return 'Finish';
    switch (page) {
      case 'start':
        if (e.type === 'START_SELECTED')
          return e.cimSessionPresent
            ? 'Start now, still logged in to Care Identity Management'
            : 'Start now, logged out';
        break;
      case 'log-out-first':
        if (e.type === 'LOGGED_OUT_CONFIRMED')
          return e.cimSessionPresent ? 'continue, still logged in' : 'continue, logged out';
        break;
      case 'enter-details':
        if (e.type === 'DETAILS_SUBMITTED')
          return this.details(str('email'), str('niNumber'), str('captchaToken'), w);
        break;
      case 'enter-email-code':
        if (e.type === 'EMAIL_CODE_SUBMITTED') return this.emailCode(str('code'), w);
        if (e.type === 'NEW_EMAIL_CODE_REQUESTED') {
          const sent = this.sendCode(w);
          if (sent === 'limit') return 'send a new code, all 4 code sends used';
          if (sent === 'tooSoon') return 'send a new code, less than 30 s after the last';
          if (sent === 'down') return 'send a new code, the mail service is down';
          return 'send a new code, 30 s or more after the last';
        }
        break;
      case 'choose-authenticator':
        if (e.type === 'AUTHENTICATOR_CHOSEN') {
          const method = str('method');
          if (method === 'app') return 'Authenticator app';
          if (method === 'nhsnet')
            return m.nhsnetOnProfile
              ? 'NHS.net Connect, when the profile already has one'
              : 'NHS.net Connect';
          if (method === 'passkey') return 'Passkey';
          return 'nothing chosen, or a method that is not offered';
        }
        break;
      case 'app-instructions':
        if (e.type === 'SOLE_ACCESS_CONFIRMED') return e.confirmed === true ? 'box ticked' : 'box not ticked';
        break;
      case 'create-password':
        if (e.type === 'PASSWORD_CREATED') return this.password(w);
        break;
      case 'scan-qr':
        if (e.type === 'QR_SCANNED') return 'Next';
        break;
      case 'enter-app-code':
        if (e.type === 'APP_CODE_SUBMITTED') return this.appCode(str('code'), w);
        break;
      case 'nhsnet-instructions':
        if (e.type === 'SOLE_ACCESS_CONFIRMED') {
          if (e.confirmed !== true) return 'box not ticked';
          return this.beginNhsnet(w)
            ? 'box ticked, the provider answers'
            : 'box ticked, the provider is down';
        }
        break;
      case 'nhsnet-redirect':
        if (e.type === 'NHSNET_CALLBACK_RECEIVED')
          return this.nhsnetCallback((e.query ?? {}) as Record<string, string>, w);
        break;
      case 'nhsnet-unavailable':
        if (e.type === 'RETRY_SELECTED')
          return this.beginNhsnet(w) ? 'try again, the provider answers' : 'try again, the provider is down';
        break;
      case 'passkey-loading':
        if (e.type === 'PLATFORM_QUESTION_UNANSWERED') return 'no JavaScript: the question not answered';
        if (e.type === 'PLATFORM_DETECTED') {
          const windows = e.os === 'windows';
          const hello = e.platformAuthenticator === true;
          m.platform = windows ? (hello ? 'hello' : 'windows') : hello ? 'other' : 'noScript';
          m.passkeyType2 = m.platform === 'hello';
          if (!this.newOptions(w)) return 'a platform, the passkey service is down';
          return `platform: ${PLATFORMS[m.platform]}`;
        }
        break;
      case 'passkey-register':
        if (e.type === 'PASSKEY_CREATED') return this.passkeyCreated(w);
        if (e.type === 'PASSKEY_INSTRUCTIONS_SWITCHED') {
          m.challengeAt = null;
          m.passkeyType2 = !m.passkeyType2;
          if (!this.newOptions(w)) return 'My screen looks different, the passkey service is down';
          return 'My screen looks different';
        }
        if (e.type === 'PASSKEY_FAILED') {
          const name = str('errorName');
          m.challengeAt = null;
          if (!this.newOptions(w)) return 'a browser error, then the passkey service is down';
          if (name === 'NotAllowedError') return 'cancelled or timed out in the browser (NotAllowedError)';
          if (name === 'InvalidStateError') return 'already registered (InvalidStateError)';
          return 'another browser error';
        }
        break;
      case 'passkey-windows-hello':
        if (e.type === 'RETRY_SELECTED')
          return this.newOptions(w) ? 'try again' : 'try again, the passkey service is down';
        break;
      case 'authenticator-not-added': {
        const method = m.lateMethod;
        if (e.type === 'CHOOSE_ANOTHER_SELECTED') return 'Choose another type of authenticator';
        if (e.type === 'RETRY_SELECTED' && method !== null) {
          if (method === 'nhsnet') m.nhsnetLoginState = null;
          if (method === 'passkey' && !this.newOptions(w))
            return 'Try again, after the passkey was not added, the passkey service is down';
          return `Try again, after the ${METHODS[method]} was not added`;
        }
        break;
      }
      case 'service-unavailable':
        if (e.type === 'RETRY_SELECTED') return this.retry(w);
        break;
    }
    return `an event the page does not offer (${e.type})`;
  }

  private details(email: string, ni: string, captcha: string, w: World): string {
    const m = this.m;
    const emailOk = isEmail(email);
    const niOk = isNiNumber(ni);
    const captchaGiven = captcha.trim() !== '';
    if (!emailOk && !niOk && email.trim() === '' && ni.trim() === '' && !captchaGiven)
      return 'nothing entered';
    if (!emailOk) return 'email address not in the right format';
    if (!niOk) return 'NI number never issued (the QQ 12 34 56 C example)';
    if (!captchaGiven) return 'valid details, image test not answered';
    if (w.captcha === 'fail') return 'valid details, CAPTCHA failed';
    if (w.captcha === 'down') return this.outage('identity', 'valid details, the CAPTCHA service is down');
    if (w.limiter === 'deny') {
      // The limiter says how long it refuses for; the page gives that in whole minutes, rounded up.
      this.pendingShows.push(waitFor(Math.ceil(Number(w.limiterRetryAfterMs) / N.minuteMs)));
      return 'valid details, CAPTCHA passed, an identity check limit is reached';
    }
    if (w.limiter === 'down')
      return this.outage('identity', 'valid details, CAPTCHA passed, the rate limiter is down');
    const within = 'valid details, CAPTCHA passed, within the limits;';
    const kind = this.profileKind(w, email);
    if (kind === 'none') return `${within} no profile matches`;
    if (kind === 'noNiNumber') return `${within} the profile has no NI number`;
    if (kind === 'down') return this.outage('identity', `${within} the directory is down`);
    // New details start a new identity check.
    m.profile = kind;
    m.nhsnetOnProfile = kind === 'nhsnet';
    const again = m.codesSent > 0;
    const sent = this.sendCode(w);
    if (sent === 'limit') return 'valid details for a matching profile again, all 4 code sends used';
    if (sent === 'tooSoon')
      return 'valid details for a matching profile again, less than 30 s after the last code';
    if (sent === 'down') return 'valid details for a matching profile, the mail service is down';
    return again
      ? 'valid details for a matching profile again; a new code, 30 s or more after the last'
      : `${within} they match ${PROFILE_KINDS[kind]}; first code`;
  }

  private emailCode(code: string, w: World): string {
    const m = this.m;
    if (codeDigits(code) === '') return 'nothing entered';
    if (!isSixDigits(code)) return 'not 6 digits';
    if (m.lastCodeAt === null || m.now - m.lastCodeAt > N.emailCodeLifetimeMs)
      return 'the right code, more than 10 minutes after it was sent';
    if (w.codeCheck === 'down') return this.outage('checkCode', 'a code, the code checker is down');
    if (codeDigits(code) === WORLD.emailedCode)
      return `the right code, in time, for ${PROFILE_KINDS[m.profile ?? 'active']}`;
    m.wrongEmailCodes += 1;
    if (m.wrongEmailCodes >= N.wrongEmailCodes)
      return w.lock === 'down'
        ? 'a wrong code, the 5th in the journey, and the lock cannot be written'
        : 'a wrong code, the 5th in the journey';
    return `a wrong code (the ${ORDINAL[m.wrongEmailCodes - 1]} in the journey)`;
  }

  private password(w: World): string {
    const m = this.m;
    if (w.password === 'down') return this.outage('password', 'a password, the password checker is down');
    if (w.password === 'common') return 'a common password';
    if (w.password === 'mismatch') return 'the confirmation does not match';
    if (m.appSecret) return 'a good password, confirmed';
    if (w.appSecret === 'down') return this.outage('secret', 'a good password, the secret store is down');
    m.appSecret = true;
    return 'a good password, confirmed';
  }

  private appCode(code: string, w: World): string {
    const m = this.m;
    if (codeDigits(code) === '') return 'nothing entered';
    if (!isSixDigits(code)) return 'not 6 digits';
    if (w.totp === 'down') return this.outage('appCode', 'a code, the TOTP checker is down');
    const digits = codeDigits(code);
    if (digits === WORLD.appCodeNow && !m.appCodeAccepted) {
      m.appCodeAccepted = true;
      const saved = this.save(w, 'app');
      if (saved === 'saved') return 'the code the app shows now, saved';
      if (saved === 'down') return 'the code the app shows now, the directory is down';
      if (saved === 'profileNotUsable')
        return 'the code the app shows now, the profile can no longer take an authenticator';
      return this.late('app', 'the code the app shows now, the directory refuses it (a retry can fix it)');
    }
    const what =
      digits === WORLD.appCodeFiveStepsBack
        ? 'a code from 5 time steps back (clock drift)'
        : digits === WORLD.appCodeUsedBefore || digits === WORLD.appCodeNow
          ? 'a code already used'
          : 'a wrong code';
    m.wrongAppCodes += 1;
    if (m.wrongAppCodes >= N.wrongAppCodes) return 'a code not accepted, the 5th in the journey';
    return `${what}, within the 5 wrong codes`;
  }

  private beginNhsnet(w: World): boolean {
    if (w.nhsnetBegin === 'down') return false;
    // The fake provider's login request carries this state (journey-fakes.ts beginNhsnetLogin).
    this.m.nhsnetLoginState = 'state-1';
    return true;
  }

  private nhsnetCallback(q: Record<string, string>, w: World): string {
    const m = this.m;
    const sent = m.nhsnetLoginState;
    m.nhsnetLoginState = null;
    if (sent === null || q.state !== sent)
      return 'callback whose state is not the one sent (forged, or missing)';
    if (q.error === 'access_denied') return 'cancelled at the provider';
    if (q.error !== undefined || q.code === undefined)
      return 'the provider answers with an error, or without a code';
    if (w.nhsnetComplete === 'down') return 'a code, the provider is down when it is exchanged';
    if (w.nhsnetComplete === 'rejected')
      return this.late('nhsnet', 'a code, the account is refused (tenant or domain not allowed)');
    if (w.nhsnetComplete === 'tokenRejected')
      return 'a code, the login does not prove who the person is (its token is refused)';
    const saved = this.save(w, 'nhsnet');
    if (saved === 'saved') return 'a code, the account is verified and saved';
    if (saved === 'down') return 'a code, the account is verified, the directory is down';
    if (saved === 'linkedElsewhere')
      return this.late('nhsnet', 'a code, the account is verified, it is linked to another profile');
    if (saved === 'alreadyOnProfile')
      return this.late(
        'nhsnet',
        'a code, the account is verified, the directory says it is already on this profile',
      );
    return 'a code, the account is verified, the profile can no longer take an authenticator';
  }

  private passkeyCreated(w: World): string {
    const m = this.m;
    if (m.challengeAt === null || m.now - m.challengeAt > N.passkeyChallengeMs) {
      m.challengeAt = null;
      if (!this.newOptions(w)) return 'a late passkey, then the passkey service is down';
      return 'a passkey made more than 5 minutes after the challenge';
    }
    m.challengeAt = null;
    if (w.passkeyVerify === 'down') return this.outage('passkeyOptions', 'a passkey, the verifier is down');
    if (w.passkeyVerify === 'fail') return this.late('passkey', 'a passkey that fails verification');
    const onWindows = m.platform === 'hello' || m.platform === 'windows';
    if (w.passkeyVerify === 'windowsHello' && onWindows) {
      // SPEC 10: "a platform answer that contradicts the detection updates the variant".
      m.passkeyType2 = true;
      return 'a passkey made by Windows Hello on this Windows PC';
    }
    const platform = m.platform;
    const saved = this.save(w, 'passkey');
    if (saved === 'saved') return `a passkey (${PLATFORMS[platform ?? 'hello']}), verified and saved`;
    if (saved === 'down') return 'a passkey, the directory is down';
    if (saved === 'alreadyOnProfile') {
      if (!this.newOptions(w)) return 'a passkey the profile already has, then the passkey service is down';
      return 'a passkey the profile already has (the directory says so)';
    }
    if (saved === 'linkedElsewhere')
      return this.late('passkey', 'a passkey the directory finds linked to another profile');
    return 'a passkey, the profile can no longer take an authenticator';
  }

  private retry(w: World): string {
    const m = this.m;
    switch (m.outage) {
      case 'identity':
        return 'try again after the identity check could not run';
      case 'send': {
        const sent = this.sendCode(w);
        return sent === 'sent'
          ? 'try again after the code could not be sent, mail up'
          : `try again after the code could not be sent (${sent})`;
      }
      case 'checkCode':
        return 'try again after the code could not be checked';
      case 'password':
        return 'try again after the password could not be checked';
      case 'secret':
        if (w.appSecret === 'down') return 'try again after the app secret could not be made, still down';
        m.appSecret = true;
        return 'try again after the app secret could not be made, secret store up';
      case 'appCode':
        return 'try again after the app code could not be checked';
      case 'saveApp':
      case 'linkNhsnet':
      case 'savePasskey': {
        const method = m.outage === 'saveApp' ? 'app' : m.outage === 'linkNhsnet' ? 'nhsnet' : 'passkey';
        const what =
          method === 'app'
            ? 'authenticator app'
            : method === 'nhsnet'
              ? 'NHS.net Connect account'
              : 'passkey';
        const saved = this.save(w, method);
        return saved === 'saved'
          ? `try again after the ${what} could not be saved, saved now`
          : `try again after the ${what} could not be saved (${saved})`;
      }
      case 'passkeyOptions':
        return this.newOptions(w)
          ? 'try again after the passkey service was down, it answers now'
          : 'try again after the passkey service was down, still down';
      default:
        return 'try again, with nothing that failed';
    }
  }
}

/** Every row of the table, for the variant count. */
export const ALL_ROWS = ORACLE;
export type { OracleRow };
