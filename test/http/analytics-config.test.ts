/**
 * The analytics settings: ANALYTICS_TOKEN turns GET /analytics/funnel on (without it the path does not
 * exist), production refuses a weak token as it refuses other weak secrets, and the audit stream's
 * retention (AUDIT_STREAM_MAXLEN) is a validated setting.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { buildService } from '../../src/wiring.js';

const secret = () => randomBytes(32).toString('base64url');

function production(extra: Record<string, string>): Record<string, string> {
  return {
    NODE_ENV: 'production',
    PUBLIC_URL: 'https://add-authenticator.care-identity.nhs.uk',
    COOKIE_SECRET: secret(),
    EMAIL_CODE_KEY: secret(),
    RATE_LIMIT_KEY: secret(),
    TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    JOURNEY_DATA_KEY: `k1:${randomBytes(32).toString('base64')}`,
    METRICS_TOKEN: secret(),
    REDIS_URL: 'rediss://redis.internal:6380',
    SMTP_URL: 'smtps://mail.internal:465',
    CAPTCHA_PROVIDER: 'hcaptcha',
    CAPTCHA_SITE_KEY: '10000000-ffff-ffff-ffff-000000000001',
    CAPTCHA_SECRET: secret(),
    NHSNET_ISSUER: 'https://login.microsoftonline.com/tenant-id/v2.0',
    NHSNET_CLIENT_ID: 'client-id',
    NHSNET_CLIENT_SECRET: secret(),
    NHSNET_ALLOWED_TENANTS: 'tenant-a',
    ...extra,
  };
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('ANALYTICS_TOKEN', () => {
  it('production refuses a short or simple token and accepts a strong one', () => {
    expect(problemsOf(production({ ANALYTICS_TOKEN: 'letmein' }))).toEqual([
      'ANALYTICS_TOKEN: must be at least 32 characters, refused in production',
    ]);
    expect(problemsOf(production({ ANALYTICS_TOKEN: 'ab'.repeat(20) }))).toEqual([
      'ANALYTICS_TOKEN: too simple: it must have at least 12 different characters, refused in production',
    ]);
    const strong = secret();
    expect(problemsOf(production({ ANALYTICS_TOKEN: strong }))).toEqual([]);
    expect(loadConfig(production({ ANALYTICS_TOKEN: strong })).analyticsToken).toBe(strong);
    expect(loadConfig(production({})).analyticsToken).toBeNull();
  });

  it('without it, /analytics/funnel does not exist; with it, it asks for the token', async () => {
    for (const [token, status] of [
      [undefined, 404],
      ['a-development-token', 401],
    ] as const) {
      const config = loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        ...(token ? { ANALYTICS_TOKEN: token } : {}),
      });
      const service = await buildService(config);
      try {
        const res = await service.app.fetch(new Request('http://localhost:3000/analytics/funnel'));
        expect(res.status, String(token)).toBe(status);
        const bearer = await service.app.fetch(
          new Request('http://localhost:3000/analytics/funnel', {
            headers: { authorization: `Bearer ${token}` },
          }),
        );
        expect(bearer.status, String(token)).toBe(token ? 200 : 404);
      } finally {
        await service.close();
      }
    }
  });
});

describe('AUDIT_STREAM_MAXLEN', () => {
  it('is the audit stream retention, 100000 unless set, and refuses nonsense', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).auditStreamMaxLength).toBe(100_000);
    expect(loadConfig({ NODE_ENV: 'test', AUDIT_STREAM_MAXLEN: '5000' }).auditStreamMaxLength).toBe(5000);
    expect(() => loadConfig({ NODE_ENV: 'test', AUDIT_STREAM_MAXLEN: '10' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', AUDIT_STREAM_MAXLEN: 'all' })).toThrow(ConfigError);
  });
});
