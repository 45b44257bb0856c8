/**
 * Answers: a journey's current page (or the redirect its state asks for), pages with no journey behind
 * them, and the 303 after a form post. Translation only: which page is the machine's answer.
 */
import type { Context } from 'hono';
import { currentMeta, type JourneySnapshot, journeyDeadlines } from '../machine/index.js';
import { pageScreenOf, presentScreen, screenOf } from '../screens/index.js';
import { type PageContext, renderPage, renderPageFragment, type ViewModel } from '../views/index.js';
import { previousView } from './back-chain.js';
import type { AppDeps, Env } from './deps.js';

export type { Env } from './deps.js';

import type { LoadedJourney } from './journey-runner.js';
import { replyEmpty, replyHtml, replyRedirect, setHeader } from './reply.js';
import type { Security } from './security.js';

export const BASE = '/add-authenticator';
export const pathOf = (view: string) => `${BASE}/${view}`;

export type C = Context<Env>;

/** An htmx request (a boosted link or form) wants the page as a fragment; a history restore wants the
 *  whole document. */
export const wantsFragment = (c: C) =>
  c.req.header('HX-Request') !== undefined && c.req.header('HX-History-Restore-Request') === undefined;

/** A page: the whole document, or for htmx its container (the fragment). */
function render(c: C, status: number, model: ViewModel) {
  // The same address answers a document or a fragment: a cache must keep them apart.
  setHeader(c, 'Vary', 'HX-Request');
  if (!wantsFragment(c)) return replyHtml(c, status, String(renderPage(model)));
  const fragment = renderPageFragment(model);
  if (fragment) return replyHtml(c, status, String(fragment));
  // A page shown only as a whole document: htmx loads its address as one.
  setHeader(c, 'HX-Redirect', pathOf(model.page.viewId));
  return replyEmpty(c, 200);
}

/** Off the site (the NHS.net Connect provider): htmx is told to navigate there itself (HX-Redirect),
 *  since its request could only follow a redirect in the background. */
function leaveSite(c: C, url: string) {
  if (!wantsFragment(c)) return replyRedirect(c, url, 302);
  setHeader(c, 'HX-Redirect', url);
  return replyEmpty(c, 200);
}

export function createResponder(deps: AppDeps, security: Security) {
  /** The back link leads to the page BACK_SELECTED would show: the machine's answer, worked out in memory. */
  function backLinkOf(snapshot: JourneySnapshot): string | null {
    const view = previousView(deps.engine, snapshot, deps.now());
    return view ? pathOf(view) : null;
  }

  function pageContext(c: C, journey: LoadedJourney | null, view: string): PageContext {
    const snapshot = journey?.snapshot;
    const active = snapshot && snapshot.status === 'active';
    const context: PageContext = {
      csrfToken: journey ? security.csrfToken(journey.id) : '',
      cspNonce: c.get('secureHeadersNonce') ?? '',
      backLink: active ? backLinkOf(snapshot) : null,
      viewId: view,
      site: deps.config.site,
    };
    if (active && pageScreenOf(view)?.timeoutWarning !== false)
      context.timeout = Object.assign(journeyDeadlines(snapshot.context), { nowMs: deps.now() });
    return context;
  }

  /** A page with no journey behind it (outage, 404, bad request, timed out). */
  function page(c: C, status: number, view: 'not-found' | 'bad-request' | 'session-timed-out') {
    deps.metrics?.errorPage(status);
    return render(c, status, { view, page: pageContext(c, null, view) });
  }

  /** The journey's current page (or where its screen sends the browser); a request for another page
   *  is sent there. */
  async function showCurrent(c: C, journey: LoadedJourney, requested: string) {
    const view = currentMeta(journey.snapshot).view;
    if (requested !== view) return replyRedirect(c, pathOf(view));
    const screen = screenOf(view);
    if (screen?.kind !== 'page') {
      const url = screen?.redirect(journey.snapshot);
      return url ? leaveSite(c, url) : page(c, 404, 'not-found');
    }
    const model = await presentScreen(
      screen.view,
      journey.snapshot,
      pageContext(c, journey, view),
      deps.screenDeps,
    );
    return render(c, screen.status ?? 200, model);
  }

  /** After a POST: 303 to the current step. htmx gets the answer in one request: the page itself, with
   *  its address for the address bar (HX-Push-Url), or where its screen sends the browser. */
  async function afterPost(c: C, journey: LoadedJourney) {
    const view = currentMeta(journey.snapshot).view;
    if (!wantsFragment(c)) return replyRedirect(c, pathOf(view));
    if (screenOf(view)?.kind === 'page') setHeader(c, 'HX-Push-Url', pathOf(view));
    return showCurrent(c, journey, view);
  }

  /** service-unavailable after an outage. "Try again" needs the journey's form token, or it is refused
   *  once the outage is over; the cookie check is local (a signature), so it works while Redis is down. */
  async function outage(c: C) {
    const id = await security.readJourneyCookie(c).catch(() => undefined);
    const view = 'service-unavailable';
    const context = pageContext(c, null, view);
    if (typeof id === 'string') context.csrfToken = security.csrfToken(id);
    deps.metrics?.errorPage(503);
    return render(c, 503, { view, page: context });
  }

  return { pageContext, render, page, showCurrent, afterPost, outage };
}

export type Responder = ReturnType<typeof createResponder>;
