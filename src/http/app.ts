/**
 * The HTTP layer: requests → journey events, journey states → pages. It decides nothing about the
 * journey; the statechart does. createApp(deps) takes every service, so tests can swap components.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import type { AppConfig } from '../config.js';
import type { DevOutbox } from '../dev/outbox.js';
import {
  canGoBack,
  currentMeta,
  isTimedOutBy,
  type JourneyEvent,
  type JourneyMachine,
  journeyViewIds,
} from '../machine/index.js';
import {
  ASSET_DIRECTORIES,
  type PageContext,
  renderPage,
  renderPageFragment,
  type ViewModel,
} from '../views/index.js';
import { ANALYTICS_PATH } from './analytics.js';
import { formToEvent, hasForm } from './forms.js';
import type { JourneyRunner, LoadedJourney } from './journey-runner.js';
import type { Metrics } from './metrics.js';
import type { Presenter } from './presenter.js';
import { timeoutInfo } from './presenter.js';
import { createSecurity, type Security } from './security.js';

export interface AppDeps {
  config: AppConfig;
  runner: JourneyRunner;
  machine: JourneyMachine;
  presenter: Presenter;
  logger: Logger;
  now: () => number;
  /** Form fields the CAPTCHA in use posts. */
  captchaFields: readonly string[];
  /** Extra CSP sources (CAPTCHA provider, NHS.net Connect provider for form redirects). */
  csp: { scriptSrc: string[]; frameSrc: string[]; formAction: string[]; connectSrc: string[] };
  readiness: () => Promise<void>;
  devOutbox?: DevOutbox;
  /** Prometheus metrics, served at GET /metrics. */
  metrics?: Metrics;
  /** The analytics pages (src/http/analytics.ts), when ANALYTICS_TOKEN is set. */
  analytics?: Hono<Env>;
}

const BASE = '/add-authenticator';
const path = (view: string) => `${BASE}/${view}`;

type Env = { Variables: { secureHeadersNonce?: string } };
type C = Context<Env>;

