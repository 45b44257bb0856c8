import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extendDeadlines, readDeadlines, timeLeftText } from '../../src/views/client/deadlines.js';
import { hasPlatformAuthenticator, isWindows } from '../../src/views/client/platform.js';
import { ASSET_DIRECTORIES, assetUrls } from '../../src/views/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const clientDir = `${root}src/views/client/`;

/** The file the HTTP layer serves for a URL, following ASSET_DIRECTORIES. */
function fileFor(url: string): string | undefined {
  const mapping = ASSET_DIRECTORIES.find((entry) => url.startsWith(entry.urlPrefix));
  return mapping ? `${mapping.directory}${url.slice(mapping.urlPrefix.length)}` : undefined;
}

describe('timeout deadlines', () => {
  it('warns the same time before the inactivity expiry, in the browser clock', () => {
    const deadlines = readDeadlines(
      { warnAtMs: '1500000', expiresAtMs: '1800000', absoluteExpiresAtMs: '3600000', nowMs: '1000' },
      5000,
    );
    expect(deadlines).toMatchObject({ endAt: 1_804_000, warnAt: 1_504_000, final: false });
  });

  it('restarts the inactivity allowance on an extension, never past the absolute expiry', () => {
    // Page shown at server time 0 with 30 minutes of inactivity allowed and 60 in total.
    const start = readDeadlines(
      { warnAtMs: 25 * 60_000, expiresAtMs: 30 * 60_000, absoluteExpiresAtMs: 60 * 60_000, nowMs: 0 },
      0,
    );
    expect(start.inactivityMs).toBe(30 * 60_000);
    const extended = extendDeadlines(start, 26 * 60_000);
    expect(extended).toMatchObject({ endAt: 56 * 60_000, warnAt: 51 * 60_000, final: false });
    const late = extendDeadlines(extended, 52 * 60_000);
    expect(late).toMatchObject({ endAt: 60 * 60_000, warnAt: 55 * 60_000, final: true });
  });

  it('moves the warning and marks it final when the absolute expiry comes first', () => {
    const deadlines = readDeadlines(
      { warnAtMs: 1500, expiresAtMs: 1800, absoluteExpiresAtMs: 1700, nowMs: 0 },
      0,
    );
    expect(deadlines).toMatchObject({ endAt: 1700, warnAt: 1400, final: true });
  });

  it('trusts the browser clock when the server time is missing', () => {
    expect(readDeadlines({ warnAtMs: 10, expiresAtMs: 20, absoluteExpiresAtMs: 30 }, 999).endAt).toBe(20);
  });

  it('says time left in minutes, then seconds', () => {
    expect(timeLeftText(5 * 60_000)).toBe('5 minutes');
    expect(timeLeftText(4 * 60_000 + 1)).toBe('5 minutes');
    expect(timeLeftText(60_000)).toBe('1 minute');
    expect(timeLeftText(59_001)).toBe('1 minute');
    expect(timeLeftText(59_000)).toBe('59 seconds');
    expect(timeLeftText(1000)).toBe('1 second');
    expect(timeLeftText(-5)).toBe('0 seconds');
  });
});

describe('platform detection', () => {
  it('prefers client hints, then the user agent', () => {
    expect(isWindows({ userAgentData: { platform: 'Windows' }, userAgent: 'Macintosh' })).toBe(true);
    expect(isWindows({ userAgentData: { platform: 'macOS' }, userAgent: 'Windows NT 10.0' })).toBe(false);
    expect(isWindows({ userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)' })).toBe(true);
    expect(isWindows({ userAgentData: { platform: '' }, userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' })).toBe(
      false,
    );
  });

  it('reports a platform authenticator only when the browser says so', async () => {
    expect(await hasPlatformAuthenticator(undefined)).toBe(false);
    expect(await hasPlatformAuthenticator({})).toBe(false);
    expect(
      await hasPlatformAuthenticator({ isUserVerifyingPlatformAuthenticatorAvailable: async () => true }),
    ).toBe(true);
    expect(
      await hasPlatformAuthenticator({ isUserVerifyingPlatformAuthenticatorAvailable: async () => false }),
    ).toBe(false);
    const failing = {
      isUserVerifyingPlatformAuthenticatorAvailable: () => Promise.reject(new Error('SecurityError')),
    };
    expect(await hasPlatformAuthenticator(failing)).toBe(false);
  });
});

describe('client scripts and assets', () => {
  const scripts = readdirSync(clientDir).filter((name) => name.endsWith('.js'));

  it('are valid ES modules', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(7);
    for (const name of scripts) {
      const result = spawnSync(process.execPath, ['--check', '--input-type=module'], {
        input: readFileSync(`${clientDir}${name}`),
      });
      expect(`${name}: ${result.stderr.toString()}`).toBe(`${name}: `);
    }
  });

  it('import only files that the asset routes serve', () => {
    for (const name of scripts) {
      const source = readFileSync(`${clientDir}${name}`, 'utf8');
      for (const [, specifier] of source.matchAll(/^import [^'"]*['"]([^'"]+)['"]/gm)) {
        const url = specifier!.startsWith('./') ? `/assets/app/${specifier!.slice(2)}` : specifier!;
        expect(existsSync(fileFor(url) ?? ''), `${name} imports ${specifier}`).toBe(true);
      }
    }
  });

  it('has every asset URL backed by a file', () => {
    for (const [key, url] of Object.entries(assetUrls)) {
      if (key === 'nhsukImages') continue;
      expect(existsSync(fileFor(url) ?? ''), url).toBe(true);
    }
    expect(existsSync(fileFor(`${assetUrls.nhsukImages}/favicon.ico`) ?? '')).toBe(true);
  });

  it('gets the functions it imports from the served packages', async () => {
    const webauthn = (await import(fileFor(assetUrls.simpleWebAuthn)!)) as Record<string, unknown>;
    expect(typeof webauthn.startRegistration).toBe('function');
    expect(typeof webauthn.browserSupportsWebAuthn).toBe('function');
    const nhsuk = readFileSync(fileFor(assetUrls.nhsukJs)!, 'utf8');
    expect(nhsuk).toMatch(/export\{[^}]*\binitAll\b/);
  });
});
