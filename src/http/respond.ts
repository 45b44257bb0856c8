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
import { replyHtml, replyRedirect, setHeader } from './reply.js';
import type { Security } from './security.js';

export const BASE = '/add-authenticator';
export const pathOf = (view: string) => `${BASE}/${view}`;

export type C = Context<Env>;

export function createResponder(deps: AppDeps, security: Security) {
  /** The back link leads to the page BACK_SELECTED would show: the machine's answer, worked out in memory. */
  function backLinkOf(snapshot: JourneySnapshot): string | null {
    const view = previousView(deps.engine, snapshot, deps.now());
    return view ? pathOf(view) : null;
  }

  function pageContext(c: C, journey: LoadedJourney | null, view: string): PageContext {
    const snapshot = journey?.snapshot;
    const active = snapshot && snapshot.status === 'active';
    return {
      csrfToken: journey ? security.csrfToken(journey.id) : '',
      cspNonce: c.get('secureHeadersNonce') ?? '',
      backLink: active ? backLinkOf(snapshot) : null,
      viewId: view,
      ...(active && pageScreenOf(view)?.timeoutWarning !== false
        ? { timeout: { ...journeyDeadlines(snapshot.context), nowMs: deps.now() } }
        : {}),
    };
  }

  function render(c: C, status: number, model: ViewModel) {
    const html = c.req.header('HX-Request') ? renderPageFragment(model) : renderPage(model);
    return replyHtml(c, status, String(html));
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
      return url ? replyRedirect(c, url, 302) : page(c, 404, 'not-found');
    }
    const model = await presentScreen(
      screen.view,
      journey.snapshot,
      pageContext(c, journey, view),
      deps.screenDeps,
    );
    return render(c, screen.status ?? 200, model);
  }

  /** After a POST: 303 to the current step, or for htmx the page itself. */
  async function afterPost(c: C, journey: LoadedJourney) {
    const view = currentMeta(journey.snapshot).view;
    if (c.req.header('HX-Request') && screenOf(view)?.kind === 'page') {
      setHeader(c, 'HX-Push-Url', pathOf(view));
      return showCurrent(c, journey, view);
    }
    return replyRedirect(c, pathOf(view));
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
