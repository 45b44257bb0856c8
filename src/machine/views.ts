/** The screens of SPEC.md, by view id, in journey order. Each is a state with meta.view. */
export const SPEC_VIEW_IDS = [
  'start',
  'log-out-first',
  'enter-details',
  'enter-email-code',
  'choose-authenticator',
  'app-instructions',
  'create-password',
  'scan-qr',
  'enter-app-code',
  'app-added',
  'nhsnet-instructions',
  'nhsnet-added',
  'nhsnet-unavailable',
  'passkey-loading',
  'passkey-register',
  'passkey-windows-hello',
  'passkey-added',
  'session-timed-out',
  'too-many-attempts',
  'problem-adding-authenticator',
  'profile-not-found',
  'service-unavailable',
] as const;

export type SpecViewId = (typeof SPEC_VIEW_IDS)[number];
