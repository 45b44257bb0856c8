import { describe, expect, it } from 'vitest';
import { renderPage, type ViewModel } from '../../src/views/index.js';
import { formsOf, startTags, textOf } from './html.js';
import { CSRF, NONCE, pageContext, SITE, sampleModels } from './samples.js';

const render = (model: ViewModel) => String(renderPage(model));
const samples = sampleModels();
const byName = (html: string, name: string) =>
  startTags(html, 'input').filter((i) => i.attributes.get('name') === name);

describe('enter-details', () => {
  const values = {
    email: 'jane.doe@nhs.net',
    niNumber: 'AB 12 34 56 C',
    captchaAnswer: 'AB12',
    password: 'x',
  };
  const html = render({ ...samples['enter-details'], values } as ViewModel);

  it('keeps the email and NI number but never the CAPTCHA answer', () => {
    expect(byName(html, 'email')[0]?.attributes.get('value')).toBe('jane.doe@nhs.net');
    expect(byName(html, 'niNumber')[0]?.attributes.get('value')).toBe('AB 12 34 56 C');
    expect(byName(html, 'captchaAnswer')[0]?.attributes.has('value')).toBe(false);
    expect(html).not.toContain('AB12"');
  });

  it('marks up the inputs for email and NI number entry', () => {
    const email = byName(html, 'email')[0]!.attributes;
    expect([email.get('type'), email.get('autocomplete'), email.get('spellcheck'), email.get('id')]).toEqual([
      'email',
      'email',
      'false',
      'email',
    ]);
    const ni = byName(html, 'niNumber')[0]!.attributes;
    expect(ni.get('class')).toContain('nhsuk-input--width-10');
    expect([ni.get('spellcheck'), ni.get('autocapitalize'), ni.get('id')]).toEqual([
      'false',
      'characters',
      'niNumber',
    ]);
    expect(textOf(html)).toContain(
      "It's on your National Insurance card, benefit letter, payslip or P60. For example, 'QQ 12 34 56 C'.",
    );
  });

  it('shows the development challenge with its id in a hidden field', () => {
    const challenge = byName(html, 'captchaChallenge')[0]!.attributes;
    expect([challenge.get('type'), challenge.get('value')]).toEqual(['hidden', 'challenge-1']);
    expect(html).toContain('<text x="1" y="9">AB12</text>');
  });

  it('escapes what the user typed', () => {
    const hostile = render({
      ...samples['enter-details'],
      values: { email: '"><script>alert(1)</script>' },
    } as ViewModel);
    expect(hostile).not.toContain('<script>alert(1)');
    expect(byName(hostile, 'email')[0]?.attributes.get('value')).toBe('"><script>alert(1)</script>');
  });

  for (const [provider, widgetClass] of [
    ['hcaptcha', 'h-captcha'],
    ['turnstile', 'cf-turnstile'],
    ['recaptcha', 'g-recaptcha'],
  ] as const) {
    it(`renders the ${provider} widget with its script under the nonce`, () => {
      const scriptSrc = `https://widget.example/${provider}.js`;
      const page = render({
        ...samples['enter-details'],
        captcha: { kind: 'widget', provider, siteKey: 'site-key-1', scriptSrc },
        errors: [{ field: 'captcha', message: 'Complete the image recognition test' }],
      } as ViewModel);
      const widget = startTags(page, 'div').find((div) => div.attributes.get('class') === widgetClass);
      expect(widget?.attributes.get('data-sitekey')).toBe('site-key-1');
      expect(widget?.attributes.get('id')).toBe('captcha');
      const script = startTags(page, 'script').find((s) => s.attributes.get('src') === scriptSrc);
      expect(script?.attributes.get('nonce')).toBe(NONCE);
      expect(byName(page, 'captchaChallenge')).toEqual([]);
      expect(startTags(page, 'a').map((a) => a.attributes.get('href'))).toContain('#captcha');
    });
  }
});

