/**
 * The journey's routes: a GET shows a page and changes nothing, a POST turns a form into events. Each
 * loads the journey behind the cookie once (loadJourney) and hands events to the runner; where the
 * browser goes next is the machine's answer. No GET changes a journey (SPEC.md: CSRF): "start again"
 * is a form, and a back link is a plain link to an earlier page (back-chain.ts).
 */
import type { Hono } from 'hono';
import { currentMeta, erasingViewIds, type JourneyEvent, journeyViewIds } from '../machine/index.js';
import { type PageScreenId, presentScreen, type ScreenModel } from '../screens/index.js';
import { type EarlierPage, earlierPages, eventsFrom } from './back-chain.js';
import { readForm } from './body.js';
import type { AppDeps } from './deps.js';
import { formToEvent, hasForm } from './forms.js';
import type { LoadedJourney } from './journey-runner.js';
import { journeyStarts } from './journey-start.js';
import { replyEmpty, replyJson, replyRedirect } from './reply.js';
import { BASE, type C, type Env, pathOf, type Responder, wantsFragment } from './respond.js';
import type { Security } from './security.js';

type Loaded =
  | { kind: 'ok'; journey: LoadedJourney }
  /** No cookie, or one whose signature does not hold. */
  | { kind: 'none' | 'invalid' }
  /** A cookie for a journey the store no longer has (timed out, ended, or moved to a new id). */
  | { kind: 'expired' };

const isActive = (journey: LoadedJourney) => journey.snapshot.status === 'active';

/** Pages behind the current one (back links), and which events a form post may send. */
function earlierPageRequests(
  deps: AppDeps,
  security: Security,
  respond: Responder,
  starts: ReturnType<typeof journeyStarts>,
) {
  /** `view` as one of the pages behind the journey's current one, worked out in memory. */
  function earlierPage(journey: LoadedJourney, view: string): EarlierPage | null {
    if (!isActive(journey) || currentMeta(journey.snapshot).view === view) return null;
    return earlierPages(deps.engine, journey.snapshot, deps.now()).find((p) => p.view === view) ?? null;
  }

  /** An earlier page, from the journey as it would be there; its form token names the revision. */
  async function showEarlier(c: C, journey: LoadedJourney, page: EarlierPage) {
    const context = {
      ...respond.pageContext(c, { ...journey, snapshot: page.snapshot }, page.view),
      csrfToken: security.formTokens.earlier(journey),
    };
    return respond.render(
      c,
      200,
      await presentScreen(page.view as PageScreenId, page.snapshot, context, deps.screenDeps),
    );
  }

  /**
   * Which events a form post may send, judged by its token: the form's own event from the current
   * page; the backs and then the event from an earlier page shown while the journey was as it is now;
   * otherwise none (a stale tab, a second click): the post is shown the current step.
   */
  function formEvents(c: C, journey: LoadedJourney, view: string, body: Record<string, unknown>) {
    const verdict = security.judgeCsrf(c, journey, body._csrf);
    if (verdict.kind === 'refused')
      return starts.isOwnStartToken(c, body._csrf) ? ('stale' as const) : ('refused' as const);
    if (verdict.kind === 'former') return 'stale' as const;
    if (verdict.shownAt === null)
      return view === currentMeta(journey.snapshot).view ? { from: null } : 'stale';
    const page = verdict.shownAt === journey.rev ? earlierPage(journey, view) : null;
    return page ? { from: page } : ('stale' as const);
  }

  return { earlierPage, showEarlier, formEvents };
}