export function createApp(deps: AppDeps) {
  const app = new Hono<Env>();
  const security: Security = createSecurity(deps.config, deps.csp);
  const { logger } = deps;
  const journeyViews = journeyViewIds(deps.machine);

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // The path only: a query string can hold an authorization code.
    logger.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
  if (deps.metrics) app.use(`${BASE}/*`, deps.metrics.timeSteps(hasForm, BASE));
  app.use('*', security.headers);
  app.use(
    '*',
    bodyLimit({ maxSize: deps.config.bodyLimitBytes, onError: (c) => page(c, 413, { view: 'bad-request' }) }),
  );
  app.use(`${BASE}/*`, security.originCheck);
  app.use(`${BASE}/*`, async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  for (const { urlPrefix, directory } of ASSET_DIRECTORIES) {
    app.use(
      `${urlPrefix}*`,
      serveStatic({ root: './', rewriteRequestPath: (p) => directory + p.slice(urlPrefix.length) }),
    );
  }

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await deps.readiness();
      return c.json({ status: 'ready' });
    } catch {
      return c.json({ status: 'unavailable' }, 503);
    }
  });
  if (deps.devOutbox) {
    const outbox = deps.devOutbox;
    app.get('/dev/mail', (c) =>
      render(c, 200, { view: 'dev-mail', page: pageContext(c, null, 'dev-mail'), messages: outbox.list() }),
    );
  }
  if (deps.metrics) {
    const metrics = deps.metrics;
    app.get('/metrics', async (c) => {
      const { contentType, body } = await metrics.exposition();
      return c.body(body, 200, { 'content-type': contentType });
    });
  }
  app.get('/', (c) => c.redirect(path('start'), 303));
  if (deps.analytics) app.route(ANALYTICS_PATH, deps.analytics);

  // ---------- helpers ----------

  function pageContext(c: C, journey: LoadedJourney | null, view: string): PageContext {
    const snapshot = journey?.snapshot;
    const active = snapshot && snapshot.status === 'active';
    return {
      csrfToken: journey ? security.csrfToken(journey.id) : '',
      cspNonce: c.get('secureHeadersNonce') ?? '',
      backLink: !!active && canGoBack(snapshot),
      viewId: view,
      ...(active && view !== 'service-unavailable' ? { timeout: timeoutInfo(snapshot, deps.now()) } : {}),
    };
  }

  function render(c: C, status: number, model: ViewModel) {
    const html = c.req.header('HX-Request') ? renderPageFragment(model) : renderPage(model);
    return c.html(String(html), status as 200);
  }

  /** A page with no journey behind it (outage, 404, bad request, timed out). */
  function page(c: C, status: number, opts: { view: string }) {
    const view = opts.view as 'not-found';
    deps.metrics?.errorPage(status);
    return render(c, status, { view, page: pageContext(c, null, view) });
  }

  async function loadJourney(c: C) {
    const id = await security.readJourneyCookie(c);
    if (id === undefined) return { kind: 'none' as const };
    if (id === false) return { kind: 'invalid' as const };
    const journey = await deps.runner.load(id);
    return journey ? { kind: 'ok' as const, journey } : { kind: 'expired' as const };
  }

  async function startJourney(c: C) {
    const journey = await deps.runner.create(security.cimSessionPresent(c));
    await security.writeJourneyCookie(c, journey.id);
    deps.metrics?.journeyStarted();
    return journey;
  }

  const tick = (userActive: boolean): JourneyEvent => ({ type: 'CLOCK_TICKED', at: deps.now(), userActive });

  /** Sends events; answers with where the browser should go next. */
  async function step(c: C, journey: LoadedJourney, events: JourneyEvent[]): Promise<LoadedJourney | null> {
    const result = await deps.runner.step(journey, events);
    if (result.kind === 'conflict') {
      deps.metrics?.error('conflict');
      return null;
    }
    deps.metrics?.stepSaved(result.previous, result.journey.snapshot);
    if (result.journey.id !== journey.id) await security.writeJourneyCookie(c, result.journey.id);
    return result.journey;
  }

  async function showCurrent(c: C, journey: LoadedJourney, requested: string) {
    const meta = currentMeta(journey.snapshot);
    const view = meta.view as string;
    if (meta.redirect === 'nhsnetAuthorization' && requested === view) {
      const url = journey.snapshot.context.nhsnetLogin?.authorizationUrl;
      if (url) return c.redirect(url, 302);
    }
    if (requested !== view) return c.redirect(path(view), 303);
    const model = await deps.presenter(view, journey.snapshot, pageContext(c, journey, view));
    return render(c, view === 'service-unavailable' ? 503 : 200, model);
  }

  /** After a POST: 303 to the current step, or for htmx the page itself. */
  async function afterPost(c: C, journey: LoadedJourney) {
    const view = currentMeta(journey.snapshot).view as string;
    if (c.req.header('HX-Request') && !currentMeta(journey.snapshot).redirect) {
      c.header('HX-Push-Url', path(view));
      return showCurrent(c, journey, view);
    }
    return c.redirect(path(view), 303);
  }

  function timedOut(c: C) {
    security.clearJourneyCookie(c);
    return page(c, 200, { view: 'session-timed-out' });
  }

  // ---------- journey routes ----------

  app.get(path('start-again'), async (c) => {
    const loaded = await loadJourney(c);
    if (loaded.kind === 'ok') await deps.runner.end(loaded.journey.id);
    security.clearJourneyCookie(c);
    return c.redirect(path('start'), 303);
  });

  app.get(path('back'), async (c) => {
    const loaded = await loadJourney(c);
    if (loaded.kind !== 'ok') return c.redirect(path('start'), 303);
    let journey = loaded.journey;
    const from = c.req.query('from');
    if (from === currentMeta(journey.snapshot).view && canGoBack(journey.snapshot)) {
      journey = (await step(c, journey, [tick(true), { type: 'BACK_SELECTED' }])) ?? journey;
    }
    return c.redirect(path(currentMeta(journey.snapshot).view as string), 303);
  });

  app.get(path('nhsnet-callback'), async (c) => {
    const loaded = await loadJourney(c);
    if (loaded.kind === 'expired') return timedOut(c);
    if (loaded.kind !== 'ok') return c.redirect(path('start'), 303);
    let journey = loaded.journey;
    if (currentMeta(journey.snapshot).redirect === 'nhsnetAuthorization') {
      const query = Object.fromEntries(Object.entries(c.req.query()).slice(0, 20));
      journey =
        (await step(c, journey, [tick(true), { type: 'NHSNET_CALLBACK_RECEIVED', query }])) ?? journey;
    }
    return c.redirect(path(currentMeta(journey.snapshot).view as string), 303);
  });

  app.post(path('extend'), async (c) => {
    const loaded = await loadJourney(c);
    if (loaded.kind !== 'ok') return c.body(null, 204);
    // The timeout warning posts its form (token in _csrf); a script may send the x-csrf-token header.
    const body = await readForm(c);
    if (!(await security.checkCsrf(c, loaded.journey.id, body?._csrf)))
      return page(c, 403, { view: 'bad-request' });
    const after =
      (await step(c, loaded.journey, [tick(true), { type: 'JOURNEY_EXTENDED' }])) ?? loaded.journey;
    // The warning script reads the new deadlines; a plain form post just goes back to the page.
    if (c.req.header('accept')?.includes('application/json'))
      return c.json(timeoutInfo(after.snapshot, deps.now()));
    return c.redirect(path(currentMeta(after.snapshot).view as string), 303);
  });

  app.get(`${BASE}/:view`, async (c) => {
    const view = c.req.param('view');
    if (!journeyViews.has(view)) return page(c, 404, { view: 'not-found' });
    const loaded = await loadJourney(c);
    if (loaded.kind === 'expired' && view !== 'start') return timedOut(c);
    if (loaded.kind !== 'ok' || (view === 'start' && loaded.journey.snapshot.status === 'done')) {
      if (view !== 'start') return c.redirect(path('start'), 303);
      return showCurrent(c, await startJourney(c), view);
    }
    let journey = loaded.journey;
    // Only a tick that changes the journey (a timeout) is worth a write.
    const tickNow = tick(false);
    if (journey.snapshot.status === 'active' && isTimedOutBy(journey.snapshot, tickNow)) {
      journey = (await step(c, journey, [tickNow])) ?? journey;
    }
    return showCurrent(c, journey, view);
  });

  app.post(`${BASE}/:view/:action?`, async (c) => {
    const view = c.req.param('view');
    const action = c.req.param('action');
    const key = action ? `${view}/${action}` : view;
    if (!hasForm(key)) return page(c, 404, { view: 'not-found' });
    const loaded = await loadJourney(c);
    // No journey behind this cookie: it may have timed out, or a double submit's first request proved the
    // email and moved the journey to a new id (the browser has that cookie by now). The GET decides,
    // with whichever cookie the browser holds, and leaves the cookie alone until then.
    if (loaded.kind === 'expired') return c.redirect(path(view), 303);
    if (loaded.kind !== 'ok') return c.redirect(path('start'), 303);
    const journey = loaded.journey;
    const body = await readForm(c);
    if (!body || !(await security.checkCsrf(c, journey.id, body._csrf)))
      return page(c, 403, { view: 'bad-request' });
    // A post from a page that is no longer the current step (another tab, a double click): show where we are.
    if (view !== currentMeta(journey.snapshot).view)
      return c.redirect(path(currentMeta(journey.snapshot).view as string), 303);
    const parsed = formToEvent(key, body, {
      clientIp: security.clientIp(c),
      cimSessionPresent: security.cimSessionPresent(c),
      captchaFields: deps.captchaFields,
    });
    if (!parsed.ok) {
      logger.warn({ form: key, problem: parsed.problem }, 'bad form');
      return page(c, 400, { view: 'bad-request' });
    }
    const after = await step(c, journey, [tick(true), parsed.event]);
    if (!after) return c.redirect(path(view), 303);
    return afterPost(c, after);
  });

  app.notFound((c) => page(c, 404, { view: 'not-found' }));
  app.onError(async (err, c) => {
    // A refusal by middleware (the Origin check) is the client's doing, not an outage: keep its status.
    if (err instanceof HTTPException && err.status < 500) {
      logger.warn({ status: err.status, path: c.req.path }, 'request refused');
      return page(c, err.status, { view: 'bad-request' });
    }
    logger.error({ err: { name: err.name, message: err.message }, path: c.req.path }, 'request failed');
    // "Try again" needs the journey's form token, or it is refused once the outage is over. The cookie
    // check is local (a signature), so it works while the journey store is down.
    const id = await security.readJourneyCookie(c).catch(() => undefined);
    const view = 'service-unavailable';
    const context = pageContext(c, null, view);
    if (typeof id === 'string') context.csrfToken = security.csrfToken(id);
    deps.metrics?.errorPage(503);
    return render(c, 503, { view, page: context });
  });

  return app;
}

async function readForm(c: {
  req: {
    header(n: string): string | undefined;
    parseBody(o: { all: true }): Promise<Record<string, unknown>>;
  };
}) {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data'))
    return null;
  try {
    return (await c.req.parseBody({ all: true })) as Record<string, unknown> & { _csrf?: unknown };
  } catch {
    return null;
  }
}
