/**
 * The journey's routes: a GET shows the current page, a POST turns a form into an event. Each loads the
 * journey behind the cookie once (loadJourney) and hands events to the runner; where the browser goes
 * next is the machine's answer.
 */
import type { Hono } from 'hono';
import { canGoBack, currentMeta, type JourneyEvent, journeyViewIds } from '../machine/index.js';
import { readForm } from './body.js';
import type { AppDeps } from './deps.js';
import { formToEvent, hasForm } from './forms.js';
import type { LoadedJourney } from './journey-runner.js';
import { BASE, type C, type Env, pathOf, type Responder } from './respond.js';
import type { Security } from './security.js';

type Loaded =
  | { kind: 'ok'; journey: LoadedJourney }
  /** No cookie, or one whose signature does not hold. */
  | { kind: 'none' | 'invalid' }
  /** A cookie for a journey the store no longer has (timed out, ended, or moved to a new id). */
  | { kind: 'expired' };

/** What every journey route does with the journey behind the cookie. */
function journeyRequests(deps: AppDeps, security: Security, respond: Responder) {
  async function loadJourney(c: C): Promise<Loaded> {
    const id = await security.readJourneyCookie(c);
    if (id === undefined) return { kind: 'none' };
    if (id === false) return { kind: 'invalid' };
    const journey = await deps.runner.load(id);
    return journey ? { kind: 'ok', journey } : { kind: 'expired' };
  }

  async function startJourney(c: C) {
    const journey = await deps.runner.create(security.cimSessionPresent(c));
    await security.writeJourneyCookie(c, journey.id);
    deps.metrics?.journeyStarted();
    return journey;
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
      if (result.journey.id !== journey.id) await security.writeJourneyCookie(c, result.journey.id);
    }
    return result.journey;
  }

  const goToCurrent = (c: C, journey: LoadedJourney) =>
    c.redirect(pathOf(currentMeta(journey.snapshot).view), 303);

  function timedOut(c: C) {
    security.clearJourneyCookie(c);
    return respond.page(c, 200, 'session-timed-out');
  }

  return { loadJourney, startJourney, step, goToCurrent, timedOut };
}

type Requests = ReturnType<typeof journeyRequests>;

export function journeyRoutes(app: Hono<Env>, deps: AppDeps, security: Security, respond: Responder) {
  const requests = journeyRequests(deps, security, respond);
  navigationRoutes(app, deps, security, respond, requests);
  pageRoutes(app, deps, security, respond, requests);
}

/** Start again, back, the NHS.net Connect callback and extending the journey. */
function navigationRoutes(
  app: Hono<Env>,
  deps: AppDeps,
  security: Security,
  respond: Responder,
  r: Requests,
) {
  const { loadJourney, step, goToCurrent, timedOut } = r;
  app.get(pathOf('start-again'), async (c) => {
    const loaded = await loadJourney(c);
    if (loaded.kind === 'ok') await deps.runner.end(loaded.journey.id);
    security.clearJourneyCookie(c);
    return c.redirect(pathOf('start'), 303);
  });

  app.get(pathOf('back'), async (c) => {
    const loaded = await loadJourney(c);
    if (loaded.kind !== 'ok') return c.redirect(pathOf('start'), 303);
    let journey = loaded.journey;
    if (c.req.query('from') === currentMeta(journey.snapshot).view && canGoBack(journey.snapshot)) {
      journey = (await step(c, journey, [{ type: 'BACK_SELECTED' }])) ?? journey;
    }
    return goToCurrent(c, journey);
  });

  app.get(pathOf('nhsnet-callback'), async (c) => {
    const loaded = await loadJourney(c);
    if (loaded.kind === 'expired') return timedOut(c);
    if (loaded.kind !== 'ok') return c.redirect(pathOf('start'), 303);
    let journey = loaded.journey;
    if (currentMeta(journey.snapshot).redirect === 'nhsnetAuthorization') {
      const query = Object.fromEntries(Object.entries(c.req.query()).slice(0, 20));
      journey = (await step(c, journey, [{ type: 'NHSNET_CALLBACK_RECEIVED', query }])) ?? journey;
    }
    return goToCurrent(c, journey);
  });

  app.post(pathOf('extend'), async (c) => {
    const loaded = await loadJourney(c);
    if (loaded.kind !== 'ok') return c.body(null, 204);
    // The timeout warning posts its form (token in _csrf); a script may send the x-csrf-token header.
    const body = await readForm(c);
    if (!(await security.checkCsrf(c, loaded.journey.id, body?._csrf)))
      return respond.page(c, 403, 'bad-request');
    const after = (await step(c, loaded.journey, [{ type: 'JOURNEY_EXTENDED' }])) ?? loaded.journey;
    // The warning script reads the new deadlines; a plain form post just goes back to the page.
    if (c.req.header('accept')?.includes('application/json'))
      return c.json(respond.pageContext(c, after, currentMeta(after.snapshot).view).timeout);
    return goToCurrent(c, after);
  });
}

/** A page of the journey (GET) and its forms (POST). */
function pageRoutes(app: Hono<Env>, deps: AppDeps, security: Security, respond: Responder, r: Requests) {
  const { loadJourney, startJourney, step, goToCurrent, timedOut } = r;
  const journeyViews = journeyViewIds(deps.machine);

  app.get(`${BASE}/:view`, async (c) => {
    const view = c.req.param('view');
    if (!journeyViews.has(view)) return respond.page(c, 404, 'not-found');
    const loaded = await loadJourney(c);
    if (loaded.kind === 'expired' && view !== 'start') return timedOut(c);
    if (loaded.kind !== 'ok' || (view === 'start' && loaded.journey.snapshot.status === 'done')) {
      if (view !== 'start') return c.redirect(pathOf('start'), 303);
      return respond.showCurrent(c, await startJourney(c), view);
    }
    // The engine moves the clock; only a change (a timeout) is written.
    const looked = await deps.runner.look(loaded.journey);
    return respond.showCurrent(c, looked.kind === 'conflict' ? loaded.journey : looked.journey, view);
  });

  app.post(`${BASE}/:view/:action?`, async (c) => {
    const view = c.req.param('view');
    const action = c.req.param('action');
    const key = action ? `${view}/${action}` : view;
    if (!hasForm(key)) return respond.page(c, 404, 'not-found');
    const loaded = await loadJourney(c);
    // No journey behind this cookie: it may have timed out, or a double submit's first request proved the
    // email and moved the journey to a new id (the browser has that cookie by now). The GET decides,
    // with whichever cookie the browser holds, and leaves the cookie alone until then.
    if (loaded.kind === 'expired') return c.redirect(pathOf(view), 303);
    if (loaded.kind !== 'ok') return c.redirect(pathOf('start'), 303);
    const journey = loaded.journey;
    const body = await readForm(c);
    if (!body || !(await security.checkCsrf(c, journey.id, body._csrf)))
      return respond.page(c, 403, 'bad-request');
    // A post from a page that is no longer the current step (another tab, a double click): show where we are.
    if (view !== currentMeta(journey.snapshot).view) return goToCurrent(c, journey);
    const parsed = formToEvent(key, body, {
      clientIp: security.clientIp(c),
      cimSessionPresent: security.cimSessionPresent(c),
      captchaFields: deps.captchaFields,
    });
    if (!parsed.ok) {
      deps.logger.warn({ form: key, problem: parsed.problem }, 'bad form');
      return respond.page(c, 400, 'bad-request');
    }
    const after = await step(c, journey, [parsed.event]);
    if (!after) return c.redirect(pathOf(view), 303);
    return respond.afterPost(c, after);
  });
}
