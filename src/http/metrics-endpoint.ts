/**
 * GET /metrics: behind a bearer token when METRICS_TOKEN is set, and on a listener of its own (a private
 * address, METRICS_BIND) when that is set, so the public listener never serves it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { type Handler, Hono } from 'hono';
import type { Metrics } from './metrics.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

export function metricsHandler(metrics: Metrics, token: string | null): Handler {
  const expected = token === null ? null : digest(token);
  return async (c) => {
    if (expected) {
      const given = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
      // Digests of equal length, so the comparison takes the same time whatever was sent.
      if (!timingSafeEqual(digest(given), expected)) {
        return c.text('Unauthorized\n', 401, { 'www-authenticate': 'Bearer realm="metrics"' });
      }
    }
    const { contentType, body } = await metrics.exposition();
    return c.body(body, 200, { 'content-type': contentType, 'cache-control': 'no-store' });
  };
}

/** The app of the separate metrics listener: /metrics and nothing else. */
export function createMetricsApp(metrics: Metrics, token: string | null) {
  const app = new Hono();
  app.get('/metrics', metricsHandler(metrics, token));
  app.notFound((c) => c.text('Not found\n', 404));
  return app;
}
