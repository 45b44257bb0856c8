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
  'authenticator-not-added',
  'finished',
  'session-timed-out',
  'too-many-attempts',
  'problem-adding-authenticator',
  'contact-registration-authority',
  'profile-not-found',
  'service-unavailable',
] as const;

export type SpecViewId = (typeof SPEC_VIEW_IDS)[number];

/** States that send the browser elsewhere (the NHS.net Connect provider) instead of showing a page. */
export const REDIRECT_VIEW_IDS = ['nhsnet-redirect'] as const;

/** A view id a state's meta may name: a page of SPEC.md, or a redirect. */
export type JourneyViewId = SpecViewId | (typeof REDIRECT_VIEW_IDS)[number];

/** Every view id of the journey (each is the meta.view of exactly one state; a test holds it so). */
export const JOURNEY_VIEW_IDS: readonly JourneyViewId[] = [...SPEC_VIEW_IDS, ...REDIRECT_VIEW_IDS];
