/**
 * The service's listeners: the public one with explicit timeouts, and /metrics on a private one when
 * METRICS_BIND is set. Shutdown drains: /readyz answers 503 at once, the listener keeps serving for
 * SHUTDOWN_DELAY_MS (so a load balancer sees it and stops sending), then stops accepting, lets in-flight
 * requests finish, and the process is gone within SHUTDOWN_GRACE_MS whatever happens.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createMetricsApp } from './http/metrics-endpoint.js';
import type { Service } from './wiring.js';

export interface RunningServer {
  port: number;
  metricsPort: number | null;
  /** Drains and closes; resolves true when everything finished within the grace period. */
  shutdown(opts?: { skipDelay?: boolean }): Promise<boolean>;
}

function listen(
  fetch: (req: Request) => Response | Promise<Response>,
  host: string,
  port: number,
  t: Service['config']['http'],
) {
  return new Promise<Server>((resolve, reject) => {
    const server = serve({
      fetch,
      hostname: host,
      port,
      serverOptions: {
        headersTimeout: t.headersTimeoutMs,
        requestTimeout: t.requestTimeoutMs,
        keepAliveTimeout: t.keepAliveTimeoutMs,
        // How often Node looks for requests past their header or request timeout (30 s by default).
        connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(t.headersTimeoutMs / 4))),
      },
    }) as Server;
    server.once('error', reject);
    server.once('listening', () => resolve(server));
  });
}

const closeServer = (server: Server) =>
  new Promise<void>((resolve) => {
    if (!server.listening) return resolve();
    // A kept-alive connection goes idle once its request is answered; close those as they appear.
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    server.close(() => {
      clearInterval(idle);
      resolve();
    });
  });

export async function startServer(service: Service): Promise<RunningServer> {
  const { config, logger } = service;
  const main = await listen(service.app.fetch, config.host, config.port, config.http);
  const bind = config.metrics.bind;
  const metricsServer = bind
    ? await listen(
        createMetricsApp(service.metrics, config.metrics.token).fetch,
        bind.host,
        bind.port,
        config.http,
      )
    : null;
  const servers = metricsServer ? [main, metricsServer] : [main];
  let stopping: Promise<boolean> | null = null;

  async function drainAndClose(skipDelay: boolean): Promise<boolean> {
    service.startDraining();
    const { delayMs, graceMs } = config.shutdown;
    let timer: NodeJS.Timeout | undefined;
    // Most of the grace period for the requests; the rest for closing Redis and the listeners.
    const deadline = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), Math.floor(graceMs * 0.9));
    });
    const orderly = (async () => {
      if (!skipDelay && delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      await Promise.all(servers.map(closeServer));
      return true as const;
    })();
    const finished = await Promise.race([orderly, deadline]);
    clearTimeout(timer);
    if (!finished) {
      logger.warn({ graceMs }, 'requests still in flight at the end of the grace period: closing them');
      for (const server of servers) server.closeAllConnections();
    }
    await service.close();
    return finished;
  }

  return {
    port: (main.address() as AddressInfo).port,
    metricsPort: metricsServer ? (metricsServer.address() as AddressInfo).port : null,
    shutdown(opts = {}) {
      stopping ??= drainAndClose(opts.skipDelay === true);
      return stopping;
    },
  };
}
