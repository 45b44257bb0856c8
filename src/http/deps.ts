/** Everything the HTTP layer is given: the journey runner, the presenter and the components it shows. */
import type { Logger } from 'pino';
import type { AppConfig } from '../config.js';
import type { DevOutbox } from '../dev/outbox.js';
import type { JourneyEngine, JourneyMachine } from '../machine/index.js';
import type { JourneyStartLimiter } from '../services/rate-limits/journey-start-limiter.js';
import type { JourneyRunner } from './journey-runner.js';
import type { Metrics } from './metrics.js';
import type { Presenter } from './presenter.js';

export interface AppDeps {
  config: AppConfig;
  runner: JourneyRunner;
  machine: JourneyMachine;
  /** The journey engine, for pages worked out in memory (the pages behind the current one). */
  engine: JourneyEngine;
  /** Counts journey creations per client. */
  startLimiter: JourneyStartLimiter;
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
}
