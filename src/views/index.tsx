import { PAGE_SCREEN_IDS, pageScreenOf, type ScreenModel } from '../screens/index.js';
import { MainContent, PageFragment } from './layout.js';
import { renderLayout } from './layout-static.js';
import { type BadRequestProps, badRequestPage } from './pages/bad-request.js';
import { type DevMailProps, devMailPage } from './pages/dev-mail.js';
import { type NotFoundProps, notFoundPage } from './pages/not-found.js';
import { renderHtml } from './render.js';
import type { PageView } from './types.js';

export { ASSET_DIRECTORIES, assetUrls } from './assets.js';
export { documentTitle, SERVICE_NAME } from './layout.js';
export { renderHtml } from './render.js';
export type { FieldError, PageContext, PageView, ServicePhase, SiteSettings, TimeoutInfo } from './types.js';

/** The props of each page that is not a screen of the journey, keyed by its view id. */
export interface OtherViewProps {
  'not-found': NotFoundProps;
  'bad-request': BadRequestProps;
  'dev-mail': DevMailProps;
}

type OtherViewId = keyof OtherViewProps;
type OtherModel = { [V in OtherViewId]: { view: V } & OtherViewProps[V] }[OtherViewId];

/** One page to render: the view id and that page's props (a journey screen's, or another page's). */
export type ViewModel = ScreenModel | OtherModel;
export type ViewId = ViewModel['view'];

const otherPages: { [V in OtherViewId]: (props: OtherViewProps[V]) => PageView } = {
  'not-found': notFoundPage,
  'bad-request': badRequestPage,
  'dev-mail': devMailPage,
};

/** Every view id the views can render: the journey's pages (src/screens), then the others. */
export const VIEW_IDS: ViewId[] = [...PAGE_SCREEN_IDS, ...(Object.keys(otherPages) as OtherViewId[])];

export function isViewId(value: string): value is ViewId {
  return (VIEW_IDS as string[]).includes(value);
}

/** The page's title, content and scripts, before the layout. */
export function pageViewFor(model: ViewModel): PageView {
  const page = (pageScreenOf(model.view)?.page ?? otherPages[model.view as OtherViewId]) as (
    props: ViewModel,
  ) => PageView;
  return page(model);
}

/** The whole HTML document (the layout pre-rendered, src/views/layout-static.tsx). */
export function renderPage(model: ViewModel): string {
  return renderLayout(model.page, pageViewFor(model));
}

/** For htmx requests: a <title> and the page container (#page-container, to swap for the one on the
 *  page), or null for a page that is shown only as a whole document. */
export function renderPageFragment(model: ViewModel) {
  const view = pageViewFor(model);
  return view.wholeDocument ? null : <PageFragment page={model.page} view={view} />;
}

/** Only what goes inside <main id="maincontent">, for a caller that swaps the main content itself. */
export function renderMainContent(model: ViewModel) {
  return <MainContent view={pageViewFor(model)} />;
}

/** renderPage as a string. */
export function renderPageToString(model: ViewModel): string {
  return renderHtml(renderPage(model));
}
