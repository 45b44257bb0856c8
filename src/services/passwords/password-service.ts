import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';
import { hash as argon2Hash, argon2id, verify as argon2Verify } from 'argon2';
import type { PasswordProblem, PasswordService } from '../ports.js';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;
/** OWASP minimum for argon2id: 19 MiB, 2 iterations, 1 lane. */
export const MIN_ARGON2_MEMORY_KIB = 19_456;
export const MIN_ARGON2_TIME_COST = 2;
/** zxcvbn score 3 = "safely unguessable" (about 10^8 guesses or more). */
const MIN_ZXCVBN_SCORE = 3;
/** Names of this service a password must not contain, compared without spaces or punctuation. */
export const DEFAULT_SERVICE_NAMES = [
  'care identity',
  'careidentity',
  'add authenticator',
  'addauthenticator',
];

export interface PasswordServiceOptions {
  serviceNames?: string[];
  argon2?: { memoryCost: number; timeCost: number };
}

interface Estimator {
  zxcvbn: ZxcvbnFactory;
  commonPasswords: ReadonlySet<string>;
}

let estimator: Estimator | undefined;

/** The dictionaries are large, so they are loaded once, on first use. */
function getEstimator(): Estimator {
  if (!estimator) {
    estimator = {
      zxcvbn: new ZxcvbnFactory({
        dictionary: { ...commonDictionary, ...englishDictionary },
        graphs: adjacencyGraphs,
        translations,
        // Levenshtein matching costs ~10x per check on a public endpoint; the exact list check and the
        // score already catch list passwords with digits, l33t or case changes added.
        useLevenshteinDistance: false,
        // Bounded work per request: the first 64 characters decide the estimate and l33t permutations
        // are capped, so a 128-character password cannot hold the event loop for long.
        maxLength: 64,
        l33tMaxSubstitutions: 12,
      }),
      commonPasswords: new Set(commonDictionary['passwords-common']),
    };
  }
  return estimator;
}

/** Loads the dictionaries now (at start-up) rather than during the first user's request. */
export function preloadPasswordDictionaries(): void {
  getEstimator();
}

function normalise(value: string): string {
  return value.normalize('NFKC');
}

function codePointLength(value: string): number {
  return [...value].length;
}

/** Lower case with everything but letters and digits removed, so "Care-Identity" matches "care identity". */
function squash(value: string): string {
  return value.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

function emailLocalPart(email: string): string {
  const trimmed = normalise(email.trim());
  const at = trimmed.lastIndexOf('@');
  return at > 0 ? trimmed.slice(0, at) : '';
}

/**
 * "Common or breached" (NIST 800-63B 3.1.1.2) is decided two ways: the whole password, lower-cased, is
 * on the 49k common-passwords list shipped with zxcvbn; or zxcvbn estimates it below score 3. The list
 * alone misses trivial variants ("Password1234!", "P@ssw0rd2024"); the score catches those, keyboard
 * walks, repeats and dictionary words with predictable additions, without imposing composition rules.
 */
function isCommon(password: string, userInputs: string[]): boolean {
  const { zxcvbn, commonPasswords } = getEstimator();
  if (commonPasswords.has(password.toLowerCase())) return true;
  return zxcvbn.check(password, userInputs).score < MIN_ZXCVBN_SCORE;
}

function checkPassword(password: string, email: string, serviceNames: string[]): PasswordProblem | undefined {
  if (password.length === 0) return 'missing';
  const length = codePointLength(password);
  if (length < MIN_PASSWORD_LENGTH) return 'tooShort';
  if (length > MAX_PASSWORD_LENGTH) return 'tooLong';

  const squashedPassword = squash(password);
  const localPart = emailLocalPart(email);
  const squashedLocalPart = squash(localPart);
  if (codePointLength(localPart) >= 3 && squashedLocalPart.length >= 3) {
    if (squashedPassword.includes(squashedLocalPart)) return 'containsEmail';
  }
  if (serviceNames.some((name) => squashedPassword.includes(name))) return 'containsServiceName';

  const userInputs = squashedLocalPart.length >= 3 ? [squashedLocalPart, ...serviceNames] : serviceNames;
  if (isCommon(password, userInputs)) return 'common';
  return undefined;
}

export function createPasswordService(options: PasswordServiceOptions = {}): PasswordService {
  const serviceNames = [...new Set((options.serviceNames ?? DEFAULT_SERVICE_NAMES).map(squash))].filter(
    (name) => name.length > 0,
  );
  const memoryCost = options.argon2?.memoryCost ?? MIN_ARGON2_MEMORY_KIB;
  const timeCost = options.argon2?.timeCost ?? MIN_ARGON2_TIME_COST;
  if (memoryCost < MIN_ARGON2_MEMORY_KIB || timeCost < MIN_ARGON2_TIME_COST) {
    throw new Error(
      `argon2id needs memoryCost >= ${MIN_ARGON2_MEMORY_KIB} KiB and timeCost >= ${MIN_ARGON2_TIME_COST}`,
    );
  }

  return {
    check({ password, confirmation, email }) {
      const normalisedPassword = normalise(password);
      const normalisedConfirmation = normalise(confirmation);
      const result: { password?: PasswordProblem; confirmation?: PasswordProblem } = {};

      const passwordProblem = checkPassword(normalisedPassword, email, serviceNames);
      if (passwordProblem) result.password = passwordProblem;

      if (normalisedConfirmation.length === 0) {
        result.confirmation = 'confirmationMissing';
      } else if (normalisedPassword.length > 0 && normalisedConfirmation !== normalisedPassword) {
        result.confirmation = 'confirmationMismatch';
      }
      return result;
    },

    hash(password: string): Promise<string> {
      return argon2Hash(normalise(password), { type: argon2id, memoryCost, timeCost, parallelism: 1 });
    },
  };
}

/** Checks a password against a hash made by PasswordService.hash (same NFKC normalisation). */
export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return argon2Verify(passwordHash, normalise(password));
}
