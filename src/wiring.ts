/**
 * Config → real components → the app. Used by main.ts and by tests that run the whole service;
 * tests choose components through config (a Redis URL, an SMTP URL), never by patching modules.
 */
import { Cluster, Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import type { AppConfig } from './config.js';
import type { DevNhsnetProvider } from './dev/nhsnet-provider/index.js';
import type { DevOutbox } from './dev/outbox.js';
import { loadDevelopmentParts } from './development-parts.js';
import { createAnalytics } from './http/analytics.js';
import { createApp } from './http/app.js';
import { createFormTokens } from './http/form-tokens.js';
import { createJourneyRunner } from './http/journey-runner.js';
import { createMetrics, type Metrics } from './http/metrics.js';
import { createJourneyEngine, journeyMachine, LIMITS } from './machine/index.js';
import type { ScreenDeps } from './screens/index.js';
import { createAuditLog } from './services/audit/audit-log.js';
import { createCaptchaVerifier } from './services/captcha/captcha-verifier.js';
import { captchaWidget } from './services/captcha/widget.js';
import { createMemoryProfileDirectory } from './services/directory/memory.js';
import { createRedisProfileDirectory } from './services/directory/redis.js';
import { createEmailCodeService } from './services/email-code/email-code-service.js';
import { createMemoryJourneyStore } from './services/journey-store/memory.js';
import { createRedisJourneyStore } from './services/journey-store/redis.js';
import type { RedisClient } from './services/journey-store/redis-script.js';
import { createSnapshotSealer } from './services/journey-store/snapshot-sealer.js';
import { createJourneyServices } from './services/machine-adapter.js';
import { createNotifier } from './services/mail/notifier.js';
import { createSmtpMailer } from './services/mail/smtp-mailer.js';
import { createNhsnetConnect } from './services/nhsnet/client.js';
import { createPasswordService, preloadPasswordDictionaries } from './services/passwords/password-service.js';
import type { JourneyStore, Mailer } from './services/ports.js';
import { createIdentityCheckLimiter } from './services/rate-limits/identity-check-limiter.js';
import { createJourneyStartLimiter } from './services/rate-limits/journey-start-limiter.js';
import { batchWritesPerTurn } from './services/redis-writes.js';
import { createSecretBox } from './services/secrets/secret-box.js';
import { renderQrSvg } from './services/totp/qr-code.js';
import { createTotpService } from './services/totp/totp-service.js';
import { createPasskeyService } from './services/webauthn/passkey-service.js';

export interface Service {
  app: ReturnType<typeof createApp>;
  config: AppConfig;
  logger: Logger;
  devOutbox: DevOutbox | null;
  nhsnetProvider: DevNhsnetProvider | null;
  metrics: Metrics;
  /** From now on /readyz answers 503, so a load balancer stops sending new requests (SIGTERM). */
  startDraining(): void;
  close(): Promise<void>;
}

export const LOG_REDACT_PATHS = [
  'email',
  'niNumber',
  'code',
  'password',
  'secret',
  'token',
  '*.email',
  '*.niNumber',
  '*.code',
  '*.password',
  '*.token',
];

/** How much of the log is gathered before it is written, and how long a line may wait. */
const LOG_BUFFER_BYTES = 4096;
const LOG_FLUSH_MS = 1000;

export async function buildService(
  config: AppConfig,
  opts: {
    logger?: Logger;
    now?: () => number;
    /** Wraps the journey store, so fault tests can make a write fail where a crash would. */
    journeyStore?: (store: JourneyStore) => JourneyStore;
  } = {},
): Promise<Service> {
  // Log lines go to stdout through a buffer: one write for about 4 KB of lines (some 30 requests), or
  // each second when fewer come; pino writes what is left when the process exits. Measured against a
  // write per line: about 7% less CPU per journey step at 64 connections. A SIGKILL loses at most that
  // second of request lines; the audit trail is in Redis, not in the log.
  const logger =
    opts.logger ??
    pino(
      { level: config.logLevel, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } },
      pino.destination({ dest: 1, sync: false, minLength: LOG_BUFFER_BYTES, periodicFlush: LOG_FLUSH_MS }),
    );
  const now = opts.now ?? Date.now;
  // The commands that many requests send in the same turn go out in one socket write: on a single node
  // by corking the socket per turn (src/services/redis-writes.ts says why not ioredis's auto-pipelining),
  // on a cluster, whose node connections ioredis opens itself, by auto-pipelining.
  const redis: RedisClient | null = config.redisClusterNodes
    ? new Cluster(config.redisClusterNodes, {
        enableOfflineQueue: false,
        enableAutoPipelining: true,
        lazyConnect: true,
        redisOptions: { maxRetriesPerRequest: 1 },
      })
    : config.redisUrl
      ? new Redis(config.redisUrl, {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
          lazyConnect: true,
          enableAutoPipelining: false,
        })
      : null;
  // A Redis outage is a 503 page, never an unhandled error event.
  redis?.on('error', (err) => logger.warn({ err: err.message }, 'redis connection problem'));
  if (redis instanceof Redis) batchWritesPerTurn(redis);
  // Without the offline queue a command sent before the connection is up fails, so start-up waits for it.
  await redis?.connect();

  const sealer = createSnapshotSealer(config.journeyDataKeys);
  const baseStore = redis
    ? createRedisJourneyStore(redis, { sealer })
    : createMemoryJourneyStore({ now, sealer });
  const store = opts.journeyStore ? opts.journeyStore(baseStore) : baseStore;
  const directory = redis
    ? createRedisProfileDirectory(redis, { now })
    : createMemoryProfileDirectory({ now });
  const dev = await loadDevelopmentParts(config);
  if (dev.demoProfiles) await directory.importProfiles(dev.demoProfiles);

  const devOutbox = dev.outbox;
  const mailer: Mailer = config.smtpUrl
    ? createSmtpMailer({ url: config.smtpUrl, from: config.mailFrom })
    : (devOutbox as DevOutbox);

  const nhsnetProvider: DevNhsnetProvider | null = dev.nhsnet?.provider ?? null;
  let nhsnetConfig: Parameters<typeof createNhsnetConnect>[0];
  if (config.nhsnet.mode === 'external') nhsnetConfig = { ...config.nhsnet };
  else if (dev.nhsnet)
    nhsnetConfig = {
      issuer: dev.nhsnet.provider.issuer,
      clientId: dev.nhsnet.clientId,
      clientSecret: dev.nhsnet.clientSecret,
      redirectUri: `${config.origin}/add-authenticator/nhsnet-callback`,
      allowedTenants: ['nhs-demo-tenant'],
      allowedEmailDomains: config.nhsnet.allowedEmailDomains,
      allowInsecureHttp: true,
    };
  else throw new Error('the embedded NHS.net Connect provider did not start');

  const devCaptcha = dev.captcha;
  const widget = config.captcha.provider === 'development' ? null : captchaWidget(config.captcha);
  const captcha =
    config.captcha.provider === 'development'
      ? (devCaptcha as NonNullable<typeof devCaptcha>).verifier
      : createCaptchaVerifier(config.captcha);

  const secretBox = createSecretBox(config.totpEncryptionKey);
  const totp = createTotpService({ secretBox, issuer: config.totpIssuer });
  const audit = createAuditLog({
    logger,
    maxLength: config.auditStreamMaxLength,
    ...(redis ? { redis } : {}),
  });
  preloadPasswordDictionaries();

  const services = createJourneyServices(
    {
      captcha,
      limiter: createIdentityCheckLimiter({ hashKey: config.rateLimitKey, ...(redis ? { redis } : {}) }),
      directory,
      emailCodes: createEmailCodeService({
        mailer,
        hmacKey: config.emailCodeKey,
        lifetimeMinutes: LIMITS.emailCodeLifetimeMs / 60_000,
      }),
      passwords: createPasswordService(),
      totp,
      passkeys: createPasskeyService({ ...config.webauthn, userHandleKey: config.cookieSecret }),
      nhsnet: createNhsnetConnect(nhsnetConfig),
      notifier: createNotifier({ mailer, directory, findRaUrl: config.site.findRaUrl }),
      audit,
      now,
    },
    logger,
  );
  const machine = journeyMachine;
  const engine = createJourneyEngine(machine);
  const runner = createJourneyRunner({
    store,
    engine,
    services,
    now,
    audit,
    logger,
    formerIdTag: createFormTokens(config.cookieSecret).formerIdTag,
  });
  const startLimiter = createJourneyStartLimiter({
    hashKey: config.rateLimitKey,
    points: config.journeyStartsPerIp,
    ...(redis ? { redis } : {}),
  });

  const screenDeps: ScreenDeps = {
    describeTotp: (input) => totp.describe(input),
    renderQr: (uri) => renderQrSvg(uri),
    now,
    captcha: () =>
      devCaptcha
        ? { kind: 'dev', ...devCaptcha.challenge() }
        : {
            kind: 'widget',
            provider: (widget as NonNullable<typeof widget>).provider,
            siteKey: (widget as NonNullable<typeof widget>).siteKey,
            scriptSrc: (widget as NonNullable<typeof widget>).scriptSrc,
          },
  };

  let draining = false;
  const analytics = createAnalytics({ config, redis, machine, now, logger });
  const nhsnetOrigin = new URL(nhsnetConfig.issuer).origin;
  const metrics = createMetrics();
  const app = createApp({
    metrics,
    config,
    runner,
    machine,
    screenDeps,
    engine,
    startLimiter,
    logger,
    now,
    captchaFields: widget ? [widget.fieldName] : ['captchaChallenge', 'captchaAnswer'],
    csp: {
      scriptSrc: widget?.cspScriptSrc ?? [],
      frameSrc: widget?.cspFrameSrc ?? [],
      connectSrc: widget?.cspConnectSrc ?? [],
      formAction: [nhsnetOrigin],
    },
    readiness: async () => {
      if (draining) throw new Error('shutting down');
      await store.ping();
      await directory.ping();
    },
    ...(devOutbox && config.devMailPage ? { devOutbox } : {}),
    ...(analytics ? { analytics } : {}),
  });

  return {
    app,
    config,
    logger,
    devOutbox,
    nhsnetProvider,
    metrics,
    startDraining() {
      draining = true;
    },
    async close() {
      await nhsnetProvider?.stop();
      redis?.disconnect();
    },
  };
}
