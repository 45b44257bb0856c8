/** Everything the HTTP layer is given: the journey runner, the screens' needs and the components it shows. */
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import type { AppConfig } from '../config.js';
import type { DevOutbox } from '../dev/outbox.js';
import type { JourneyEngine, JourneyMachine } from '../machine/index.js';
import type { ScreenDeps } from '../screens/index.js';
import type { JourneyStartLimiter } from '../services/rate-limits/journey-start-limiter.js';
import type { JourneyRunner } from './journey-runner.js';
import type { Metrics } from './metrics.js';
import type { ReplyVariables } from './reply.js';

/** What every request of the app carries: the nonce of its scripts and the headers of its answer. */
export type Env = { Variables: ReplyVariables };

export interface AppDeps {
  config: AppConfig;
  runner: JourneyRunner;
  machine: JourneyMachine;
  /** What the screens' presenters need besides the snapshot (CAPTCHA, QR codes). */
  screenDeps: ScreenDeps;
  /** The journey engine, for pages worked out in memory (the pages behind the current one). */
  engine: JourneyEngine;
  /** Counts journey creations per client. */
  startLimiter: JourneyStartLimiter;
  logger: Logger;
  now: () => number;
  /** Form fields the CAPTCHA in use posts. */
  captchaFields: readonly string[];
  /** Extra CSP sources (CAPTCHA provider, NHS.net Connect provider for form redirects). */
  csp: { scriptSrc: string[]; frameSrc: string[]; formAction: string[]; connectSrc: string[] };
  readiness: () => Promise<void>;
  devOutbox?: DevOutbox;
  /** The analytics pages (src/http/analytics.ts), when ANALYTICS_TOKEN is set. */
  analytics?: Hono<Env>;
  /** Prometheus metrics, served at GET /metrics. */
  metrics?: Metrics;
}