describe('enter-email-code', () => {
  it('shows where the code went and takes it as a one-time code', () => {
    const html = render(samples['enter-email-code']);
    expect(textOf(html)).toContain('We have sent a code to jane.doe@nhs.net');
    expect(textOf(html)).toContain('10 minutes');
    const code = byName(html, 'code')[0]!.attributes;
    expect([code.get('autocomplete'), code.get('inputmode'), code.get('class')]).toEqual([
      'one-time-code',
      'numeric',
      'nhsuk-input nhsuk-input--code nhsuk-input--width-10',
    ]);
  });

  it('offers "Send a new code" as a link-styled button in its own form', () => {
    const html = render(samples['enter-email-code']);
    const form = formsOf(html).find((f) => f.action === '/add-authenticator/enter-email-code/new-code');
    expect(form?.text).toBe('Send a new code');
    expect(form?.controls.find((c) => c.name === 'button')?.attributes.get('class')).toBe('nhsuk-link');
  });

  it('drops the link when no more codes can be sent, and confirms a new code', () => {
    const html = render({
      ...samples['enter-email-code'],
      canRequestNewCode: false,
      newCodeMessage: 'We have sent a new code',
    } as ViewModel);
    expect(formsOf(html).map((f) => f.action)).toEqual([
      '/add-authenticator/enter-email-code',
      '/add-authenticator/start-again',
    ]);
    expect(textOf(html)).toContain('You cannot ask for any more codes');
    // "Start again" ends the journey: a link-styled button posting the form token, not a link.
    const startAgain = formsOf(html).find((f) => f.action === '/add-authenticator/start-again');
    expect(startAgain?.method).toBe('post');
    expect(startAgain?.text).toBe('Start again');
    expect(startAgain?.controls.find((c) => c.name === 'button')?.attributes.get('class')).toBe('nhsuk-link');
    expect(
      startAgain?.controls.find((c) => c.attributes.get('name') === '_csrf')?.attributes.get('value'),
    ).toBe(CSRF);
    expect(startTags(html, 'a').map((a) => a.attributes.get('href'))).not.toContain(
      '/add-authenticator/start-again',
    );
    expect(html).toContain('role="status"');
    expect(textOf(html)).toContain('We have sent a new code');
  });
});

describe('choose-authenticator', () => {
  it('offers the three methods as radios named method', () => {
    const html = render({ ...samples['choose-authenticator'], values: { method: 'passkey' } } as ViewModel);
    const radios = byName(html, 'method');
    expect(radios.map((r) => r.attributes.get('value'))).toEqual(['app', 'nhsnet', 'passkey']);
    expect(radios.map((r) => r.attributes.has('checked'))).toEqual([false, false, true]);
    expect(radios.some((r) => r.attributes.has('disabled'))).toBe(false);
  });

  it('shows an NHS.net Connect account already on the profile as added and not selectable', () => {
    const html = render({
      ...samples['choose-authenticator'],
      alreadyAdded: { nhsnet: true },
      added: ['app', 'passkey'],
      values: { method: 'nhsnet' },
    } as ViewModel);
    const nhsnet = byName(html, 'method').find((r) => r.attributes.get('value') === 'nhsnet')!;
    expect(nhsnet.attributes.has('disabled')).toBe(true);
    expect(nhsnet.attributes.has('checked')).toBe(false);
    expect(textOf(html)).toContain('Already added to your Care Identity profile');
    expect(textOf(html)).toContain(
      'You have added an authenticator app and a passkey to your Care Identity profile.',
    );
  });
});

describe('sole access confirmations', () => {
  for (const [view, label] of [
    ['app-instructions', 'Only I have access to this authenticator app'],
    ['nhsnet-instructions', 'Only I have access to this NHS.net Connect account'],
  ] as const) {
    it(`${view} asks for soleAccess=yes and keeps the tick`, () => {
      expect(byName(render(samples[view]), 'soleAccess')[0]?.attributes.has('checked')).toBe(false);
      const html = render({ ...samples[view], values: { soleAccess: true } } as ViewModel);
      const box = byName(html, 'soleAccess');
      expect(box.map((b) => [b.attributes.get('type'), b.attributes.get('value')])).toEqual([
        ['checkbox', 'yes'],
      ]);
      expect(box[0]?.attributes.has('checked')).toBe(true);
      expect(textOf(html)).toContain(label);
    });
  }

  it('nhsnet-instructions warns about the NHSmail name and the Care Identity button', () => {
    const text = textOf(render(samples['nhsnet-instructions']));
    expect(text).toContain('NHSmail');
    expect(text).toContain('Do not select "Log in with my Care Identity"');
  });
});