/** What every journey route does with the journey behind the cookie. */
function journeyRequests(deps: AppDeps, security: Security, respond: Responder) {
  const starts = journeyStarts(deps, security, respond);

  async function loadJourney(c: C): Promise<Loaded> {
    const id = await security.readJourneyCookie(c);
    if (id === undefined) return { kind: 'none' };
    if (id === false) return { kind: 'invalid' };
    const journey = await deps.runner.load(id);
    return journey ? { kind: 'ok', journey } : { kind: 'expired' };
  }

  /** Sends events; the journey as it is now, or null when another request moved it first. */
  async function step(c: C, journey: LoadedJourney, events: JourneyEvent[]): Promise<LoadedJourney | null> {
    const result = await deps.runner.step(journey, events);
    if (result.kind === 'conflict') {
      deps.metrics?.error('conflict');
      return null;
    }
    if (result.kind === 'saved') {
      deps.metrics?.stepSaved(result.previous, result.journey.snapshot);
      if (await erased(c, result.journey)) return result.journey;
      if (result.journey.id !== journey.id) await security.writeJourneyCookie(c, result.journey.id);
    }
    return result.journey;
  }

  /** A journey that has reached a state that erases it (Finish, or idle on an added page on a shared PC)
   *  is deleted from the store and the browser's cookie cleared: nothing of it can be reached again. */
  async function erased(c: C, journey: LoadedJourney): Promise<boolean> {
    if (!currentMeta(journey.snapshot).erase) return false;
    await deps.runner.end(journey.id);
    security.clearJourneyCookie(c);
    return true;
  }

  const goToCurrent = (c: C, journey: LoadedJourney) =>
    replyRedirect(c, pathOf(currentMeta(journey.snapshot).view));

  /** Another request moved the journey first: the current step. If that request moved it to a new id
   *  (the browser has that cookie by now), the GET decides, with whichever cookie the browser holds. */
  async function afterConflict(c: C, journey: LoadedJourney, view: string) {
    const now = await deps.runner.load(journey.id);
    return now ? goToCurrent(c, now) : replyRedirect(c, pathOf(view));
  }

  function timedOut(c: C) {
    security.clearJourneyCookie(c);
    return respond.page(c, 200, 'session-timed-out');
  }

  return {
    starts,
    loadJourney,
    step,
    erased,
    goToCurrent,
    afterConflict,
    timedOut,
    ...earlierPageRequests(deps, security, respond, starts),
  };
}

type Requests = ReturnType<typeof journeyRequests>;

export function journeyRoutes(app: Hono<Env>, deps: AppDeps, security: Security, respond: Responder) {
  const requests = journeyRequests(deps, security, respond);
  navigationRoutes(app, deps, security, respond, requests);
  pageRoutes(app, deps, security, respond, requests);
}

/** Start again, the NHS.net Connect callback and extending the journey. */
function navigationRoutes(
  app: Hono<Env>,
  deps: AppDeps,
  security: Security,
  respond: Responder,
  r: Requests,
) {
  const { loadJourney, step, goToCurrent, timedOut } = r;

  app.post(pathOf('start-again'), async (c) => {
    const loaded = await loadJourney(c);
    if (loaded.kind === 'ok') {
      const verdict = security.judgeCsrf(
        c,
        loaded.journey,
        (await readForm(c, deps.config.bodyLimitBytes))?._csrf,
      );
      if (verdict.kind === 'refused') return respond.page(c, 403, 'bad-request');
      // A stale tab's "start again" does not end the journey the person has moved on with.
      if (verdict.kind === 'former') return goToCurrent(c, loaded.journey);
      await deps.runner.end(loaded.journey.id);
    }
    // With no journey behind the cookie there is nothing to end: the cookie goes, the start page shows
    // (to htmx in the same answer).
    security.clearJourneyCookie(c);
    if (wantsFragment(c)) return r.starts.show(c, 'start', false);
    return replyRedirect(c, pathOf('start'));
  });

  app.get(pathOf('nhsnet-callback'), async (c) => {
    const loaded = await loadJourney(c);
    if (loaded.kind === 'expired') return timedOut(c);
    if (loaded.kind !== 'ok') return replyRedirect(c, pathOf('start'));
    let journey = loaded.journey;
    if (currentMeta(journey.snapshot).redirect === 'nhsnetAuthorization') {
      const query = Object.fromEntries(Object.entries(c.req.query()).slice(0, 20));
      journey = (await step(c, journey, [{ type: 'NHSNET_CALLBACK_RECEIVED', query }])) ?? journey;
    }
    return goToCurrent(c, journey);
  });

  app.post(pathOf('extend'), async (c) => {
    const loaded = await loadJourney(c);
    if (loaded.kind !== 'ok') return replyEmpty(c, 204);
    // The timeout warning posts its form (token in _csrf); a script may send the x-csrf-token header.
    const body = await readForm(c, deps.config.bodyLimitBytes);
    const verdict = security.judgeCsrf(c, loaded.journey, body?._csrf);
    if (verdict.kind === 'refused') return respond.page(c, 403, 'bad-request');
    if (verdict.kind === 'former') return goToCurrent(c, loaded.journey);
    const after = (await step(c, loaded.journey, [{ type: 'JOURNEY_EXTENDED' }])) ?? loaded.journey;
    // The warning script reads the new deadlines; a plain form post just goes back to the page.
    if (c.req.header('accept')?.includes('application/json'))
      return replyJson(c, 200, respond.pageContext(c, after, currentMeta(after.snapshot).view).timeout);
    return goToCurrent(c, after);
  });
}

