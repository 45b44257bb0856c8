import { raw } from '@add-authenticator/jsx-html';
import { assetUrls } from './assets.js';
import { BackLink, Footer, Header, SkipLink } from './components/index.js';
import { AAL2_SERVICES_URL, JOURNEY_PREFIX } from './pages/shared.js';
import { TimeoutWarning } from './timeout-warning.js';
import type { PageContext, PageView, ServicePhase } from './types.js';

export const SERVICE_NAME = 'Add an authenticator';
const THEME_COLOUR = '#005eb8';

// nhsuk-frontend's own page template runs this before anything paints, so styles for
// JavaScript-enhanced components apply without a flash; it needs the CSP nonce.
const SUPPORT_CLASSES_SCRIPT =
  "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' nhsuk-frontend-supported' : '');";

/** `<page title> - Add an authenticator - NHS`, with `Error: ` in front when the page shows errors. */
export function documentTitle(view: Pick<PageView, 'title' | 'errors'>): string {
  const prefix = view.errors && view.errors.length > 0 ? 'Error: ' : '';
  return `${prefix}${view.title} - ${SERVICE_NAME} - NHS`;
}

const PHASE_TAGS: Record<Exclude<ServicePhase, 'live'>, string> = { alpha: 'Alpha', beta: 'Beta' };

/** The phase banner under the header (SPEC: every page carries it); a live service shows none. */
export function PhaseBanner(props: { phase: ServicePhase }) {
  if (props.phase === 'live') return null;
  return (
    <div class="app-phase-banner">
      <div class="nhsuk-width-container">
        <p class="app-phase-banner__content nhsuk-body-s">
          <strong class="nhsuk-tag app-phase-banner__tag">{PHASE_TAGS[props.phase]}</strong>
          <span class="app-phase-banner__text">This service is in development.</span>
        </p>
      </div>
    </div>
  );
}

/** What goes inside <main>: the page content in the two-thirds column. */
export function MainContent(props: { view: PageView }) {
  return (
    <div class="nhsuk-grid-row">
      <div class="nhsuk-grid-column-two-thirds">{props.view.content}</div>
    </div>
  );
}

/** The page's own module scripts: each exports start(), which init.js runs again after an htmx swap. */
function pageScripts(page: PageContext, view: PageView): string[] {
  return [...(page.timeout ? [assetUrls.timeoutWarningJs] : []), ...(view.scripts ?? [])];
}

/**
 * The width container: the back link, <main> and the timeout warning (its deadlines and form token
 * belong to the page). An htmx request gets this as its fragment and swaps it for the one on the page;
 * data-page-scripts names the scripts init.js starts for it.
 */
export function PageContainer(props: { page: PageContext; view: PageView }) {
  const { page, view } = props;
  const scripts = pageScripts(page, view);
  return (
    <div
      class="nhsuk-width-container"
      id="page-container"
      data-page-scripts={scripts.length ? scripts.join(' ') : undefined}
    >
      {page.backLink ? <BackLink href={page.backLink} /> : null}
      <main class="nhsuk-main-wrapper" id="maincontent">
        <MainContent view={view} />
      </main>
      {page.timeout ? <TimeoutWarning timeout={page.timeout} csrfToken={page.csrfToken} /> : null}
    </div>
  );
}

/**
 * htmx settings (read from this meta tag, so no inline script): nothing evaluated (the CSP forbids
 * eval), no inline indicator styles (the CSP allows only the site's style sheet), nothing kept in the
 * browser's storage (pages hold personal data, on shared PCs: Back and Forward reload the page from the
 * server), and every answer swapped, error pages too, as a browser without JavaScript would show them.
 */
const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  includeIndicatorStyles: false,
  historyCacheSize: 0,
  refreshOnHistoryMiss: true,
  selfRequestsOnly: true,
  defaultSettleDelay: 0,
  responseHandling: [
    { code: '204', swap: false },
    { code: '...', swap: true },
  ],
});

export function Layout(props: { page: PageContext; view: PageView }) {
  const { page, view } = props;
  const nonce = page.cspNonce;
  const scripts = [assetUrls.initJs, ...pageScripts(page, view)];
  const images = assetUrls.nhsukImages;
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <title>{documentTitle(view)}</title>
          <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
          <meta name="theme-color" content={THEME_COLOUR} />
          <link rel="icon" href={`${images}/favicon.ico`} sizes="48x48" />
          <link rel="icon" href={`${images}/favicon.svg`} sizes="any" type="image/svg+xml" />
          <link rel="mask-icon" href={`${images}/nhsuk-icon-mask.svg`} color={THEME_COLOUR} />
          <link rel="apple-touch-icon" href={`${images}/nhsuk-icon-180.png`} />
          <link rel="manifest" href={assetUrls.nhsukManifest} />
          <meta name="htmx-config" content={HTMX_CONFIG} />
          <link rel="stylesheet" href={assetUrls.nhsukCss} />
          <link rel="stylesheet" href={assetUrls.appCss} />
          <link rel="modulepreload" href={assetUrls.nhsukJs} />
          {/* Deferred: it runs before init.js (a module, deferred too), which starts what it swaps in. */}
          <script src={assetUrls.htmxJs} nonce={nonce} defer />
          {scripts.map((src) => (
            <script type="module" src={src} nonce={nonce} />
          ))}
        </head>
        {/* Links and forms of the site load the next page's container over htmx (one request per
            step); Back and Forward reload (hx-history="false": no copy of a page is stored). */}
        <body
          hx-boost="true"
          hx-target="#page-container"
          hx-select="#page-container"
          hx-swap="outerHTML"
          hx-history="false"
        >
          <script nonce={nonce} dangerouslySetInnerHTML={{ __html: SUPPORT_CLASSES_SCRIPT }} />
          <SkipLink />
          <Header service={{ text: SERVICE_NAME, href: `${JOURNEY_PREFIX}/start` }} />
          <PhaseBanner phase={page.site.phase} />
          <PageContainer page={page} view={view} />
          <Footer
            links={[
              { href: AAL2_SERVICES_URL, text: 'AAL2-enabled services' },
              { href: page.site.findRaUrl, text: 'Find your Registration Authority' },
            ]}
          />
        </body>
      </html>
    </>
  );
}

/** The htmx fragment: a <title> for htmx to put on the document, then the page container. */
export function PageFragment(props: { page: PageContext; view: PageView }) {
  return (
    <>
      <title>{documentTitle(props.view)}</title>
      <PageContainer page={props.page} view={props.view} />
    </>
  );
}
