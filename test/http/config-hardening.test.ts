/**
 * Production refuses weak secrets by name (a known example value, a repeated character, few distinct
 * characters, less than 32 bytes of entropy, an all-zero key), the development mail page, an unprotected
 * /metrics, and ambiguous proxy settings; generated secrets always pass.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { estimateTextBits, keyWeaknesses, textSecretWeaknesses } from '../../src/settings/secret-strength.js';

const secret = () => randomBytes(32).toString('base64url');
const key = () => randomBytes(32).toString('base64');

function complete(): Record<string, string> {
  return {
    NODE_ENV: 'production',
    PUBLIC_URL: 'https://add-authenticator.care-identity.nhs.uk',
    COOKIE_SECRET: secret(),
    EMAIL_CODE_KEY: secret(),
    RATE_LIMIT_KEY: secret(),
    TOTP_ENCRYPTION_KEY: key(),
    JOURNEY_DATA_KEY: `2025a:${key()}`,
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
  };
}

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('loadConfig accepted the configuration');
}

describe('weak secrets are refused in production, by name', () => {
  it.each(['COOKIE_SECRET', 'EMAIL_CODE_KEY', 'RATE_LIMIT_KEY', 'METRICS_TOKEN'])(
    '%s of 32 identical characters',
    (name) => {
      const problems = problemsOf({ ...complete(), [name]: 'a'.repeat(32) });
      expect(problems).toEqual([expect.stringMatching(new RegExp(`^${name}: too weak for production`))]);
      expect(problems[0]).toContain('one character repeated');
    },
  );

  it.each([
    ['a known example value', 'test-cookie-secret-0123456789abcdefghij'],
    ['a known example value', 'change-me-change-me-change-me-change-me-1'],
    ['few distinct characters', 'abcabcabcabcabcabcabcabcabcabcabcabcab12'],
    ['less than 32 bytes of entropy', '0123456789abcdef0123456789abcdef'],
    ['less than 32 bytes of entropy', 'correcthorsebatterystaplecorrecthorse42'],
    ['less than 32 bytes of entropy', randomBytes(24).toString('base64url')],
  ])('COOKIE_SECRET with %s: %s', (reason, value) => {
    const problems = problemsOf({ ...complete(), COOKIE_SECRET: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^COOKIE_SECRET: too weak for production/);
    expect(problems[0]).toContain(reason);
  });

  it('an all-zero TOTP_ENCRYPTION_KEY, and a key of one repeated byte', () => {
    const zero = problemsOf({ ...complete(), TOTP_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64') });
    expect(zero).toEqual([expect.stringMatching(/^TOTP_ENCRYPTION_KEY: too weak for production .*all-zero/)]);
    const sevens = problemsOf({ ...complete(), TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') });
    expect(sevens).toEqual([expect.stringMatching(/^TOTP_ENCRYPTION_KEY: too weak for production/)]);
  });

  it('every weak setting at once: each named', () => {
    const problems = problemsOf({
      ...complete(),
      COOKIE_SECRET: 'x'.repeat(32),
      EMAIL_CODE_KEY: 'y'.repeat(32),
      RATE_LIMIT_KEY: 'z'.repeat(32),
      TOTP_ENCRYPTION_KEY: Buffer.alloc(32).toString('base64'),
      JOURNEY_DATA_KEY: `k1:${Buffer.alloc(32).toString('base64')}`,
    });
    const named = problems.map((p) => p.split(':')[0]);
    expect(named).toEqual(
      expect.arrayContaining([
        'COOKIE_SECRET',
        'EMAIL_CODE_KEY',
        'RATE_LIMIT_KEY',
        'TOTP_ENCRYPTION_KEY',
        'JOURNEY_DATA_KEY',
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('a weak key anywhere in the JOURNEY_DATA_KEY list is refused, naming its id', () => {
    const problems = problemsOf({
      ...complete(),
      JOURNEY_DATA_KEY: `new:${key()},old:${Buffer.alloc(32, 1).toString('base64')}`,
    });
    expect(problems).toEqual([expect.stringMatching(/^JOURNEY_DATA_KEY: key "old" is too weak/)]);
  });

  it('generated secrets always pass: 500 draws of each encoding', () => {
    for (let i = 0; i < 500; i++) {
      const bytes = randomBytes(32);
      for (const text of [
        bytes.toString('base64'),
        bytes.toString('base64url'),
        bytes.toString('hex'),
        bytes.toString('hex').toUpperCase(),
      ]) {
        expect(textSecretWeaknesses(text), text).toEqual([]);
      }
      expect(keyWeaknesses(bytes, bytes.toString('base64'))).toEqual([]);
    }
  });

  it('the estimate is length times the bits of the alphabet, less any repetition', () => {
    expect(estimateTextBits('f'.repeat(64))).toBe(4);
    expect(estimateTextBits(randomBytes(32).toString('hex'))).toBe(256);
    expect(estimateTextBits('abcd'.repeat(16))).toBeLessThan(32);
  });
});

describe('other settings production refuses', () => {
  it('DEV_MAIL_PAGE=true is refused, not ignored', () => {
    expect(problemsOf({ ...complete(), DEV_MAIL_PAGE: 'true' })).toEqual([
      'DEV_MAIL_PAGE: the development mail page is refused in production',
    ]);
  });

  it('/metrics with neither METRICS_TOKEN nor METRICS_BIND is refused', () => {
    const { METRICS_TOKEN: _token, ...env } = complete();
    expect(problemsOf(env)).toEqual([
      'METRICS_TOKEN or METRICS_BIND: /metrics must be protected in production (set either)',
    ]);
    expect(loadConfig({ ...env, METRICS_BIND: '10.0.3.7:9100' }).metrics).toEqual({
      token: null,
      bind: { host: '10.0.3.7', port: 9100 },
    });
  });

  it.each(['0.0.0.0:9100', '8.8.8.8:9100', 'metrics.example.org:9100', '[2001:db8::1]:9100', '10.0.0.1'])(
    'METRICS_BIND=%s (not a private host:port) is refused',
    (bind) => {
      expect(problemsOf({ ...complete(), METRICS_BIND: bind })).toEqual([
        expect.stringMatching(/^METRICS_BIND: /),
      ]);
    },
  );

  it.each(['127.0.0.1:9100', 'localhost:9464', '[::1]:9100', '192.168.1.20:9100', '[fd00::5]:9100'])(
    'METRICS_BIND=%s is accepted',
    (bind) => {
      expect(loadConfig({ ...complete(), METRICS_BIND: bind }).metrics.bind).not.toBeNull();
    },
  );
});

describe('proxy trust', () => {
  it('TRUST_PROXY_HEADER=x-forwarded-for is refused: a list the client starts needs TRUST_PROXY_HOPS', () => {
    for (const env of ['production', 'development']) {
      const problems = problemsOf({ ...complete(), NODE_ENV: env, TRUST_PROXY_HEADER: 'X-Forwarded-For' });
      expect(problems).toEqual([expect.stringMatching(/^TRUST_PROXY_HEADER: .*TRUST_PROXY_HOPS/)]);
    }
    expect(problemsOf({ TRUST_PROXY_HEADER: 'forwarded' })).toHaveLength(1);
  });

  it('TRUST_PROXY_HEADER together with TRUST_PROXY_HOPS is ambiguous, and refused', () => {
    expect(problemsOf({ TRUST_PROXY_HEADER: 'x-real-ip', TRUST_PROXY_HOPS: '1' })).toEqual([
      'TRUST_PROXY_HEADER and TRUST_PROXY_HOPS: set one of them, not both',
    ]);
  });

  it('one of them alone is accepted; neither trusts the socket address', () => {
    expect(loadConfig({ TRUST_PROXY_HOPS: '2' }).trustProxy).toEqual({ hops: 2, header: null });
    expect(loadConfig({ TRUST_PROXY_HEADER: 'X-Real-IP' }).trustProxy).toEqual({
      hops: 0,
      header: 'x-real-ip',
    });
    expect(loadConfig({}).trustProxy).toEqual({ hops: 0, header: null });
  });

  it.each(['-1', '11', 'two'])('TRUST_PROXY_HOPS=%s is refused', (hops) => {
    expect(problemsOf({ TRUST_PROXY_HOPS: hops })).toEqual([expect.stringMatching(/^TRUST_PROXY_HOPS/)]);
  });
});

describe('journey data keys, timeouts and shutdown', () => {
  it.each([
    ['no key id', key()],
    ['a key that is not 32 bytes', `k1:${randomBytes(16).toString('base64')}`],
    ['a key id used twice', `k1:${key()},k1:${key()}`],
    ['a bad key id', `k.1:${key()}`],
  ])('JOURNEY_DATA_KEY with %s is refused', (_what, value) => {
    expect(problemsOf({ JOURNEY_DATA_KEY: value })).toEqual([expect.stringMatching(/^JOURNEY_DATA_KEY: /)]);
  });

  it('a list keeps its order (the first seals) and accepts base64url', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    const config = loadConfig({
      JOURNEY_DATA_KEY: `b:${b.toString('base64url')}, a:${a.toString('base64')}`,
    });
    expect(config.journeyDataKeys).toEqual([
      { id: 'b', key: b },
      { id: 'a', key: a },
    ]);
  });

  it('development makes a random key per start and lists it as a default', () => {
    const [first, second] = [loadConfig({}), loadConfig({})];
    expect(first.journeyDataKeys[0]?.key.equals(second.journeyDataKeys[0]?.key as Buffer)).toBe(false);
    expect(first.developmentDefaults).toContain('JOURNEY_DATA_KEY');
  });

  it('server timeouts and shutdown have explicit defaults and can be set', () => {
    expect(loadConfig({}).http).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
    });
    expect(loadConfig({}).shutdown).toEqual({ delayMs: 0, graceMs: 25_000 });
    expect(loadConfig(complete()).shutdown).toEqual({ delayMs: 5_000, graceMs: 25_000 });
    const set = loadConfig({
      HTTP_HEADERS_TIMEOUT_MS: '2000',
      HTTP_REQUEST_TIMEOUT_MS: '4000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '65000',
      SHUTDOWN_DELAY_MS: '100',
      SHUTDOWN_GRACE_MS: '900',
    });
    expect(set.http).toEqual({ headersTimeoutMs: 2000, requestTimeoutMs: 4000, keepAliveTimeoutMs: 65_000 });
    expect(set.shutdown).toEqual({ delayMs: 100, graceMs: 900 });
  });

  it('headers allowed longer than the whole request, or a delay past the grace period, are refused', () => {
    expect(problemsOf({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' })).toEqual([
      'HTTP_HEADERS_TIMEOUT_MS: must not be more than HTTP_REQUEST_TIMEOUT_MS',
    ]);
    expect(problemsOf({ SHUTDOWN_DELAY_MS: '3000', SHUTDOWN_GRACE_MS: '2000' })).toEqual([
      'SHUTDOWN_DELAY_MS: must be less than SHUTDOWN_GRACE_MS',
    ]);
  });
});
