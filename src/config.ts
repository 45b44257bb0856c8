/**
 * Environment → validated configuration. Development runs on embedded defaults; production refuses
 * every one of them and says which.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { NhsnetConnectConfig } from './services/nhsnet/client.js';
import {
  developmentJourneyDataKeys,
  type JourneyDataKey,
  parseJourneyDataKeys,
} from './settings/journey-data-keys.js';
import {
  checkShutdown,
  checkTimeouts,
  type HttpTimeouts,
  type MetricsSettings,
  parseMetrics,
  parseTrustProxy,
  type ShutdownSettings,
  type TrustProxy,
} from './settings/operations.js';
import { weakSecretProblems } from './settings/secret-strength.js';
import {
  DEFAULT_CREATE_PROFILE_URL,
  DEFAULT_FIND_RA_URL,
  SERVICE_PHASES,
  type SiteSettings,
} from './settings/site.js';

const csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes'].includes(v)));

const secret = z.string().min(32, 'must be at least 32 characters').optional();
const millis = (fallback: number) => z.coerce.number().int().min(0).max(3_600_000).default(fallback);

/** A link the pages show: https only, so a setting can never make a script or plain-http link. */
const httpsLink = (fallback: string) =>
  z.url({ protocol: /^https$/, error: 'must be an https URL' }).default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  COOKIE_SECRET: secret,
  CIM_SESSION_COOKIE: z
    .string()
    .regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/)
    .default('CIM_SESSION'),
  /** A header the nearest proxy sets to the client address (not a list); see TRUST_PROXY_HOPS. */
  TRUST_PROXY_HEADER: z
    .string()
    .regex(/^[a-z0-9-]+$/i)
    .optional(),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  METRICS_BIND: z.string().optional(),
  HTTP_HEADERS_TIMEOUT_MS: millis(10_000).pipe(z.number().min(1000)),
  HTTP_REQUEST_TIMEOUT_MS: millis(30_000).pipe(z.number().min(1000)),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: millis(5_000).pipe(z.number().min(100)),
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(600_000).optional(),
  SHUTDOWN_GRACE_MS: millis(25_000).pipe(z.number().min(100)),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(1_048_576).default(65_536),
  JOURNEY_STARTS_PER_IP: z.coerce.number().int().min(1).max(1_000_000).default(20),
  REDIS_URL: z.string().optional(),
  /** Seeds of a Redis Cluster, `host:port,host:port`; used instead of REDIS_URL when set. */
  REDIS_CLUSTER_NODES: csv.pipe(
    z.array(
      z
        .string()
        .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'each node must be host:port')
        .transform((node) => {
          const at = node.lastIndexOf(':');
          return { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
        }),
    ),
  ),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Care Identity <no-reply@care-identity.nhs.uk>'),
  EMAIL_CODE_KEY: secret,
  RATE_LIMIT_KEY: secret,
  TOTP_ENCRYPTION_KEY: z.string().optional(),
  JOURNEY_DATA_KEY: z.string().optional(),
  TOTP_ISSUER: z.string().default('NHS Care Identity'),
  CAPTCHA_PROVIDER: z.enum(['development', 'hcaptcha', 'turnstile', 'recaptcha']).default('development'),
  CAPTCHA_SITE_KEY: z.string().optional(),
  CAPTCHA_SECRET: z.string().optional(),
  CAPTCHA_VERIFY_URL: z.url().optional(),
  NHSNET_ISSUER: z.url().optional(),
  NHSNET_CLIENT_ID: z.string().optional(),
  NHSNET_CLIENT_SECRET: z.string().optional(),
  NHSNET_REDIRECT_URI: z.url().optional(),
  NHSNET_ALLOWED_TENANTS: csv,
  NHSNET_ALLOWED_EMAIL_DOMAINS: csv,
  NHSNET_DEV_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  WEBAUTHN_RP_ID: z.string().optional(),
  WEBAUTHN_RP_NAME: z.string().default('NHS Care Identity'),
  WEBAUTHN_ORIGINS: csv,
  DEMO_PROFILES: bool(true),
  DEV_MAIL_PAGE: bool(true),
  /** Approximate number of entries the audit stream keeps (XADD MAXLEN ~). */
  AUDIT_STREAM_MAXLEN: z.coerce.number().int().min(1000).max(1_000_000_000).default(100_000),
  /** The phase banner on every page; `live` shows none. */
  SERVICE_PHASE: z.enum(SERVICE_PHASES).default('beta'),
  FIND_RA_URL: httpsLink(DEFAULT_FIND_RA_URL),
  CREATE_PROFILE_URL: httpsLink(DEFAULT_CREATE_PROFILE_URL),
  /** Turns on GET /analytics/funnel for whoever presents it. */
  ANALYTICS_TOKEN: z.string().min(1).max(512).optional(),
});

