/**
 * Form posts → journey events. Each form of each page has a fixed set of fields; anything else
 * (a missing field, an extra or repeated one, a file) is a bad request, never a journey change.
 */
import { type JourneyEvent, parseJourneyEvent } from '../machine/index.js';

export type FormFields = Record<string, string>;

export interface RequestFacts {
  clientIp: string;
  cimSessionPresent: boolean;
  captchaFields: readonly string[];
}

interface FormSpec {
  required: readonly string[];
  optional?: readonly string[];
  captcha?: boolean;
  toEvent: (f: FormFields, r: RequestFacts) => unknown;
}

const retry: FormSpec = { required: [], toEvent: () => ({ type: 'RETRY_SELECTED' }) };
const addAnother: FormSpec = { required: [], toEvent: () => ({ type: 'ADD_ANOTHER_SELECTED' }) };
const soleAccess: FormSpec = {
  required: [],
  optional: ['soleAccess'],
  toEvent: (f) => ({ type: 'SOLE_ACCESS_CONFIRMED', confirmed: f.soleAccess === 'yes' }),
};

/** Keyed by `<view-id>` or `<view-id>/<action>`. */
const FORMS: Record<string, FormSpec> = {
  start: {
    required: [],
    toEvent: (_, r) => ({ type: 'START_SELECTED', cimSessionPresent: r.cimSessionPresent }),
  },
  'log-out-first': {
    required: [],
    toEvent: (_, r) => ({ type: 'LOGGED_OUT_CONFIRMED', cimSessionPresent: r.cimSessionPresent }),
  },
  'enter-details': {
    required: ['email', 'niNumber'],
    captcha: true,
    toEvent: (f, r) => ({
      type: 'DETAILS_SUBMITTED',
      email: f.email,
      niNumber: f.niNumber,
      captchaToken: captchaToken(f, r.captchaFields),
      clientIp: r.clientIp,
    }),
  },
  'enter-email-code': {
    required: ['code'],
    toEvent: (f) => ({ type: 'EMAIL_CODE_SUBMITTED', code: f.code }),
  },
  'enter-email-code/new-code': { required: [], toEvent: () => ({ type: 'NEW_EMAIL_CODE_REQUESTED' }) },
  'choose-authenticator': {
    required: [],
    optional: ['method'],
    toEvent: (f) => ({ type: 'AUTHENTICATOR_CHOSEN', method: f.method ?? '' }),
  },
  'app-instructions': soleAccess,
  'create-password': {
    required: ['password', 'confirmPassword'],
    toEvent: (f) => ({ type: 'PASSWORD_CREATED', password: f.password, confirmation: f.confirmPassword }),
  },
  'scan-qr': { required: [], toEvent: () => ({ type: 'QR_SCANNED' }) },
  'enter-app-code': { required: ['code'], toEvent: (f) => ({ type: 'APP_CODE_SUBMITTED', code: f.code }) },
  'app-added/add-another': addAnother,
  'nhsnet-instructions': soleAccess,
  'nhsnet-unavailable': retry,
  'nhsnet-added/add-another': addAnother,
  'passkey-loading': {
    required: [],
    optional: ['os', 'platformAuthenticator', 'windowsHello'],
    toEvent: (f) => {
      // Without JavaScript the page asks whether Windows Hello is set up; the detection script sends os.
      if (f.windowsHello !== undefined)
        return {
          type: 'PLATFORM_DETECTED',
          os: f.windowsHello === 'yes' ? 'windows' : 'other',
          platformAuthenticator: f.windowsHello === 'yes',
        };
      if (f.os === undefined) return { type: 'PLATFORM_QUESTION_UNANSWERED' };
      return {
        type: 'PLATFORM_DETECTED',
        os: f.os,
        platformAuthenticator: f.platformAuthenticator === 'true',
      };
    },
  },
  'passkey-register': {
    required: [],
    optional: ['response', 'errorName'],
    toEvent: (f) =>
      f.response !== undefined
        ? { type: 'PASSKEY_CREATED', responseJSON: f.response }
        : { type: 'PASSKEY_FAILED', errorName: f.errorName },
  },
  'passkey-windows-hello': retry,
  'passkey-added/add-another': addAnother,
  'service-unavailable': retry,
};

function captchaToken(f: FormFields, fields: readonly string[]): string {
  if (fields.includes('captchaAnswer')) {
    return f.captchaChallenge && f.captchaAnswer ? `${f.captchaChallenge}.${f.captchaAnswer.trim()}` : '';
  }
  for (const name of fields) if (f[name]) return f[name];
  return '';
}

export type FormResult = { ok: true; event: JourneyEvent } | { ok: false; problem: string };

export function hasForm(key: string): boolean {
  return key in FORMS;
}

/** Raw body (values may be arrays or files) → the journey event for this form, or why not. */
export function formToEvent(key: string, body: Record<string, unknown>, facts: RequestFacts): FormResult {
  const spec = FORMS[key];
  if (!spec) return { ok: false, problem: 'unknown form' };
  const allowed = new Set([
    '_csrf',
    ...spec.required,
    ...(spec.optional ?? []),
    ...(spec.captcha ? facts.captchaFields : []),
  ]);
  const fields: FormFields = {};
  for (const [name, value] of Object.entries(body)) {
    if (!allowed.has(name)) return { ok: false, problem: `unexpected field ${name.slice(0, 40)}` };
    if (typeof value !== 'string') return { ok: false, problem: `field ${name} must be given once, as text` };
    fields[name] = value;
  }
  for (const name of spec.required) {
    if (fields[name] === undefined) return { ok: false, problem: `missing field ${name}` };
  }
  const parsed = parseJourneyEvent(spec.toEvent(fields, facts));
  return parsed.ok ? { ok: true, event: parsed.event } : { ok: false, problem: parsed.issues.join('; ') };
}
