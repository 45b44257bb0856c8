/**
 * Prometheus metrics of the journey, in a registry of their own (so two instances in one process, or
 * a test, never share counters). Labels come from closed sets only: view ids, form keys, methods and
 * error reasons, never anything a request chose.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { currentMeta, type JourneySnapshot } from '../machine/index.js';
import type { AuthenticatorMethod } from '../services/ports.js';

export type ErrorReason =
  /** A dependency failed: the outage page, from an exception or from the journey itself. */
  | 'service-unavailable'
  /** The NHS.net Connect provider could not be reached. */
  | 'nhsnet-unavailable'
  | 'bad-request'
  | 'forbidden'
  | 'payload-too-large'
  | 'not-found'
  /** A client started more journeys than it may. */
  | 'too-many-requests'
  /** Another request saved the journey first. */
  | 'conflict';

export interface Metrics {
  registry: Registry;
  journeyStarted(): void;
  /** A journey step was saved: counts the view it arrived at, any authenticator it added, and an
   *  arrival at an outage page. */
  stepSaved(previous: JourneySnapshot, next: JourneySnapshot): void;
  authenticatorAdded(method: AuthenticatorMethod): void;
  error(reason: ErrorReason): void;
  /** A page answered with an error status (400, 403, 404, 413, 429, 503); other statuses count nothing. */
  errorPage(status: number): void;
  /** Times every POST to a known form, labelled by the form: call it with each request's method, path
   *  and duration (ms). Allocates nothing per request: one histogram child per form, made once. */
  stepTimer(
    isForm: (key: string) => boolean,
    basePath: string,
  ): (method: string, path: string, ms: number) => void;
  /** The text exposition for GET /metrics. */
  exposition(): Promise<{ contentType: string; body: string }>;
}

const STATUS_REASONS: Record<number, ErrorReason> = {
  400: 'bad-request',
  403: 'forbidden',
  404: 'not-found',
  413: 'payload-too-large',
  429: 'too-many-requests',
  503: 'service-unavailable',
};

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event loop lag) too; on by default. */
  processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics ?? true)
    collectDefaultMetrics({ register: registry, prefix: 'add_authenticator_' });

  const started = new Counter({
    name: 'add_authenticator_journeys_started_total',
    help: 'Journeys started',
    registers: [registry],
  });
  const steps = new Counter({
    name: 'add_authenticator_steps_total',
    help: 'Journey steps saved, by the view the journey arrived at',
    labelNames: ['view'],
    registers: [registry],
  });
  const added = new Counter({
    name: 'add_authenticator_authenticators_added_total',
    help: 'Authenticators added, by method',
    labelNames: ['method'],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'add_authenticator_errors_total',
    help: 'Requests that ended in an error page or a lost race, by reason',
    labelNames: ['reason'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'add_authenticator_step_duration_seconds',
    help: 'Time to answer a journey form post, by form',
    labelNames: ['form'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  return {
    registry,
    journeyStarted: () => started.inc(),
    stepSaved(previous, next) {
      const view = String(currentMeta(next).view);
      steps.inc({ view });
      for (const entry of next.context.added.slice(previous.context.added.length)) {
        added.inc({ method: entry.method });
      }
      const before = String(currentMeta(previous).view);
      if (view !== before && (view === 'service-unavailable' || view === 'nhsnet-unavailable')) {
        errors.inc({ reason: view });
      }
    },
    authenticatorAdded: (method) => added.inc({ method }),
    error: (reason) => errors.inc({ reason }),
    errorPage(status) {
      const reason = STATUS_REASONS[status];
      if (reason) errors.inc({ reason });
    },
    stepTimer(isForm, basePath) {
      const prefix = `${basePath}/`;
      const children = new Map<string, ReturnType<typeof latency.labels> | null>();
      return (method, path, ms) => {
        if (method !== 'POST' || !path.startsWith(prefix)) return;
        let child = children.get(path);
        if (child === undefined) {
          const key = path.slice(prefix.length);
          // Only the forms' paths are kept: another path (a probe) is looked up and forgotten.
          if (!isForm(key)) return;
          child = latency.labels({ form: key });
          children.set(path, child);
        }
        child?.observe(ms / 1000);
      };
    },
    async exposition() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
