import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoNhsnetAccounts } from '../../src/dev/nhsnet-provider/index.js';
import {
  demoAccount,
  type NhsnetFixture,
  ProviderBrowser,
  startNhsnetFixture,
} from '../../tooling/support/nhsnet.js';

const alex = demoAccount('alex.morgan');

describe('development NHS.net Connect provider pages', () => {
  let fixture: NhsnetFixture;

  beforeAll(async () => {
    fixture = await startNhsnetFixture();
  });
  afterAll(async () => {
    await fixture.stop();
  });

  async function openLogin() {
    const start = await fixture.connect.begin();
    const browser = new ProviderBrowser(start.authorizationUrl);
    const first = await browser.open();
    return { start, browser, first };
  }

  it('shows an NHSmail login page with email, password, Care Identity and Cancel, and no external assets', async () => {
    const { first } = await openLogin();
    expect(first.kind).toBe('page');
    if (first.kind !== 'page') return;
    expect(first.status).toBe(200);
    expect(first.html).toMatch(/<h1>[^<]*NHSmail[^<]*<\/h1>/);
    expect(first.html).toContain('name="email"');
    expect(first.html).toContain('type="password"');
    expect(first.html).toContain('Log in with my Care Identity');
    expect(first.html).toMatch(/>Cancel</);
    expect(first.html).not.toMatch(/(src|href)="https?:/);
    expect(first.html).not.toMatch(/@import|url\(/);
  });

  it('does not log in with the "Log in with my Care Identity" button', async () => {
    const { start, browser } = await openLogin();
    const step = await browser.submit('care-identity');
    expect(step.kind).toBe('page');
    if (step.kind !== 'page') return;
    expect(step.html).toContain(
      'This option is not available here. Log in with your NHSmail email address and password.',
    );
    // The ordinary login still works from that page.
    const done = await browser.submit('login', { email: alex.email, password: alex.password });
    expect(done.kind).toBe('callback');
    if (done.kind !== 'callback') return;
    expect((await fixture.connect.complete({ callbackQuery: done.query, ...start })).outcome).toBe(
      'verified',
    );
  });

  it('shows the login page again with an error for a wrong password, keeping the email', async () => {
    const { start, browser } = await openLogin();
    const step = await browser.submit('login', { email: alex.email, password: 'not-the-password' });
    expect(step.kind).toBe('page');
    if (step.kind !== 'page') return;
    expect(step.html).toContain('The email address or password you entered is not correct.');
    expect(step.html).toContain(`value="${alex.email}"`);
    const unknown = await browser.submit('login', { email: 'nobody@nhs.net', password: alex.password });
    expect(unknown.kind === 'page' && unknown.html).toContain('is not correct');

    const done = await browser.submit('login', { email: alex.email.toUpperCase(), password: alex.password });
    expect(done.kind).toBe('callback');
    if (done.kind !== 'callback') return;
    const result = await fixture.connect.complete({ callbackQuery: done.query, ...start });
    expect(result.outcome === 'verified' && result.account.email).toBe(alex.email);
  });

  it('ends the login with access_denied when the user cancels', async () => {
    const { start, browser } = await openLogin();
    const step = await browser.submit('cancel');
    expect(step.kind).toBe('callback');
    if (step.kind !== 'callback') return;
    expect(step.query.error).toBe('access_denied');
    expect(step.query.state).toBe(start.state);
    expect(step.query.iss).toBe(fixture.provider.issuer);
  });

  it('refuses an authorization request without PKCE', async () => {
    const start = await fixture.connect.begin();
    const url = new URL(start.authorizationUrl);
    url.searchParams.delete('code_challenge');
    url.searchParams.delete('code_challenge_method');
    const step = await new ProviderBrowser(url.href).open();
    expect(step.kind).toBe('callback');
    if (step.kind !== 'callback') return;
    expect(step.query.error).toBe('invalid_request');
  });

  it('answers 503 to everything while down', async () => {
    fixture.provider.setDown(true);
    try {
      const discovery = await fetch(`${fixture.provider.issuer}/.well-known/openid-configuration`);
      expect(discovery.status).toBe(503);
      const page = await fetch(`${fixture.provider.issuer}/interaction/anything`);
      expect(page.status).toBe(503);
    } finally {
      fixture.provider.setDown(false);
    }
    const discovery = await fetch(`${fixture.provider.issuer}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
  });

  it('ships demo accounts for the allowed tenant, a foreign tenant and a foreign domain', () => {
    const inTenant = demoNhsnetAccounts.filter(
      (a) => a.tid === 'nhs-demo-tenant' && a.email.endsWith('@nhs.net'),
    );
    expect(inTenant.length).toBeGreaterThanOrEqual(2);
    expect(demoNhsnetAccounts.some((a) => a.tid === 'other-tenant')).toBe(true);
    expect(demoNhsnetAccounts.some((a) => a.email.endsWith('@example.com'))).toBe(true);
  });
});
