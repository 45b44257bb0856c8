/**
 * The screen registry: one screen per view id a state may name, in journey order. `satisfies` makes a
 * view id without a screen, or a screen for a view id the statechart does not have, a type error.
 * The HTTP layer, the path driver, the view tests and the docs find forms, presenters and pages here.
 */
import type { JourneyEvent, JourneySnapshot } from '../machine/index.js';
import type { PageContext, PageProps } from '../views/types.js';
import { appAddedScreen } from './app-added.js';
import { appInstructionsScreen } from './app-instructions.js';
import { authenticatorNotAddedScreen } from './authenticator-not-added.js';
import { chooseAuthenticatorScreen } from './choose-authenticator.js';
import { contactRegistrationAuthorityScreen } from './contact-registration-authority.js';
import { createPasswordScreen } from './create-password.js';
import { enterAppCodeScreen } from './enter-app-code.js';
import { enterDetailsScreen } from './enter-details.js';
import { enterEmailCodeScreen } from './enter-email-code.js';
import { finishedScreen } from './finished.js';
import { logOutFirstScreen } from './log-out-first.js';
import { nhsnetAddedScreen } from './nhsnet-added.js';
import { nhsnetInstructionsScreen } from './nhsnet-instructions.js';
import { nhsnetRedirectScreen } from './nhsnet-redirect.js';
import { nhsnetUnavailableScreen } from './nhsnet-unavailable.js';
import { passkeyAddedScreen } from './passkey-added.js';
import { passkeyLoadingScreen } from './passkey-loading.js';
import { passkeyRegisterScreen } from './passkey-register.js';
import { passkeyWindowsHelloScreen } from './passkey-windows-hello.js';
import { problemAddingAuthenticatorScreen } from './problem-adding-authenticator.js';
import { profileNotFoundScreen } from './profile-not-found.js';
import { scanQrScreen } from './scan-qr.js';
import type { FormFields, FormSpec, PageScreen, RequestFacts, ScreenDeps, ScreenRegistry } from './screen.js';
import { serviceUnavailableScreen } from './service-unavailable.js';
import { sessionTimedOutScreen } from './session-timed-out.js';
import { startScreen } from './start.js';
import { tooManyAttemptsScreen } from './too-many-attempts.js';

export type * from './screen.js';

export const screens = {
  start: startScreen,
  'log-out-first': logOutFirstScreen,
  'enter-details': enterDetailsScreen,
  'enter-email-code': enterEmailCodeScreen,
  'choose-authenticator': chooseAuthenticatorScreen,
  'app-instructions': appInstructionsScreen,
  'create-password': createPasswordScreen,
  'scan-qr': scanQrScreen,
  'enter-app-code': enterAppCodeScreen,
  'app-added': appAddedScreen,
  'nhsnet-instructions': nhsnetInstructionsScreen,
  'nhsnet-redirect': nhsnetRedirectScreen,
  'nhsnet-added': nhsnetAddedScreen,
  'nhsnet-unavailable': nhsnetUnavailableScreen,
  'passkey-loading': passkeyLoadingScreen,
  'passkey-register': passkeyRegisterScreen,
  'passkey-windows-hello': passkeyWindowsHelloScreen,
  'passkey-added': passkeyAddedScreen,
  'authenticator-not-added': authenticatorNotAddedScreen,
  finished: finishedScreen,
  'session-timed-out': sessionTimedOutScreen,
  'too-many-attempts': tooManyAttemptsScreen,
  'problem-adding-authenticator': problemAddingAuthenticatorScreen,
  'contact-registration-authority': contactRegistrationAuthorityScreen,
  'profile-not-found': profileNotFoundScreen,
  'service-unavailable': serviceUnavailableScreen,
} satisfies ScreenRegistry;

type Screens = typeof screens;
export type ScreenId = keyof Screens;

/** The view ids that are pages (all but the redirect). */
export type PageScreenId = { [V in ScreenId]: Screens[V] extends { kind: 'page' } ? V : never }[ScreenId];

/** The props of a screen's page. */
export type ScreenProps<V extends PageScreenId> = Screens[V] extends PageScreen<V, infer P> ? P : never;

/** One journey page to render: its view id and its page's props. */
export type ScreenModel = { [V in PageScreenId]: { view: V } & ScreenProps<V> }[PageScreenId];

/** Every screen, in journey order. */
export const SCREEN_LIST = Object.values(screens) as Screens[ScreenId][];

/** The view ids of the pages, in journey order. */
export const PAGE_SCREEN_IDS = SCREEN_LIST.filter((s) => s.kind === 'page').map(
  (s) => s.view,
) as PageScreenId[];

export function screenOf(view: string): Screens[ScreenId] | undefined {
  return Object.hasOwn(screens, view) ? screens[view as ScreenId] : undefined;
}

export function pageScreenOf(view: string): PageScreen<PageScreenId, PageProps> | undefined {
  const screen = screenOf(view);
  return screen?.kind === 'page' ? (screen as PageScreen<PageScreenId, PageProps>) : undefined;
}

/** Every form by the path it posts to below the journey: `<view>` or `<view>/<action>`. */
const FORMS: ReadonlyMap<string, FormSpec> = new Map(
  SCREEN_LIST.flatMap((screen) =>
    Object.entries(screen.forms).map(
      ([action, spec]) => [action ? `${screen.view}/${action}` : screen.view, spec] as const,
    ),
  ),
);

export function formAt(path: string): FormSpec | undefined {
  return FORMS.get(path);
}

/**
 * The form of this screen that makes the event, and the fields to post. A driver posts a planned
 * event with it, so no field name is written twice.
 */
export function postFor(
  view: string,
  event: JourneyEvent,
  facts: Pick<RequestFacts, 'captchaFields'>,
): { path: string; fields: FormFields } | undefined {
  for (const [path, spec] of FORMS) {
    if ((path === view || path.startsWith(`${view}/`)) && spec.events.includes(event.type))
      return { path, fields: spec.toFields(event as never, facts) };
  }
  return undefined;
}

/** The model of the journey's page: what its presenter takes from the snapshot, and the page context. */
export async function presentScreen(
  view: PageScreenId,
  snapshot: JourneySnapshot,
  page: PageContext,
  deps: ScreenDeps,
): Promise<ScreenModel> {
  const screen = screens[view] as PageScreen<PageScreenId, PageProps>;
  return Object.assign({ view, page }, await screen.present(snapshot, deps)) as ScreenModel;
}
