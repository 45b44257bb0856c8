/**
 * The settings behind the seed's finer points (README, Settings): SERVICE_PHASE (the banner on every
 * page, none when live), FIND_RA_URL (NHS England's Registration Authority page by default, for primary
 * and secondary care) and CREATE_PROFILE_URL reach the pages over HTTP and the notification email, and
 * only https links are accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { type Harness, J, PROFILES, startHarness } from './support.js';

const FIND_RA = 'https://ra.example.nhs.uk/find-your-ra';
const CREATE_PROFILE = 'https://ra.example.nhs.uk/create-a-profile';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('loadConfig accepted the configuration');
}

const hrefsOf = (html: string) => [...html.matchAll(/<a[^>]*href="([^"]*)"/g)].map((m) => m[1]);

describe('the settings', () => {
  it('default to the beta phase and NHS England pages that cover primary and secondary care', () => {
    expect(loadConfig({}).site).toEqual({
      phase: 'beta',
      findRaUrl: 'https://digital.nhs.uk/services/registration-authorities-and-smartcards',
      createProfileUrl:
        'https://digital.nhs.uk/services/care-identity-service/applications-and-services/self-service-create-profile',
    });
  });

  it('take alpha, beta and live, and nothing else', () => {
    for (const phase of ['alpha', 'beta', 'live'] as const)
      expect(loadConfig({ SERVICE_PHASE: phase }).site.phase).toBe(phase);
    expect(problemsOf({ SERVICE_PHASE: 'gamma' })).toEqual([expect.stringMatching(/^SERVICE_PHASE: /)]);
  });

  it.each(['http://ra.example.nhs.uk/', 'javascript:alert(1)', 'not a url'])(
    'refuse a link that is not https: %s',
    (value) => {
      expect(problemsOf({ FIND_RA_URL: value })).toEqual(['FIND_RA_URL: must be an https URL']);
      expect(problemsOf({ CREATE_PROFILE_URL: value })).toEqual(['CREATE_PROFILE_URL: must be an https URL']);
    },
  );
});

describe('over HTTP', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      env: { SERVICE_PHASE: 'alpha', FIND_RA_URL: FIND_RA, CREATE_PROFILE_URL: CREATE_PROFILE },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('every page carries the configured phase and RA link; problem-adding-authenticator the create-profile link', async () => {
    const b = h.browser();
    const start = await b.get(`${J}/start`);
    expect(start.html).toMatch(/<strong class="nhsuk-tag app-phase-banner__tag">Alpha<\/strong>/);
    expect(start.html).toContain('This service is in development.');
    expect(hrefsOf(start.html)).toContain(FIND_RA);

    await b.begin();
    const problem = await b.submitDetails(PROFILES.noNiNumber);
    expect(b.view()).toBe('problem-adding-authenticator');
    expect(problem.html).toContain('Alpha');
    expect(hrefsOf(problem.html)).toEqual(expect.arrayContaining([FIND_RA, CREATE_PROFILE]));
    expect(problem.html).not.toContain('primary-care-service-provider-contact-details');
  });
});

describe('a live service', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ env: { SERVICE_PHASE: 'live' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows no phase banner', async () => {
    const page = await h.browser().get(`${J}/start`);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('app-phase-banner');
    expect(page.html).not.toContain('This service is in development');
  });
});
