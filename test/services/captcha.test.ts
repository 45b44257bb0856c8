import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CaptchaProvider,
  CaptchaUnavailableError,
  createCaptchaVerifier,
  SITEVERIFY_URLS,
} from '../../src/services/captcha/captcha-verifier.js';
import { captchaWidget } from '../../src/services/captcha/widget.js';
import { type SiteverifyServer, startSiteverifyServer } from '../../tooling/support/siteverify-server.js';

let siteverify: SiteverifyServer;

beforeAll(async () => {
  siteverify = await startSiteverifyServer();
});
afterAll(async () => {
  await siteverify.stop();
});
afterEach(() => {
  siteverify.setAnswer('success');
  siteverify.requests.length = 0;
});

const providers: CaptchaProvider[] = ['hcaptcha', 'turnstile', 'recaptcha'];

describe.each(providers)('createCaptchaVerifier (%s)', (provider) => {
  const verifier = (timeoutMs = 1000) =>
    createCaptchaVerifier({ provider, secret: `${provider}-secret`, verifyUrl: siteverify.url, timeoutMs });

  it('passes a token the provider accepts, posting secret, response and remote IP as a form', async () => {
    await expect(verifier().verify('token-abc+/=&', '203.0.113.7')).resolves.toEqual({ success: true });
    expect(siteverify.requests).toHaveLength(1);
    const request = siteverify.requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/siteverify');
    expect(request?.contentType).toBe('application/x-www-form-urlencoded');
    expect(request?.form).toEqual({
      secret: `${provider}-secret`,
      response: 'token-abc+/=&',
      remoteip: '203.0.113.7',
    });
  });

  it('fails a token the provider refuses', async () => {
    siteverify.setAnswer('failure');
    await expect(verifier().verify('bad-token', '203.0.113.7')).resolves.toEqual({ success: false });
    expect(siteverify.requests).toHaveLength(1);
  });

  it('fails an empty token without calling the provider', async () => {
    await expect(verifier().verify('', '203.0.113.7')).resolves.toEqual({ success: false });
    await expect(verifier().verify('   ', '203.0.113.7')).resolves.toEqual({ success: false });
    expect(siteverify.requests).toHaveLength(0);
  });

  it('throws when the provider does not answer in time', async () => {
    siteverify.setAnswer('hang');
    const started = Date.now();
    await expect(verifier(300).verify('token', '203.0.113.7')).rejects.toBeInstanceOf(
      CaptchaUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('throws on a server error', async () => {
    siteverify.setAnswer('error500');
    await expect(verifier().verify('token', '203.0.113.7')).rejects.toBeInstanceOf(CaptchaUnavailableError);
  });

  it('throws on an answer that is not the siteverify JSON', async () => {
    siteverify.setAnswer({ status: 200, body: '<html>proxy login</html>', contentType: 'text/html' });
    await expect(verifier().verify('token', '203.0.113.7')).rejects.toBeInstanceOf(CaptchaUnavailableError);
    siteverify.setAnswer({ status: 200, body: '{"ok":true}' });
    await expect(verifier().verify('token', '203.0.113.7')).rejects.toBeInstanceOf(CaptchaUnavailableError);
  });

  it('throws when the provider says our secret is wrong, since every user would fail', async () => {
    siteverify.setAnswer({
      status: 200,
      body: JSON.stringify({ success: false, 'error-codes': ['invalid-input-secret'] }),
    });
    await expect(verifier().verify('token', '203.0.113.7')).rejects.toBeInstanceOf(CaptchaUnavailableError);
  });

  it('throws when nothing listens at the address', async () => {
    const gone = await startSiteverifyServer();
    await gone.stop();
    const v = createCaptchaVerifier({ provider, secret: 's', verifyUrl: gone.url, timeoutMs: 1000 });
    await expect(v.verify('token', '203.0.113.7')).rejects.toBeInstanceOf(CaptchaUnavailableError);
  });
});

describe('createCaptchaVerifier options', () => {
  it('leaves out remoteip when the IP is unknown', async () => {
    const v = createCaptchaVerifier({ provider: 'turnstile', secret: 's', verifyUrl: siteverify.url });
    await v.verify('token', '');
    expect(siteverify.requests[0]?.form).toEqual({ secret: 's', response: 'token' });
  });

  it('fails a token solved for another hostname when one is expected', async () => {
    const base = { provider: 'hcaptcha' as const, secret: 's', verifyUrl: siteverify.url };
    await expect(
      createCaptchaVerifier({ ...base, expectedHostname: 'localhost' }).verify('t', ''),
    ).resolves.toEqual({
      success: true,
    });
    await expect(
      createCaptchaVerifier({ ...base, expectedHostname: 'add-authenticator.nhs.uk' }).verify('t', ''),
    ).resolves.toEqual({ success: false });
  });

  it('uses each provider’s documented siteverify address by default', () => {
    expect(SITEVERIFY_URLS).toEqual({
      hcaptcha: 'https://api.hcaptcha.com/siteverify',
      turnstile: 'https://challenges.cloudflare.com/turnstile/v0/siteverify',
      recaptcha: 'https://www.google.com/recaptcha/api/siteverify',
    });
  });

  it('refuses to start without a secret', () => {
    expect(() => createCaptchaVerifier({ provider: 'hcaptcha', secret: '' })).toThrow();
  });
});

/** CSP source-expression matching for the forms used here: scheme://[*.]host[/path]. */
function cspSourceAllows(source: string, target: string): boolean {
  const parts = source.match(/^(https?):\/\/(\*\.)?([^/]+)(\/.*)?$/);
  if (!parts) return false;
  const [, scheme, wildcard, host = '', path] = parts;
  const url = new URL(target);
  if (url.protocol !== `${scheme}:`) return false;
  const hostOk = wildcard ? url.hostname.endsWith(`.${host}`) : url.hostname === host;
  const pathOk = !path || (path.endsWith('/') ? url.pathname.startsWith(path) : url.pathname === path);
  return hostOk && pathOk;
}

describe('captchaWidget', () => {
  it.each([
    ['hcaptcha', 'h-captcha-response', 'https://js.hcaptcha.com/1/api.js', 'https://*.hcaptcha.com'],
    [
      'turnstile',
      'cf-turnstile-response',
      'https://challenges.cloudflare.com/turnstile/v0/api.js',
      'https://challenges.cloudflare.com',
    ],
    [
      'recaptcha',
      'g-recaptcha-response',
      'https://www.google.com/recaptcha/api.js',
      'https://www.google.com/recaptcha/',
    ],
  ] as const)('describes the %s widget', (provider, fieldName, scriptSrc, source) => {
    const widget = captchaWidget({ provider, siteKey: 'site-key', secret: 'not-shown' });
    expect(widget).toMatchObject({ provider, siteKey: 'site-key', fieldName, scriptSrc });
    expect(widget.cspScriptSrc).toContain(source);
    expect(widget.cspFrameSrc.length).toBeGreaterThan(0);
    // The script itself must be allowed by the script-src list it comes with.
    expect(widget.cspScriptSrc.some((s) => cspSourceAllows(s, scriptSrc))).toBe(true);
    expect(JSON.stringify(widget)).not.toContain('not-shown');
  });

  it('refuses an empty site key', () => {
    expect(() => captchaWidget({ provider: 'turnstile', siteKey: '' })).toThrow();
  });
});
