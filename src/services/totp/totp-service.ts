import { generateSecret, verify } from 'otplib';
import type { SecretBox, TotpService } from '../ports.js';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
const SECRET_BYTES = 20; // 160 bits, RFC 4226 recommendation
/** ±1 step is accepted (NIST 800-63B allows for transmission delay and small clock skew). */
const ACCEPT_TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;
/** Within ±10 steps a match is not accepted but tells the user their phone's clock is wrong. */
const DRIFT_TOLERANCE_SECONDS = 10 * TOTP_PERIOD_SECONDS;
const CODE_PATTERN = /^\d{6}$/;

export interface TotpServiceOptions {
  secretBox: SecretBox;
  /** Shown in the authenticator app next to the account, e.g. 'NHS Care Identity'. */
  issuer: string;
}

type VerifyOutcome =
  | { valid: true; timeStep: number }
  | { valid: false; reason: 'wrong' | 'drift' | 'replayed' };

/** The Key URI Format understood by Google and Microsoft Authenticator; every parameter is explicit. */
function otpauthUri(issuer: string, accountName: string, secret: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(accountName)}`;
  const query = [
    `secret=${secret}`,
    `issuer=${encodeURIComponent(issuer)}`,
    'algorithm=SHA1',
    `digits=${TOTP_DIGITS}`,
    `period=${TOTP_PERIOD_SECONDS}`,
  ].join('&');
  return `otpauth://totp/${label}?${query}`;
}

async function matchingStep(
  secret: string,
  code: string,
  epoch: number,
  toleranceSeconds: number,
  afterTimeStep?: number,
): Promise<number | null> {
  const result = await verify({
    secret,
    token: code,
    algorithm: 'sha1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    epoch,
    epochTolerance: toleranceSeconds,
    ...(afterTimeStep === undefined ? {} : { afterTimeStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

export function createTotpService({ secretBox, issuer }: TotpServiceOptions): TotpService {
  return {
    async createSecret() {
      return { encryptedSecret: secretBox.seal(generateSecret({ length: SECRET_BYTES })) };
    },

    describe({ encryptedSecret, accountName }) {
      const key = secretBox.open(encryptedSecret);
      return { uri: otpauthUri(issuer, accountName, key), key };
    },

    async verify({ encryptedSecret, code, afterTimeStep, now }): Promise<VerifyOutcome> {
      // otplib throws on a token of the wrong length or alphabet; a typo is a wrong code, not an error.
      if (!CODE_PATTERN.test(code)) return { valid: false, reason: 'wrong' };
      const secret = secretBox.open(encryptedSecret);
      const epoch = Math.floor(now / 1000);
      const currentStep = Math.floor(epoch / TOTP_PERIOD_SECONDS);
      const lastUsed =
        afterTimeStep !== null && Number.isSafeInteger(afterTimeStep) && afterTimeStep >= 0
          ? afterTimeStep
          : null;

      // otplib refuses an afterTimeStep beyond the window; then every step in the window is used up.
      if (lastUsed === null || lastUsed <= currentStep) {
        const step = await matchingStep(secret, code, epoch, ACCEPT_TOLERANCE_SECONDS, lastUsed ?? undefined);
        if (step !== null) return { valid: true, timeStep: step };
      }
      if (lastUsed !== null && (await matchingStep(secret, code, epoch, ACCEPT_TOLERANCE_SECONDS)) !== null) {
        return { valid: false, reason: 'replayed' };
      }
      if ((await matchingStep(secret, code, epoch, DRIFT_TOLERANCE_SECONDS)) !== null) {
        return { valid: false, reason: 'drift' };
      }
      return { valid: false, reason: 'wrong' };
    },
  };
}