/** A page of the journey (GET) and its forms (POST). */
function pageRoutes(app: Hono<Env>, deps: AppDeps, security: Security, respond: Responder, r: Requests) {
  const { starts, loadJourney, step, erased, goToCurrent, afterConflict, timedOut } = r;
  const { earlierPage, showEarlier, formEvents } = r;
  const journeyViews = journeyViewIds(deps.machine);
  /** The pages of states that erase the journey (meta.erase): shown with no journey behind them. */
  const erasingViews = erasingViewIds(deps.machine);
  // Their screens show no journey (test/screens/registry.test.ts holds them to that).
  const showErased = (c: C, view: string) =>
    respond.render(c, 200, { view, page: respond.pageContext(c, null, view) } as ScreenModel);

  app.get(`${BASE}/:view`, async (c) => {
    const view = c.req.param('view');
    if (!journeyViews.has(view)) return respond.page(c, 404, 'not-found');
    const loaded = await loadJourney(c);
    // `start` after an ended journey always begins a fresh one (SPEC.md, 8).
    if (loaded.kind === 'ok' && (isActive(loaded.journey) || view !== 'start')) {
      // The engine moves the clock; only a change (a timeout) is written.
      const looked = await deps.runner.look(loaded.journey);
      const journey = looked.kind === 'conflict' ? loaded.journey : looked.journey;
      if (await erased(c, journey)) {
        // The journey ended by itself just now (idle on an added page): `start` still begins a fresh
        // one for whoever asks for it (shared PCs); any other page says the journey has finished.
        if (starts.firstViews.has(view)) return starts.show(c, view, false);
        const ended = currentMeta(journey.snapshot).view;
        return c.req.path === pathOf(ended) ? showErased(c, ended) : replyRedirect(c, pathOf(ended));
      }
      const earlier = earlierPage(journey, view);
      if (earlier) return showEarlier(c, journey, earlier);
      return respond.showCurrent(c, journey, view);
    }
    if (starts.firstViews.has(view)) return starts.show(c, view, loaded.kind !== 'none');
    if (erasingViews.has(view)) return showErased(c, view);
    if (loaded.kind === 'expired') return timedOut(c);
    return replyRedirect(c, pathOf('start'));
  });

  app.post(`${BASE}/:view/:action?`, async (c) => {
    const view = c.req.param('view');
    const action = c.req.param('action');
    const key = action ? `${view}/${action}` : view;
    if (!hasForm(key)) return respond.page(c, 404, 'not-found');
    const loaded = await loadJourney(c);
    const journey = loaded.kind === 'ok' ? loaded.journey : null;
    if (!(journey && isActive(journey)) && starts.firstViews.has(key)) return starts.create(c, view);
    // No journey behind this cookie: it may have timed out, or a double submit's first request proved the
    // email and moved the journey to a new id (the browser has that cookie by now). The GET decides,
    // with whichever cookie the browser holds, and leaves the cookie alone until then.
    if (loaded.kind === 'expired') return replyRedirect(c, pathOf(view));
    if (!journey) return replyRedirect(c, pathOf('start'));
    const body = await readForm(c, deps.config.bodyLimitBytes);
    const allowed = body ? formEvents(c, journey, view, body) : 'refused';
    if (allowed === 'refused' || !body) return respond.page(c, 403, 'bad-request');
    // A post from a page that is no longer the current step (another tab, a double click): show where we are.
    if (allowed === 'stale') return goToCurrent(c, journey);
    const parsed = formToEvent(key, body, {
      clientIp: security.clientIp(c),
      cimSessionPresent: security.cimSessionPresent(c),
      captchaFields: deps.captchaFields,
    });
    if (!parsed.ok) {
      deps.logger.warn({ form: key, problem: parsed.problem }, 'bad form');
      return respond.page(c, 400, 'bad-request');
    }
    const after = await step(c, journey, eventsFrom(allowed.from, parsed.event));
    if (!after) return afterConflict(c, journey, view);
    return respond.afterPost(c, after);
  });
}
