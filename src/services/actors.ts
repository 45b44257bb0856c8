/**
 * The journey's invoked actors, made from the ports. Each is safe to run twice (a restored actor
 * re-runs an in-flight promise): saving is idempotent on its key, and notification and audit follow
 * the directory's answer.
 */
import { journeyActors } from '../machine/actors.js';
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

export function createJourneyActors(ports: JourneyPorts) {
  return journeyActors({
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
