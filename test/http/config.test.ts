/**
 * loadConfig(env): development runs on embedded defaults; production refuses each of them by name,
 * and a complete production configuration loads.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const secret = () => randomBytes(32).toString('base64url');

function complete(): Record<string, string> {
  return {
    NODE_ENV: 'production',
    PUBLIC_URL: 'https://add-authenticator.care-identity.nhs.uk',
    COOKIE_SECRET: secret(),
    EMAIL_CODE_KEY: secret(),
    RATE_LIMIT_KEY: secret(),
    TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    JOURNEY_DATA_KEY: `2025a:${randomBytes(32).toString('base64')}`,
    METRICS_TOKEN: secret(),
    REDIS_URL: 'rediss://redis.internal:6380',
    SMTP_URL: 'smtps://mail.internal:465',
    CAPTCHA_PROVIDER: 'hcaptcha',
    CAPTCHA_SITE_KEY: '10000000-ffff-ffff-ffff-000000000001',
    CAPTCHA_SECRET: secret(),
    NHSNET_ISSUER: 'https://login.microsoftonline.com/tenant-id/v2.0',
    NHSNET_CLIENT_ID: 'client-id',
    NHSNET_CLIENT_SECRET: secret(),
    NHSNET_ALLOWED_TENANTS: 'tenant-a, tenant-b',
    TRUST_PROXY_HOPS: '2',
  };
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('loadConfig accepted the configuration');
}

const DEFAULTS = [
  'PUBLIC_URL',
  'COOKIE_SECRET',
  'EMAIL_CODE_KEY',
  'RATE_LIMIT_KEY',
  'TOTP_ENCRYPTION_KEY',
  'JOURNEY_DATA_KEY',
  'REDIS_URL',
  'SMTP_URL',
  'CAPTCHA_PROVIDER',
  'NHSNET_ISSUER',
] as const;

describe('production', () => {
  it('with every default: a ConfigError naming each refused default', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    for (const name of DEFAULTS) {
      expect(
        problems.some((p) => p.startsWith(name) && p.includes('refused in production')),
        `${name} in ${JSON.stringify(problems)}`,
      ).toBe(true);
    }
    expect(problems.some((p) => p.startsWith('PUBLIC_URL') && p.includes('https'))).toBe(true);
  });

  it('the error message lists every problem', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrowError(/COOKIE_SECRET[\s\S]*REDIS_URL/);
  });

  it.each(DEFAULTS)('leaving out only %s is refused, by name', (name) => {
    const env = complete();
    delete env[name];
    if (name === 'CAPTCHA_PROVIDER') {
      delete env.CAPTCHA_SITE_KEY;
      delete env.CAPTCHA_SECRET;
    }
    if (name === 'NHSNET_ISSUER') {
      delete env.NHSNET_CLIENT_ID;
      delete env.NHSNET_CLIENT_SECRET;
    }
    const problems = problemsOf(env);
    expect(problems.some((p) => p.startsWith(name))).toBe(true);
    const unrelated = DEFAULTS.filter((d) => d !== name);
    for (const other of unrelated)
      expect(
        problems.some((p) => p.startsWith(other)),
        other,
      ).toBe(false);
  });

  it('a complete production configuration loads, with no development default in use', () => {
    const env = complete();
    const config = loadConfig(env);
    expect(config.env).toBe('production');
    expect(config.developmentDefaults).toEqual([]);
    expect(config.origin).toBe('https://add-authenticator.care-identity.nhs.uk');
    expect(config.secureCookies).toBe(true);
    expect(config.demoProfiles).toBe(false);
    expect(config.devMailPage).toBe(false);
    expect(config.redisUrl).toBe(env.REDIS_URL);
    expect(config.smtpUrl).toBe(env.SMTP_URL);
    expect(config.cookieSecret).toBe(env.COOKIE_SECRET);
    expect(config.trustProxy).toEqual({ hops: 2, header: null });
    expect(config.journeyDataKeys.map((k) => k.id)).toEqual(['2025a']);
    expect(config.metrics).toEqual({ token: env.METRICS_TOKEN, bind: null });
    expect(config.captcha).toMatchObject({ provider: 'hcaptcha', siteKey: env.CAPTCHA_SITE_KEY });
    expect(config.nhsnet).toMatchObject({
      mode: 'external',
      issuer: env.NHSNET_ISSUER,
      allowedTenants: ['tenant-a', 'tenant-b'],
      allowedEmailDomains: ['nhs.net'],
      redirectUri: 'https://add-authenticator.care-identity.nhs.uk/add-authenticator/nhsnet-callback',
    });
    expect(config.webauthn).toEqual({
      rpId: 'add-authenticator.care-identity.nhs.uk',
      rpName: 'NHS Care Identity',
      origins: ['https://add-authenticator.care-identity.nhs.uk'],
    });
  });

  it('demo profiles are refused in production', () => {
    const problems = problemsOf({ ...complete(), DEMO_PROFILES: 'true' });
    expect(problems).toEqual([expect.stringMatching(/^DEMO_PROFILES/)]);
  });

  it('an NHS.net Connect issuer without a tenant allow-list is refused in production', () => {
    const { NHSNET_ALLOWED_TENANTS: _tenants, ...env } = complete();
    expect(problemsOf(env)).toContain(
      'NHSNET_ALLOWED_TENANTS: the tenant allow-list is required in production',
    );
  });

  it('a plain-http public URL is refused in production', () => {
    const problems = problemsOf({
      ...complete(),
      PUBLIC_URL: 'http://add-authenticator.care-identity.nhs.uk',
    });
    expect(problems).toEqual([expect.stringMatching(/^PUBLIC_URL: must be https/)]);
  });

  it.each([
    ['COOKIE_SECRET', 'short'],
    ['EMAIL_CODE_KEY', 'x'.repeat(31)],
    ['RATE_LIMIT_KEY', ''],
  ])('%s that is too short is refused', (name, value) => {
    const problems = problemsOf({ ...complete(), [name]: value });
    expect(problems.some((p) => p.startsWith(name))).toBe(true);
  });

  it('a TOTP key that is not 32 bytes is refused', () => {
    const problems = problemsOf({ ...complete(), TOTP_ENCRYPTION_KEY: randomBytes(16).toString('base64') });
    expect(problems).toEqual(['TOTP_ENCRYPTION_KEY: must be 32 bytes, base64']);
  });

  it('a CAPTCHA provider without its keys, and an NHS.net Connect issuer without its client, are refused', () => {
    const env = complete();
    delete env.CAPTCHA_SECRET;
    delete env.NHSNET_CLIENT_SECRET;
    const problems = problemsOf(env);
    expect(problems).toContain('CAPTCHA_SITE_KEY and CAPTCHA_SECRET are required with CAPTCHA_PROVIDER');
    expect(problems).toContain('NHSNET_CLIENT_ID and NHSNET_CLIENT_SECRET are required with NHSNET_ISSUER');
  });
});

describe('values that are never valid', () => {
  it.each([
    ['NODE_ENV', 'staging'],
    ['PORT', '70000'],
    ['PUBLIC_URL', 'not a url'],
    ['LOG_LEVEL', 'loud'],
    ['BODY_LIMIT_BYTES', '10'],
    ['CAPTCHA_PROVIDER', 'my-captcha'],
    ['TRUST_PROXY_HEADER', 'x forwarded for'],
    ['CIM_SESSION_COOKIE', 'a;b'],
    ['DEMO_PROFILES', 'maybe'],
  ])('%s=%j is a ConfigError naming it', (name, value) => {
    const problems = problemsOf({ NODE_ENV: 'development', [name]: value });
    expect(problems.some((p) => p.startsWith(name))).toBe(true);
  });
});

describe('development', () => {
  it('runs on embedded defaults, lists them, and never shares generated secrets between loads', () => {
    const a = loadConfig({});
    const b = loadConfig({});
    expect(a.env).toBe('development');
    expect(a.origin).toBe('http://localhost:3000');
    expect(a.secureCookies).toBe(false);
    expect(a.redisUrl).toBeNull();
    expect(a.smtpUrl).toBeNull();
    expect(a.captcha).toEqual({ provider: 'development' });
    expect(a.nhsnet.mode).toBe('embedded');
    expect(a.demoProfiles).toBe(true);
    for (const name of DEFAULTS)
      expect(
        a.developmentDefaults.some((d) => d.startsWith(name)),
        name,
      ).toBe(true);
    expect(a.cookieSecret.length).toBeGreaterThanOrEqual(32);
    expect(a.cookieSecret).not.toBe(b.cookieSecret);
    expect(a.emailCodeKey).not.toBe(a.rateLimitKey);
  });

  it('an https public URL turns on Secure cookies; the port shapes the default URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://example.nhs.uk' }).secureCookies).toBe(true);
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
  });
});