describe('create-password', () => {
  it('uses two NHS password inputs for a new password, never filled in', () => {
    // A caller that passes a password anyway must not see it echoed back.
    const html = render({
      ...samples['create-password'],
      values: { password: 'secret' },
    } as unknown as ViewModel);
    for (const name of ['password', 'confirmPassword']) {
      const input = byName(html, name)[0]!.attributes;
      expect([input.get('type'), input.get('autocomplete'), input.has('value')]).toEqual([
        'password',
        'new-password',
        false,
      ]);
    }
    expect(
      startTags(html, 'div').filter((d) => d.attributes.get('data-module') === 'nhsuk-password-input'),
    ).toHaveLength(2);
    expect(html).not.toContain('secret');
  });
});

describe('scan-qr', () => {
  it('shows the QR code, the key in a details and the warning', () => {
    const html = render(samples['scan-qr']);
    expect(html).toContain('<rect width="10" height="10"/>');
    expect(textOf(html)).toContain("Can't scan the QR code?");
    expect(textOf(html)).toContain('JBSW Y3DP EHPK 3PXP');
    expect(textOf(html)).toContain('Do not select Next until you have scanned the QR code');
  });
});

describe('confirmation pages', () => {
  for (const [view, heading] of [
    ['app-added', 'Authenticator app added'],
    ['nhsnet-added', 'NHS.net Connect account added'],
    ['passkey-added', 'Passkey added'],
  ] as const) {
    it(`${view} confirms, explains use and offers another`, () => {
      const html = render(samples[view]);
      expect(html).toMatch(new RegExp(`<h1 class="nhsuk-panel__heading">${heading}</h1>`));
      expect(textOf(html)).toContain('Using your authenticator');
      expect(textOf(html)).toContain('We have sent an email to your address to confirm');
      expect(startTags(html, 'a').map((a) => a.attributes.get('href'))).toContain(
        'https://digital.nhs.uk/services/care-identity-service/applications-and-services/aal2-enabled-services',
      );
    });
  }
});

describe('passkey-loading', () => {
  it('runs the detection script and keeps a question for browsers without JavaScript', () => {
    const html = render(samples['passkey-loading']);
    expect(textOf(html)).toContain('Checking your device…');
    expect(startTags(html, 'script').map((s) => s.attributes.get('src'))).toContain(
      '/assets/app/passkey-detect.js',
    );
    expect(byName(html, 'os')).toHaveLength(1);
    expect(byName(html, 'platformAuthenticator')).toHaveLength(1);
    const noscript = /<noscript>([\s\S]*)<\/noscript>/.exec(html)?.[1] ?? '';
    expect(byName(noscript, 'windowsHello').map((r) => r.attributes.get('value'))).toEqual(['yes', 'no']);
  });

  it('asks the question openly once it has an error', () => {
    const html = render({
      ...samples['passkey-loading'],
      errors: [{ field: 'windowsHello', message: 'Select yes if Windows Hello is set up on this computer' }],
    } as ViewModel);
    expect(html).not.toContain('<noscript>');
    expect(byName(html, 'windowsHello')).toHaveLength(2);
  });
});