export type Env = z.input<typeof envSchema>;

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string;
  origin: string;
  secureCookies: boolean;
  logLevel: string;
  cookieSecret: string;
  cimSessionCookie: string;
  bodyLimitBytes: number;
  /** How the client IP is found behind proxies; with neither hops nor a header, the socket address. */
  trustProxy: TrustProxy;
  /** Journeys one client IP may start per 15 minutes. */
  journeyStartsPerIp: number;
  redisUrl: string | null;
  /** Redis Cluster seed nodes; null for a single Redis (redisUrl) or none. */
  redisClusterNodes: { host: string; port: number }[] | null;
  smtpUrl: string | null;
  mailFrom: string;
  emailCodeKey: string;
  rateLimitKey: string;
  totpEncryptionKey: string;
  /** Keys sealing the journey snapshots at rest; the first seals, all open. */
  journeyDataKeys: JourneyDataKey[];
  totpIssuer: string;
  captcha:
    | { provider: 'development' }
    | {
        provider: 'hcaptcha' | 'turnstile' | 'recaptcha';
        siteKey: string;
        secret: string;
        verifyUrl?: string;
      };
  nhsnet:
    | { mode: 'embedded'; devPort: number; allowedEmailDomains: string[] }
    | ({ mode: 'external' } & Omit<NhsnetConnectConfig, 'allowInsecureHttp' | 'timeoutMs'>);
  webauthn: { rpId: string; rpName: string; origins: string[] };
  demoProfiles: boolean;
  devMailPage: boolean;
  metrics: MetricsSettings;
  http: HttpTimeouts;
  shutdown: ShutdownSettings;
  auditStreamMaxLength: number;
  /** The analytics page's token; null: the page does not exist. */
  analyticsToken: string | null;
  /** The phase banner and the help links every page shows. */
  site: SiteSettings;
  /** The development defaults in use, by name (empty in production). */
  developmentDefaults: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const devSecret = () => randomBytes(32).toString('base64url');

