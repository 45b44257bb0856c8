/**
 * The adapter from the ports to the machine's service contract: each service the statechart invokes,
 * as a plain async function the journey engine runs. Each is safe to run twice (a retried request):
 * saving is idempotent on its key, and notification and audit follow the directory's answer.
 */
import type { Logger } from 'pino';
import type { JourneyServices } from '../machine/index.js';
import type {
  AuditLog,
  CaptchaVerifier,
  EmailCodeService,
  IdentityCheckLimiter,
  NhsnetConnect,
  Notifier,
  PasskeyService,
  PasswordService,
  ProfileDirectory,
  TotpService,
} from './ports.js';

export interface JourneyPorts {
  captcha: CaptchaVerifier;
  limiter: IdentityCheckLimiter;
  directory: ProfileDirectory;
  emailCodes: EmailCodeService;
  passwords: PasswordService;
  totp: TotpService;
  passkeys: PasskeyService;
  nhsnet: NhsnetConnect;
  notifier: Notifier;
  audit: AuditLog;
  now: () => number;
}

export function createJourneyServices(ports: JourneyPorts, logger?: Logger): JourneyServices {
  return logFailures(logger, {
    verifyCaptcha: ({ token, clientIp }) => ports.captcha.verify(token, clientIp),
    consumeIdentityCheck: ({ clientIp, email, niNumber }) =>
      ports.limiter.consume({ ip: clientIp, email, niNumber }),
    findProfile: ({ email, niNumber }) => ports.directory.findByEmailAndNiNumber(email, niNumber),
    sendEmailCode: (input) => ports.emailCodes.send(input),
    verifyEmailCode: async (input) => ({ matches: ports.emailCodes.matches(input) }),
    lockIdentity: async (input) => {
      await ports.limiter.lock(input);
      return undefined;
    },
    checkPassword: async ({ password, confirmation, email }) => {
      const problems = ports.passwords.check({ password, confirmation, email });
      if (problems.password || problems.confirmation) return { ok: false, ...problems };
      return { ok: true, passwordHash: await ports.passwords.hash(password) };
    },
    createAppSecret: () => ports.totp.createSecret(),
    verifyAppCode: (input) => ports.totp.verify(input),
    beginNhsnetLogin: () => ports.nhsnet.begin(),
    completeNhsnetLogin: (input) => ports.nhsnet.complete(input),
    createPasskeyOptions: async ({ profileId, userName, windowsHello }) => {
      const profile = await ports.directory.get(profileId);
      if (!profile) throw new Error('profile disappeared during the journey');
      const excludeCredentialIds = profile.authenticators.flatMap((a) =>
        a.type === 'passkey' ? [a.credentialId] : [],
      );
      return ports.passkeys.createOptions({
        profileId,
        userName,
        userDisplayName: profile.name,
        excludeCredentialIds,
        windowsHello,
      });
    },
    verifyPasskey: (input) => ports.passkeys.verify(input),
    saveAuthenticator: async ({ profileId, method, authenticator, idempotencyKey }) => {
      const result = await ports.directory.addAuthenticator(profileId, authenticator, idempotencyKey);
      if (result.outcome === 'added') {
        await ports.notifier.authenticatorAdded({ profileId, method, at: new Date(ports.now()) });
      }
      return result;
    },
  });
}

/** An outage becomes the service-unavailable page; the log says which service failed and why (no inputs). */
function logFailures(logger: Logger | undefined, impl: JourneyServices): JourneyServices {
  if (!logger) return impl;
  const wrapped = {} as Record<string, (input: never) => Promise<unknown>>;
  for (const [id, run] of Object.entries(impl) as [string, (input: never) => Promise<unknown>][]) {
    wrapped[id] = async (input) => {
      try {
        return await run(input);
      } catch (err) {
        const { name, message } = err as Error;
        logger.error({ service: id, err: { name, message: scrub(String(message)) } }, 'service failed');
        throw err;
      }
    };
  }
  return wrapped as unknown as JourneyServices;
}

/** Error messages can quote what they were given (an SMTP relay names the recipient): mask personal data. */
function scrub(message: string): string {
  return message
    .replace(/[^\s@<>"'(),;:]+@[^\s@<>"'(),;:]+/g, '[email]')
    .replace(/\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b/gi, '[ni-number]')
    .replace(/\b\d{6}\b/g, '[code]')
    .slice(0, 300);
}
