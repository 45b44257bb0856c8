/** Operations and development routes: health, readiness, metrics, the development mail outbox. */
import type { Hono } from 'hono';
import type { AppDeps } from './deps.js';
import { metricsHandler } from './metrics-endpoint.js';
import type { Env, Responder } from './respond.js';

export function opsRoutes(app: Hono<Env>, deps: AppDeps, respond: Responder) {
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await deps.readiness();
      return c.json({ status: 'ready' });
    } catch {
      return c.json({ status: 'unavailable' }, 503);
    }
  });
  const outbox = deps.devOutbox;
  if (outbox) {
    app.get('/dev/mail', (c) =>
      respond.render(c, 200, {
        view: 'dev-mail',
        page: respond.pageContext(c, null, 'dev-mail'),
        messages: outbox.list(),
      }),
    );
  }
  // With METRICS_BIND, /metrics is served by a listener of its own (src/server.ts), never here.
  if (deps.metrics && !deps.config.metrics.bind)
    app.get('/metrics', metricsHandler(deps.metrics, deps.config.metrics.token));
}
