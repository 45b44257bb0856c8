/**
 * Journey snapshot → the props of its page. Translation only: what to show was decided by the
 * statechart (state, errors, notices); this turns codes into words and fetches display material.
 */
import { type ErrorCode, type JourneySnapshot, LIMITS } from '../machine/index.js';
import type { TotpService } from '../services/ports.js';
import { renderQrSvg } from '../services/totp/qr-code.js';
import { formatKeyInGroups } from '../services/totp/totp-service.js';
import type {
  CaptchaProps,
  FieldError,
  PageContext,
  PasskeyRegisterError,
  ViewModel,
} from '../views/index.js';
import { errorMessage } from './messages.js';

export interface PresenterDeps {
  totp: TotpService;
  captcha: () => CaptchaProps;
}

const PASSKEY_ERRORS: Partial<Record<ErrorCode, PasskeyRegisterError>> = {
  passkeyCancelled: 'cancelled',
  passkeyAlreadyRegistered: 'alreadyRegistered',
  passkeyTimedOut: 'timedOut',
  passkeyFailed: 'failed',
};

export function createPresenter(deps: PresenterDeps) {
  return async function present(
    view: string,
    snapshot: JourneySnapshot,
    page: PageContext,
  ): Promise<ViewModel> {
    const ctx = snapshot.context;
    /** The errors of the page, with the input id each belongs to and the wording group. */
    const errors = (fields: Record<string, { id: string; group: string }>): FieldError[] =>
      Object.entries(ctx.errors).flatMap(([field, code]) => {
        const target = fields[field];
        return target && code ? [{ field: target.id, message: errorMessage(target.group, code) }] : [];
      });

    switch (view) {
      case 'start':
      case 'problem-adding-authenticator':
      case 'profile-not-found':
      case 'too-many-attempts':
      case 'session-timed-out':
      case 'service-unavailable':
      case 'nhsnet-unavailable':
      case 'passkey-windows-hello':
        return { view, page };
      case 'log-out-first':
        return { view, page, errors: errors({ cim: { id: '', group: 'cim' } }) };
      case 'enter-details': {
        const captcha = deps.captcha();
        return {
          view,
          page,
          values: ctx.enteredDetails ?? {},
          captcha,
          errors: errors({
            email: { id: 'email', group: 'email' },
            niNumber: { id: 'niNumber', group: 'niNumber' },
            captcha: { id: captcha.kind === 'dev' ? 'captchaAnswer' : 'captcha', group: 'captcha' },
            details: { id: '', group: 'emailCode' },
          }),
        };
      }
      case 'enter-email-code':
        return {
          view,
          page,
          emailAddress: ctx.details?.email ?? '',
          codeLifetimeMinutes: LIMITS.emailCodeLifetimeMs / 60_000,
          canRequestNewCode: ctx.emailCodesSent < LIMITS.emailCodeSendsPerJourney,
          ...(ctx.notice === 'newCodeSent' ? { newCodeMessage: 'We have sent you a new code' } : {}),
          errors: errors({ code: { id: 'code', group: 'emailCode' } }),
        };
      case 'choose-authenticator':
        return {
          view,
          page,
          alreadyAdded: { nhsnet: !!ctx.profile?.hasNhsnet || ctx.added.some((a) => a.method === 'nhsnet') },
          added: ctx.added.map((a) => a.method),
          errors: errors({ method: { id: 'method', group: 'method' } }),
        };
      case 'app-instructions':
        return { view, page, errors: errors({ soleAccess: { id: 'soleAccess', group: 'appSoleAccess' } }) };
      case 'nhsnet-instructions':
        return {
          view,
          page,
          errors: errors({ soleAccess: { id: 'soleAccess', group: 'nhsnetSoleAccess' } }),
        };
      case 'create-password':
        return {
          view,
          page,
          errors: errors({
            password: { id: 'password', group: 'password' },
            confirmPassword: { id: 'confirmPassword', group: 'confirmPassword' },
          }),
        };
      case 'scan-qr': {
        const { uri, key } = deps.totp.describe({
          encryptedSecret: ctx.app.encryptedSecret ?? '',
          accountName: ctx.details?.email ?? '',
        });
        return { view, page, qrSvg: await renderQrSvg(uri), keyInGroups: formatKeyInGroups(key) };
      }
      case 'enter-app-code':
        return { view, page, errors: errors({ code: { id: 'code', group: 'appCode' } }) };
      case 'app-added':
      case 'nhsnet-added':
      case 'passkey-added':
        return { view, page };
      case 'passkey-loading':
        return {
          view,
          page,
          errors: errors({ windowsHello: { id: 'windowsHello', group: 'windowsHello' } }),
        };
      case 'passkey-register': {
        const code = ctx.errors.passkey;
        const error = code ? PASSKEY_ERRORS[code] : undefined;
        return {
          view,
          page,
          variant: ctx.passkey.windowsHello ? 'windowsHello' : 'noWindowsHello',
          optionsJSON: ctx.passkey.optionsJSON ?? '{}',
          ...(error ? { error } : {}),
        };
      }
      default:
        return { view: 'not-found', page };
    }
  };
}

export type Presenter = ReturnType<typeof createPresenter>;
