import type { FieldError, PageContext, ViewId, ViewModel } from '../../src/views/index.js';

export const CSRF = 'csrf-token-123';
export const NONCE = 'nonce-abc';

/** A back link's href: the page before (the HTTP layer asks the machine which one that is). */
export const backTo = (view: string) => `/add-authenticator/${view}`;

export function pageContext(viewId: string, overrides: Partial<PageContext> = {}): PageContext {
  return { csrfToken: CSRF, cspNonce: NONCE, backLink: null, viewId, ...overrides };
}

const QR_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';
const CAPTCHA_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text x="1" y="9">AB12</text></svg>';

/** A model for every view, without errors. */
export function sampleModels(): Record<ViewId, ViewModel> {
  return {
    start: { view: 'start', page: pageContext('start') },
    'log-out-first': { view: 'log-out-first', page: pageContext('log-out-first') },
    'enter-details': {
      view: 'enter-details',
      page: pageContext('enter-details', { backLink: backTo('start') }),
      captcha: { kind: 'dev', challengeId: 'challenge-1', imageSvg: CAPTCHA_SVG },
    },
    'enter-email-code': {
      view: 'enter-email-code',
      page: pageContext('enter-email-code', { backLink: backTo('enter-details') }),
      emailAddress: 'jane.doe@nhs.net',
      codeLifetimeMinutes: 10,
      canRequestNewCode: true,
    },
    'choose-authenticator': {
      view: 'choose-authenticator',
      page: pageContext('choose-authenticator'),
      alreadyAdded: { nhsnet: false },
      added: [],
    },
    'app-instructions': {
      view: 'app-instructions',
      page: pageContext('app-instructions', { backLink: backTo('choose-authenticator') }),
    },
    'create-password': {
      view: 'create-password',
      page: pageContext('create-password', { backLink: backTo('app-instructions') }),
    },
    'scan-qr': {
      view: 'scan-qr',
      page: pageContext('scan-qr', { backLink: backTo('create-password') }),
      qrSvg: QR_SVG,
      keyInGroups: 'JBSW Y3DP EHPK 3PXP',
    },
    'enter-app-code': {
      view: 'enter-app-code',
      page: pageContext('enter-app-code', { backLink: backTo('scan-qr') }),
    },
    'app-added': { view: 'app-added', page: pageContext('app-added') },
    'nhsnet-instructions': {
      view: 'nhsnet-instructions',
      page: pageContext('nhsnet-instructions', { backLink: backTo('choose-authenticator') }),
    },
    'nhsnet-unavailable': {
      view: 'nhsnet-unavailable',
      page: pageContext('nhsnet-unavailable', { backLink: backTo('nhsnet-instructions') }),
    },
    'nhsnet-added': { view: 'nhsnet-added', page: pageContext('nhsnet-added') },
    'passkey-loading': {
      view: 'passkey-loading',
      page: pageContext('passkey-loading', { backLink: backTo('choose-authenticator') }),
    },
    'passkey-register': {
      view: 'passkey-register',
      page: pageContext('passkey-register', { backLink: backTo('choose-authenticator') }),
      variant: 'noWindowsHello',
      optionsJSON: JSON.stringify({ challenge: 'abc', rp: { name: 'NHS' }, user: { name: '</script><b>' } }),
    },
    'passkey-windows-hello': { view: 'passkey-windows-hello', page: pageContext('passkey-windows-hello') },
    'passkey-added': { view: 'passkey-added', page: pageContext('passkey-added') },
    'problem-adding-authenticator': {
      view: 'problem-adding-authenticator',
      page: pageContext('problem-adding-authenticator'),
    },
    'profile-not-found': { view: 'profile-not-found', page: pageContext('profile-not-found') },
    'too-many-attempts': { view: 'too-many-attempts', page: pageContext('too-many-attempts') },
    'session-timed-out': { view: 'session-timed-out', page: pageContext('session-timed-out') },
    'service-unavailable': { view: 'service-unavailable', page: pageContext('service-unavailable') },
    'not-found': { view: 'not-found', page: pageContext('not-found', { csrfToken: '' }) },
    'bad-request': { view: 'bad-request', page: pageContext('bad-request', { csrfToken: '' }) },
    'dev-mail': {
      view: 'dev-mail',
      page: pageContext('dev-mail', { csrfToken: '' }),
      messages: [
        {
          to: 'jane.doe@nhs.net',
          subject: 'Your code',
          sentAt: new Date('2026-05-01T10:00:00Z'),
          text: 'Your code is 123456',
        },
      ],
    },
  };
}

/** Models of the pages that can show errors, each with errors for every field it has. */
export function modelsWithErrors(): Array<{ model: ViewModel; errors: FieldError[] }> {
  const samples = sampleModels();
  const withErrors = <M extends ViewModel>(model: M, errors: FieldError[]) => ({
    model: { ...model, errors } as ViewModel,
    errors,
  });
  return [
    withErrors(samples['enter-details'], [
      { field: 'email', message: 'Enter an email address in the correct format, like name@example.com' },
      { field: 'niNumber', message: 'Enter a National Insurance number in the correct format' },
      { field: 'captchaAnswer', message: 'Complete the image recognition test' },
    ]),
    withErrors(samples['enter-email-code'], [{ field: 'code', message: 'The code must be 6 numbers' }]),
    withErrors(samples['choose-authenticator'], [
      { field: 'method', message: 'Select the type of authenticator you want to add' },
    ]),
    withErrors(samples['app-instructions'], [
      { field: 'soleAccess', message: 'Confirm that only you have access to this authenticator app' },
    ]),
    withErrors(samples['create-password'], [
      { field: 'password', message: 'Enter a password' },
      { field: 'confirmPassword', message: 'Enter the same password in both fields' },
    ]),
    withErrors(samples['enter-app-code'], [{ field: 'code', message: 'Enter the code' }]),
    withErrors(samples['nhsnet-instructions'], [
      { field: 'soleAccess', message: 'Confirm that only you have access to this NHS.net Connect account' },
    ]),
    withErrors(samples['passkey-loading'], [
      { field: 'windowsHello', message: 'Select yes if Windows Hello is set up on this computer' },
    ]),
  ];
}
