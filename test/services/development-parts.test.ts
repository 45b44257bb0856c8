/**
 * The development stand-ins are loaded only when the configuration asks for each, and never in a
 * production process, even if a configuration asking for them got that far.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { loadDevelopmentParts } from '../../src/development-parts.js';

describe('development parts', () => {
  it('with development defaults: demo profiles, outbox and image test (the provider is covered by the HTTP tests)', async () => {
    const config = loadConfig({
      NHSNET_ISSUER: 'https://login.example.org',
      NHSNET_CLIENT_ID: 'c',
      NHSNET_CLIENT_SECRET: 's',
    });
    const parts = await loadDevelopmentParts(config);
    expect(parts.demoProfiles?.length).toBeGreaterThan(0);
    expect(parts.outbox).not.toBeNull();
    expect(parts.captcha).not.toBeNull();
    expect(parts.nhsnet).toBeNull();
  });

  it('none when the configuration names real components', async () => {
    const config = loadConfig({
      DEMO_PROFILES: 'false',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      CAPTCHA_PROVIDER: 'hcaptcha',
      CAPTCHA_SITE_KEY: 'site',
      CAPTCHA_SECRET: 'secret',
      NHSNET_ISSUER: 'https://login.example.org',
      NHSNET_CLIENT_ID: 'c',
      NHSNET_CLIENT_SECRET: 's',
    });
    expect(await loadDevelopmentParts(config)).toEqual({
      demoProfiles: null,
      outbox: null,
      captcha: null,
      nhsnet: null,
    });
  });

  it('refuses outright in production, naming what was asked for', async () => {
    const config = { ...loadConfig({}), env: 'production' as const };
    await expect(loadDevelopmentParts(config)).rejects.toThrow(
      /never loaded in production: demoProfiles, outbox, captcha, nhsnet/,
    );
  });
});
