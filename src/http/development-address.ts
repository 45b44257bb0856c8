/**
 * Development only: one address always works. The Origin check and the cookies belong to PUBLIC_URL
 * (http://localhost:PORT by default), so a page opened at http://127.0.0.1:PORT would answer every form
 * with 403. A GET or HEAD for any other host is sent to the same path and query at PUBLIC_URL instead.
 * Never in production (nor in tests, which set NODE_ENV=test): there the address is the proxy's business.
 * The probes (/healthz, /readyz, /metrics) answer wherever they are asked.
 */
import type { MiddlewareHandler } from 'hono';

const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

export function developmentAddress(publicUrl: string): MiddlewareHandler {
  const target = new URL(publicUrl);
  return async (c, next) => {
    const method = c.req.method;
    const url = new URL(c.req.url);
    if ((method === 'GET' || method === 'HEAD') && url.host !== target.host && !PROBES.has(url.pathname)) {
      return c.redirect(`${target.origin}${url.pathname}${url.search}`, 302);
    }
    return next();
  };
}