export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const defaults: string[] = [];
  const problems: string[] = [];
  const fallback = <T>(value: T | undefined, name: string, make: () => T): T => {
    if (value !== undefined && value !== '') return value;
    defaults.push(name);
    return make();
  };

  const port = e.PORT;
  const publicUrl = fallback(e.PUBLIC_URL, 'PUBLIC_URL (http://localhost)', () => `http://localhost:${port}`);
  const url = new URL(publicUrl);
  const origin = url.origin;

  const totpKey = fallback(e.TOTP_ENCRYPTION_KEY, 'TOTP_ENCRYPTION_KEY', () =>
    randomBytes(32).toString('base64'),
  );
  if (Buffer.from(totpKey, 'base64').length !== 32)
    problems.push('TOTP_ENCRYPTION_KEY: must be 32 bytes, base64');

  let captcha: AppConfig['captcha'] = { provider: 'development' };
  if (e.CAPTCHA_PROVIDER === 'development')
    defaults.push('CAPTCHA_PROVIDER=development (development challenge)');
  else if (!e.CAPTCHA_SITE_KEY || !e.CAPTCHA_SECRET)
    problems.push('CAPTCHA_SITE_KEY and CAPTCHA_SECRET are required with CAPTCHA_PROVIDER');
  else
    captcha = {
      provider: e.CAPTCHA_PROVIDER,
      siteKey: e.CAPTCHA_SITE_KEY,
      secret: e.CAPTCHA_SECRET,
      ...(e.CAPTCHA_VERIFY_URL ? { verifyUrl: e.CAPTCHA_VERIFY_URL } : {}),
    };

  const emailDomains = e.NHSNET_ALLOWED_EMAIL_DOMAINS.length ? e.NHSNET_ALLOWED_EMAIL_DOMAINS : ['nhs.net'];
  let nhsnet: AppConfig['nhsnet'];
  if (!e.NHSNET_ISSUER) {
    defaults.push('NHSNET_ISSUER (embedded NHS.net Connect provider)');
    nhsnet = { mode: 'embedded', devPort: e.NHSNET_DEV_PORT, allowedEmailDomains: emailDomains };
  } else if (!e.NHSNET_CLIENT_ID || !e.NHSNET_CLIENT_SECRET) {
    problems.push('NHSNET_CLIENT_ID and NHSNET_CLIENT_SECRET are required with NHSNET_ISSUER');
    nhsnet = { mode: 'embedded', devPort: 0, allowedEmailDomains: emailDomains };
  } else {
    nhsnet = {
      mode: 'external',
      issuer: e.NHSNET_ISSUER,
      clientId: e.NHSNET_CLIENT_ID,
      clientSecret: e.NHSNET_CLIENT_SECRET,
      redirectUri: e.NHSNET_REDIRECT_URI ?? `${origin}/add-authenticator/nhsnet-callback`,
      allowedTenants: e.NHSNET_ALLOWED_TENANTS,
      allowedEmailDomains: emailDomains,
    };
  }

  const production = e.NODE_ENV === 'production';
  const journeyDataKeys = e.JOURNEY_DATA_KEY
    ? parseJourneyDataKeys(e.JOURNEY_DATA_KEY, { production })
    : { keys: fallback(undefined, 'JOURNEY_DATA_KEY', developmentJourneyDataKeys), problems: [] };
  problems.push(...journeyDataKeys.problems);

  const config: AppConfig = {
    env: e.NODE_ENV,
    host: e.HOST,
    port,
    publicUrl,
    origin,
    secureCookies: url.protocol === 'https:',
    logLevel: e.LOG_LEVEL,
    cookieSecret: fallback(e.COOKIE_SECRET, 'COOKIE_SECRET', devSecret),
    cimSessionCookie: e.CIM_SESSION_COOKIE,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    trustProxy: parseTrustProxy(e.TRUST_PROXY_HOPS, e.TRUST_PROXY_HEADER, problems),
    journeyStartsPerIp: e.JOURNEY_STARTS_PER_IP,
    redisUrl: e.REDIS_CLUSTER_NODES.length
      ? e.REDIS_URL || null
      : fallback<string | null>(e.REDIS_URL, 'REDIS_URL (in-memory journey store and directory)', () => null),
    redisClusterNodes: e.REDIS_CLUSTER_NODES.length ? e.REDIS_CLUSTER_NODES : null,
    smtpUrl: fallback<string | null>(e.SMTP_URL, 'SMTP_URL (development outbox at /dev/mail)', () => null),
    mailFrom: e.MAIL_FROM,
    emailCodeKey: fallback(e.EMAIL_CODE_KEY, 'EMAIL_CODE_KEY', devSecret),
    rateLimitKey: fallback(e.RATE_LIMIT_KEY, 'RATE_LIMIT_KEY', devSecret),
    totpEncryptionKey: totpKey,
    journeyDataKeys: journeyDataKeys.keys,
    totpIssuer: e.TOTP_ISSUER,
    captcha,
    nhsnet,
    webauthn: {
      rpId: e.WEBAUTHN_RP_ID ?? url.hostname,
      rpName: e.WEBAUTHN_RP_NAME,
      origins: e.WEBAUTHN_ORIGINS.length ? e.WEBAUTHN_ORIGINS : [origin],
    },
    demoProfiles: e.DEMO_PROFILES && e.NODE_ENV !== 'production',
    devMailPage: e.DEV_MAIL_PAGE && e.NODE_ENV !== 'production',
    metrics: parseMetrics(e.METRICS_TOKEN, e.METRICS_BIND, production, problems),
    http: checkTimeouts(
      {
        headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
        requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
        keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      },
      problems,
    ),
    // Behind a load balancer, a few seconds of 503 from /readyz take the instance out before it stops.
    shutdown: checkShutdown(
      { delayMs: e.SHUTDOWN_DELAY_MS ?? (production ? 5000 : 0), graceMs: e.SHUTDOWN_GRACE_MS },
      problems,
    ),
    auditStreamMaxLength: e.AUDIT_STREAM_MAXLEN,
    analyticsToken: e.ANALYTICS_TOKEN || null,
    site: { phase: e.SERVICE_PHASE, findRaUrl: e.FIND_RA_URL, createProfileUrl: e.CREATE_PROFILE_URL },
    developmentDefaults: defaults,
  };

  if (config.env === 'production') {
    for (const d of defaults) problems.push(`${d}: a development default, refused in production`);
    if (source.DEMO_PROFILES && ['true', '1', 'yes'].includes(source.DEMO_PROFILES))
      problems.push('DEMO_PROFILES: demo profiles are refused in production');
    if (source.DEV_MAIL_PAGE && ['true', '1', 'yes'].includes(source.DEV_MAIL_PAGE))
      problems.push('DEV_MAIL_PAGE: the development mail page is refused in production');
    problems.push(
      ...weakSecretProblems(
        {
          COOKIE_SECRET: e.COOKIE_SECRET,
          EMAIL_CODE_KEY: e.EMAIL_CODE_KEY,
          RATE_LIMIT_KEY: e.RATE_LIMIT_KEY,
        },
        { TOTP_ENCRYPTION_KEY: e.TOTP_ENCRYPTION_KEY },
      ),
    );
    if (!config.secureCookies) problems.push('PUBLIC_URL: must be https in production');
    if (config.nhsnet.mode === 'external' && config.nhsnet.allowedTenants.length === 0)
      problems.push('NHSNET_ALLOWED_TENANTS: the tenant allow-list is required in production');
    const weak = config.analyticsToken ? weakTokenProblem(config.analyticsToken) : null;
    if (weak) problems.push(`ANALYTICS_TOKEN: ${weak}, refused in production`);
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Why a bearer token is too weak to guard the analytics page, or null. */
export function weakTokenProblem(token: string): string | null {
  if (token.length < 32) return 'must be at least 32 characters';
  if (new Set(token).size < 12) return 'too simple: it must have at least 12 different characters';
  return null;
}