describe('passkey-register', () => {
  it('embeds the options as JSON that cannot break out of its script element', () => {
    const model = samples['passkey-register'] as Extract<ViewModel, { view: 'passkey-register' }>;
    const html = render(model);
    const json =
      /<script type="application\/json" id="passkey-options" nonce="[^"]+">([\s\S]*?)<\/script>/.exec(
        html,
      )?.[1];
    expect(json).toBeDefined();
    expect(json).not.toContain('<');
    expect(JSON.parse(json!)).toEqual(JSON.parse(model.optionsJSON));
    expect(startTags(html, 'script').map((s) => s.attributes.get('src'))).toContain(
      '/assets/app/passkey-register.js',
    );
    expect(textOf(html)).toContain('You need JavaScript turned on to create a passkey');
  });

  it('gives Windows Hello users the "Change" step and others the direct one', () => {
    const hello = textOf(render({ ...samples['passkey-register'], variant: 'windowsHello' } as ViewModel));
    expect(hello).toContain('select "Change" next to "This will be saved to your Windows device"');
    expect(hello).toContain('Select "iPhone, iPad or Android device"');
    const other = textOf(render(samples['passkey-register']));
    expect(other).not.toContain('This will be saved to your Windows device');
    expect(other).toContain('select "iPhone, iPad or Android device"');
    expect(other).toContain('Scan the QR code with the camera on your phone or tablet');
  });

  for (const error of ['cancelled', 'alreadyRegistered', 'timedOut', 'failed'] as const) {
    it(`explains the ${error} error and links it to the button`, () => {
      const html = render({ ...samples['passkey-register'], error } as ViewModel);
      expect(html).toContain('<title>Error: ');
      expect(startTags(html, 'a').map((a) => a.attributes.get('href'))).toContain('#create-passkey');
      expect(startTags(html, 'button').map((b) => b.attributes.get('id'))).toContain('create-passkey');
    });
  }
});

describe('journey ends and problems', () => {
  const linksOf = (html: string) => startTags(html, 'a').map((a) => a.attributes.get('href'));

  it('problem-adding-authenticator lists the causes and points to the Registration Authority', () => {
    const html = render(samples['problem-adding-authenticator']);
    expect(textOf(html)).toContain('your National Insurance number is not on your Care Identity profile');
    expect(linksOf(html)).toContain(SITE.findRaUrl);
    expectStartAgainButton(html);
  });

  /** "Start again" ends the journey, so it is a button posting the form token, never a link (a GET). */
  function expectStartAgainButton(html: string) {
    const forms = formsOf(html).filter((f) => f.action === '/add-authenticator/start-again');
    expect(forms).toHaveLength(1);
    const [form] = forms as [(typeof forms)[number]];
    expect(form.method).toBe('post');
    expect(form.text).toBe('Start again');
    expect(form.controls.find((c) => c.attributes.get('name') === '_csrf')?.attributes.get('value')).toBe(
      CSRF,
    );
    expect(form.controls.find((c) => c.name === 'button')?.attributes.get('class')).toContain('nhsuk-button');
    expect(linksOf(html)).not.toContain('/add-authenticator/start-again');
  }

  for (const view of ['profile-not-found', 'too-many-attempts', 'session-timed-out'] as const) {
    it(`${view} offers start again as a form post`, () => {
      expectStartAgainButton(render(samples[view]));
    });
  }

  it('says what each end page means', () => {
    expect(textOf(render(samples['profile-not-found']))).toContain(
      'Your Care Identity profile could not be found',
    );
    expect(textOf(render(samples['too-many-attempts']))).toContain('Wait 15 minutes');
    expect(textOf(render(samples['session-timed-out']))).toContain('We have deleted your answers');
    expect(textOf(render(samples['service-unavailable']))).toContain('Your answers have been saved');
    expect(textOf(render(samples['log-out-first']))).toContain(
      'You must be logged out of Care Identity Management',
    );
    expect(textOf(render(samples.start))).toContain('National Insurance number');
    expect(textOf(render(samples['not-found']))).toContain('Page not found');
  });
});

describe('dev-mail', () => {
  it('is labelled development only and lists each message', () => {
    const text = textOf(render(samples['dev-mail']));
    expect(text).toContain('Development only');
    for (const part of ['jane.doe@nhs.net', 'Your code', '2026-05-01T10:00:00.000Z', 'Your code is 123456']) {
      expect(text).toContain(part);
    }
  });

  it('says when the outbox is empty', () => {
    const html = render({ view: 'dev-mail', page: pageContext('dev-mail'), messages: [] });
    expect(textOf(html)).toContain('No emails have been sent yet.');
  });
});
