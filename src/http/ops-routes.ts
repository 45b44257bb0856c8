/** Operations and development routes: health, readiness, metrics, the development mail outbox. */
import type { Hono } from 'hono';
import type { AppDeps } from './deps.js';
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
  const metrics = deps.metrics;
  if (metrics) {
    app.get('/metrics', async (c) => {
      const { contentType, body } = await metrics.exposition();
      return c.body(body, 200, { 'content-type': contentType });
    });
  }
}
