import { Layout, MainContent, PageFragment } from './layout.js';
import { type AppInstructionsProps, appInstructionsPage } from './pages/app-instructions.js';
import {
  type AuthenticatorAddedProps,
  appAddedPage,
  nhsnetAddedPage,
  passkeyAddedPage,
} from './pages/authenticator-added.js';
import { type BadRequestProps, badRequestPage } from './pages/bad-request.js';
import { type ChooseAuthenticatorProps, chooseAuthenticatorPage } from './pages/choose-authenticator.js';
import { type CreatePasswordProps, createPasswordPage } from './pages/create-password.js';
import { type DevMailProps, devMailPage } from './pages/dev-mail.js';
import { type EnterAppCodeProps, enterAppCodePage } from './pages/enter-app-code.js';
import { type EnterDetailsProps, enterDetailsPage } from './pages/enter-details.js';
import { type EnterEmailCodeProps, enterEmailCodePage } from './pages/enter-email-code.js';
import { type LogOutFirstProps, logOutFirstPage } from './pages/log-out-first.js';
import { type NhsnetInstructionsProps, nhsnetInstructionsPage } from './pages/nhsnet-instructions.js';
import { type NhsnetUnavailableProps, nhsnetUnavailablePage } from './pages/nhsnet-unavailable.js';
import { type NotFoundProps, notFoundPage } from './pages/not-found.js';
import { type PasskeyLoadingProps, passkeyLoadingPage } from './pages/passkey-loading.js';
import { type PasskeyRegisterProps, passkeyRegisterPage } from './pages/passkey-register.js';
import { type PasskeyWindowsHelloProps, passkeyWindowsHelloPage } from './pages/passkey-windows-hello.js';
import {
  type ProblemAddingAuthenticatorProps,
  problemAddingAuthenticatorPage,
} from './pages/problem-adding-authenticator.js';
import { type ProfileNotFoundProps, profileNotFoundPage } from './pages/profile-not-found.js';
import { type ScanQrProps, scanQrPage } from './pages/scan-qr.js';
import { type ServiceUnavailableProps, serviceUnavailablePage } from './pages/service-unavailable.js';
import { type SessionTimedOutProps, sessionTimedOutPage } from './pages/session-timed-out.js';
import { type StartProps, startPage } from './pages/start.js';
import { type TooManyAttemptsProps, tooManyAttemptsPage } from './pages/too-many-attempts.js';
import type { PageView } from './types.js';

export { ASSET_DIRECTORIES, assetUrls } from './assets.js';
export { documentTitle, SERVICE_NAME } from './layout.js';
export type { CaptchaProps, CaptchaProvider } from './pages/enter-details.js';
export type { PasskeyRegisterError } from './pages/passkey-register.js';
export type { FieldError, PageContext, PageView, TimeoutInfo } from './types.js';

/** The props of each page, keyed by its view id. */
export interface ViewProps {
  start: StartProps;
  'log-out-first': LogOutFirstProps;
  'enter-details': EnterDetailsProps;
  'enter-email-code': EnterEmailCodeProps;
  'choose-authenticator': ChooseAuthenticatorProps;
  'app-instructions': AppInstructionsProps;
  'create-password': CreatePasswordProps;
  'scan-qr': ScanQrProps;
  'enter-app-code': EnterAppCodeProps;
  'app-added': AuthenticatorAddedProps;
  'nhsnet-instructions': NhsnetInstructionsProps;
  'nhsnet-unavailable': NhsnetUnavailableProps;
  'nhsnet-added': AuthenticatorAddedProps;
  'passkey-loading': PasskeyLoadingProps;
  'passkey-register': PasskeyRegisterProps;
  'passkey-windows-hello': PasskeyWindowsHelloProps;
  'passkey-added': AuthenticatorAddedProps;
  'problem-adding-authenticator': ProblemAddingAuthenticatorProps;
  'profile-not-found': ProfileNotFoundProps;
  'too-many-attempts': TooManyAttemptsProps;
  'session-timed-out': SessionTimedOutProps;
  'service-unavailable': ServiceUnavailableProps;
  'not-found': NotFoundProps;
  'bad-request': BadRequestProps;
  'dev-mail': DevMailProps;
}

export type ViewId = keyof ViewProps;

/** One page to render: the view id and that page's props. */
export type ViewModel = { [V in ViewId]: { view: V } & ViewProps[V] }[ViewId];

const pages: { [V in ViewId]: (props: ViewProps[V]) => PageView } = {
  start: startPage,
  'log-out-first': logOutFirstPage,
  'enter-details': enterDetailsPage,
  'enter-email-code': enterEmailCodePage,
  'choose-authenticator': chooseAuthenticatorPage,
  'app-instructions': appInstructionsPage,
  'create-password': createPasswordPage,
  'scan-qr': scanQrPage,
  'enter-app-code': enterAppCodePage,
  'app-added': appAddedPage,
  'nhsnet-instructions': nhsnetInstructionsPage,
  'nhsnet-unavailable': nhsnetUnavailablePage,
  'nhsnet-added': nhsnetAddedPage,
  'passkey-loading': passkeyLoadingPage,
  'passkey-register': passkeyRegisterPage,
  'passkey-windows-hello': passkeyWindowsHelloPage,
  'passkey-added': passkeyAddedPage,
  'problem-adding-authenticator': problemAddingAuthenticatorPage,
  'profile-not-found': profileNotFoundPage,
  'too-many-attempts': tooManyAttemptsPage,
  'session-timed-out': sessionTimedOutPage,
  'service-unavailable': serviceUnavailablePage,
  'not-found': notFoundPage,
  'bad-request': badRequestPage,
  'dev-mail': devMailPage,
};

/** Every view id the views can render. */
export const VIEW_IDS = Object.keys(pages) as ViewId[];

export function isViewId(value: string): value is ViewId {
  return Object.hasOwn(pages, value);
}

/** The page's title, content and scripts, before the layout. */
export function pageViewFor(model: ViewModel): PageView {
  const page = pages[model.view] as (props: ViewModel) => PageView;
  return page(model);
}

/** The whole HTML document. String(result) gives the markup (all components are synchronous). */
export function renderPage(model: ViewModel) {
  return <Layout page={model.page} view={pageViewFor(model)} />;
}

/** For htmx requests: a <title>, the back link and <main>, to swap into #page-container. */
export function renderPageFragment(model: ViewModel) {
  return <PageFragment page={model.page} view={pageViewFor(model)} />;
}

/** Only what goes inside <main id="maincontent">, for a caller that swaps the main content itself. */
export function renderMainContent(model: ViewModel) {
  return <MainContent view={pageViewFor(model)} />;
}

/** renderPage as a string. */
export function renderPageToString(model: ViewModel): string {
  return String(renderPage(model));
}
