/**
 * The HTTP layer: requests → journey events, journey states → pages. It decides nothing about the
 * journey; the statechart does. createApp(deps) takes every service, so tests can swap components.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { ASSET_DIRECTORIES } from '../views/index.js';
import { ANALYTICS_PATH } from './analytics.js';
import type { AppDeps } from './deps.js';
import { developmentAddress } from './development-address.js';
import { hasForm } from './forms.js';
import { journeyRoutes } from './journey-routes.js';
import { opsRoutes } from './ops-routes.js';
import { BASE, createResponder, type Env, pathOf } from './respond.js';
import { createSecurity } from './security.js';

export function createApp(deps: AppDeps) {
  const app = new Hono<Env>();
  const security = createSecurity(deps.config, deps.csp);
  const respond = createResponder(deps, security);
  const { logger } = deps;

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
  if (deps.config.env === 'development') app.use('*', developmentAddress(deps.config.publicUrl));
  if (deps.metrics) app.use(`${BASE}/*`, deps.metrics.timeSteps(hasForm, BASE));
  app.use('*', security.headers);
  app.use(
    '*',
    bodyLimit({ maxSize: deps.config.bodyLimitBytes, onError: (c) => respond.page(c, 413, 'bad-request') }),
  );
  app.use(`${BASE}/*`, security.originCheck);
  app.use(`${BASE}/*`, async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  for (const { urlPrefix, directory } of ASSET_DIRECTORIES) {
    app.use(
      `${urlPrefix}*`,
      serveStatic({ root: directory, rewriteRequestPath: (p) => p.slice(urlPrefix.length) }),
    );
  }

  opsRoutes(app, deps, respond);
  if (deps.analytics) app.route(ANALYTICS_PATH, deps.analytics);
  app.get('/', (c) => c.redirect(pathOf('start'), 303));
  journeyRoutes(app, deps, security, respond);

  app.notFound((c) => respond.page(c, 404, 'not-found'));
  app.onError(async (err, c) => {
    // A refusal by middleware (the Origin check) is the client's doing, not an outage: keep its status.
    if (err instanceof HTTPException && err.status < 500) {
      logger.warn({ status: err.status, path: c.req.path }, 'request refused');
      return respond.page(c, err.status, 'bad-request');
    }
    logger.error({ err: { name: err.name, message: err.message }, path: c.req.path }, 'request failed');
    return respond.outage(c);
  });

  return app;
}

export type { AppDeps } from './deps.js';
