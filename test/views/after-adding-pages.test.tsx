/**
 * The pages SPEC.md 8–10 adds: Finish on every confirmation page, "You have finished", a late failure's
 * reason with "Try again" and "Choose another type of authenticator", the Registration Authority ending
 * (never "check your email or NI number"), the real wait on too-many-attempts, and the passkey switch.
 */
import { describe, expect, it } from 'vitest';
import type { LateFailureReason } from '../../src/machine/index.js';
import { minutesUntil } from '../../src/screens/too-many-attempts.js';
import { renderPage, type ViewModel } from '../../src/views/index.js';
import { formsOf, textOf } from './html.js';
import { pageContext, SITE } from './samples.js';

const render = (model: ViewModel) => String(renderPage(model));
const J = '/add-authenticator';
const main = (html: string) => textOf(/<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '');

describe('confirmation pages', () => {
  it.each(['app-added', 'nhsnet-added', 'passkey-added'] as const)(
    '%s offers Finish first, as the primary button, then Add another authenticator',
    (view) => {
      const html = render({ view, page: pageContext(view) } as ViewModel);
      const forms = formsOf(html);
      expect(forms.map((f) => f.action)).toEqual([`${J}/${view}/finish`, `${J}/${view}/add-another`]);
      expect(forms[0]?.text).toContain('Finish');
      expect(html).toMatch(/<button[^>]*class="nhsuk-button"[^>]*>\s*Finish/);
      expect(main(html)).toContain('closes by itself after 5 minutes');
    },
  );
});

describe('finished', () => {
  it('says the browser can be closed, and nothing about who the person is', () => {
    const html = render({ view: 'finished', page: pageContext('finished') });
    expect(main(html)).toContain('You can now close this browser');
    expect(formsOf(html)).toEqual([]);
    expect(main(html)).not.toMatch(/@|profile id|Add another/);
  });
});

describe('authenticator-not-added', () => {
  const reasons: Array<[LateFailureReason, 'app' | 'nhsnet' | 'passkey', RegExp]> = [
    ['passkeyNotVerified', 'passkey', /could not check/],
    ['passkeyLinkedElsewhere', 'passkey', /linked to a different Care Identity profile/],
    ['nhsnetWrongOrganisation', 'nhsnet', /must end in nhs\.net/],
    ['nhsnetLinkedElsewhere', 'nhsnet', /already linked to a different Care Identity profile/],
    ['nhsnetAlreadyOnProfile', 'nhsnet', /already on your Care Identity profile/],
    ['directoryRefused', 'app', /could not save your authenticator app/],
  ];

  it.each(reasons)('gives its own plain reason for %s, with both ways on', (reason, method, words) => {
    const html = render({
      view: 'authenticator-not-added',
      page: pageContext('authenticator-not-added'),
      method,
      reason,
      triesLeft: 2,
    });
    expect(main(html)).toMatch(words);
    expect(main(html)).toContain('You do not need to enter your details or a code from your email again');
    expect(formsOf(html).map((f) => f.action)).toEqual([
      `${J}/authenticator-not-added`,
      `${J}/authenticator-not-added/choose-another`,
    ]);
    // Never the identity-check wording of problem-adding-authenticator.
    expect(main(html)).not.toMatch(/National Insurance number|entered your email/);
  });

  it('warns before the last try that the Registration Authority is next', () => {
    const model = (triesLeft: number): ViewModel => ({
      view: 'authenticator-not-added',
      page: pageContext('authenticator-not-added'),
      method: 'passkey',
      reason: 'passkeyNotVerified',
      triesLeft,
    });
    const mainHtml = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
    expect(mainHtml(render(model(1)))).toContain(SITE.findRaUrl);
    expect(mainHtml(render(model(2)))).not.toContain(SITE.findRaUrl);
  });
});

describe('contact-registration-authority', () => {
  it('points to the Registration Authority and never asks to check the email or NI number', () => {
    const html = render({
      view: 'contact-registration-authority',
      page: pageContext('contact-registration-authority'),
    });
    expect(html).toContain(`href="${SITE.findRaUrl}"`);
    expect(main(html)).not.toMatch(/email address|National Insurance|entered/i);
  });
});

describe('too-many-attempts', () => {
  it('rounds the remaining time up to whole minutes, and says when there is none', () => {
    const now = 1_000_000;
    expect(minutesUntil(now + 15 * 60_000, now)).toBe(15);
    expect(minutesUntil(now + 14 * 60_000 + 1, now)).toBe(15);
    expect(minutesUntil(now + 1, now)).toBe(1);
    expect(minutesUntil(now, now)).toBeNull();
    expect(minutesUntil(null, now)).toBeNull();
  });

  it('says the wait it is given, in words', () => {
    const page = pageContext('too-many-attempts');
    expect(main(render({ view: 'too-many-attempts', page, waitMinutes: 41 }))).toContain(
      'Wait 41 minutes, then start again',
    );
    expect(main(render({ view: 'too-many-attempts', page, waitMinutes: 1 }))).toContain(
      'Wait 1 minute, then start again',
    );
    expect(main(render({ view: 'too-many-attempts', page, waitMinutes: null }))).toContain(
      'You can start again now',
    );
  });
});

describe('passkey-register', () => {
  it.each(['windowsHello', 'noWindowsHello'] as const)(
    'on the %s steps offers "My screen looks different" to switch',
    (variant) => {
      const html = render({
        view: 'passkey-register',
        page: pageContext('passkey-register'),
        variant,
        optionsJSON: '{}',
      });
      expect(main(html)).toContain('My screen looks different');
      expect(formsOf(html).map((f) => f.action)).toContain(`${J}/passkey-register/switch`);
      expect(main(html).includes('select "Change"')).toBe(variant === 'windowsHello');
    },
  );
});
