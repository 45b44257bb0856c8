/** Pure checks of what a person typed. The statechart's guards call these; nothing here does I/O. */
import { LIMITS } from './limits.js';

export type EmailProblem = 'required' | 'format' | 'tooLong';
export type NiNumberProblem = 'required' | 'format';

export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/** GOV.UK email pattern: one @, something before it, a domain with a dot, no spaces. */
export function emailProblem(raw: string): EmailProblem | null {
  const email = raw.trim();
  if (email === '') return 'required';
  if (email.length > LIMITS.emailMaxLength) return 'tooLong';
  const at = email.indexOf('@');
  if (at < 1 || at !== email.lastIndexOf('@')) return 'format';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (/\s/.test(email) || local.length > 64) return 'format';
  if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i.test(domain))
    return 'format';
  if (!/^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+$/i.test(local)) return 'format';
  return null;
}

/** Strips spaces and hyphens and upper-cases (HMRC NIM39110). */
export function normaliseNiNumber(raw: string): string {
  return raw.replace(/[\s-]+/g, '').toUpperCase();
}

const NEVER_ISSUED_PREFIXES = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/** HMRC NIM39110: 2 letters, 6 digits, suffix A-D; first letter not D F I Q U V; second not D F I O Q U V. */
export function isValidNiNumber(normalised: string): boolean {
  const match = /^([A-Z])([A-Z])(\d{6})([A-D])$/.exec(normalised);
  if (!match) return false;
  const [, first, second] = match as unknown as [string, string, string];
  if ('DFIQUV'.includes(first)) return false;
  if ('DFIOQUV'.includes(second)) return false;
  return !NEVER_ISSUED_PREFIXES.has(first + second);
}

export function niNumberProblem(raw: string): NiNumberProblem | null {
  const normalised = normaliseNiNumber(raw);
  if (normalised === '') return 'required';
  return isValidNiNumber(normalised) ? null : 'format';
}

/** Codes may be typed or pasted with spaces or hyphens. */
export function normaliseCode(raw: string): string {
  return raw.replace(/[\s-]+/g, '');
}

export type CodeProblem = 'required' | 'format';

export function codeProblem(raw: string): CodeProblem | null {
  const code = normaliseCode(raw);
  if (code === '') return 'required';
  return /^\d{6}$/.test(code) ? null : 'format';
}
