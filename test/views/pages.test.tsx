import { describe, expect, it } from 'vitest';
import { pageScreenOf } from '../../src/screens/index.js';
import {
  documentTitle,
  renderMainContent,
  renderPage,
  renderPageFragment,
  VIEW_IDS,
  type ViewId,
  type ViewModel,
} from '../../src/views/index.js';
import { START_AGAIN_URL } from '../../src/views/pages/shared.js';
import { allStartTags, formsOf, startTags, textOf, textTokens } from './html.js';
import { CSRF, modelsWithErrors, NONCE, pageContext, sampleModels } from './samples.js';

const render = (model: ViewModel) => String(renderPage(model));
const J = '/add-authenticator';

/** POST actions each page must offer (UI contract). */
const EXPECTED_ACTIONS: Record<ViewId, string[]> = {
  start: [`${J}/start`],
  'log-out-first': [`${J}/log-out-first`],
  'enter-details': [`${J}/enter-details`],
  'enter-email-code': [`${J}/enter-email-code`, `${J}/enter-email-code/new-code`],
  'choose-authenticator': [`${J}/choose-authenticator`],
  'app-instructions': [`${J}/app-instructions`],
  'create-password': [`${J}/create-password`],
  'scan-qr': [`${J}/scan-qr`],
  'enter-app-code': [`${J}/enter-app-code`],
  'app-added': [`${J}/app-added/finish`, `${J}/app-added/add-another`],
  'nhsnet-instructions': [`${J}/nhsnet-instructions`],
  'nhsnet-unavailable': [`${J}/nhsnet-unavailable`],
  'nhsnet-added': [`${J}/nhsnet-added/finish`, `${J}/nhsnet-added/add-another`],
  'passkey-loading': [`${J}/passkey-loading`],
  'passkey-register': [`${J}/passkey-register/switch`, `${J}/passkey-register`],
  'passkey-windows-hello': [`${J}/passkey-windows-hello`],
  'passkey-added': [`${J}/passkey-added/finish`, `${J}/passkey-added/add-another`],
  // A late failure (SPEC.md, 8): try the same type again, or choose another, in the same journey.
  'authenticator-not-added': [`${J}/authenticator-not-added`, `${J}/authenticator-not-added/choose-another`],
  // The journey is gone: nothing to post (a link starts again).
  finished: [],
  'service-unavailable': [`${J}/service-unavailable`],
  // "Start again" ends the journey: a form post, like every other change (no GET changes a journey).
  'session-timed-out': [`${J}/start-again`],
  'too-many-attempts': [`${J}/start-again`],
  'problem-adding-authenticator': [`${J}/start-again`],
  'profile-not-found': [`${J}/start-again`],
  'contact-registration-authority': [`${J}/start-again`],
  'not-found': [],
  'bad-request': [],
  'dev-mail': [],
};

/** The visible label of each page's submit button (UI contract wording). */
const SUBMIT_TEXT: Partial<Record<ViewId, string>> = {
  start: 'Start now',
  'log-out-first': 'I have logged out, continue',
  'scan-qr': 'Next',
  'enter-app-code': 'Submit',
  'app-added': 'Add another authenticator',
  'nhsnet-added': 'Add another authenticator',
  'passkey-added': 'Add another authenticator',
  'authenticator-not-added': 'Choose another type of authenticator',
  'nhsnet-unavailable': 'Try again',
  'passkey-windows-hello': 'Use your phone or tablet instead',
  'service-unavailable': 'Try again',
};

const samples = sampleModels();

describe('every page', () => {
  it('covers every view id of the UI contract, plus not-found, bad-request and dev-mail', () => {
    expect([...VIEW_IDS].sort()).toEqual(Object.keys(EXPECTED_ACTIONS).sort());
  });

  for (const view of VIEW_IDS) {
    describe(view, () => {
      const model = samples[view];
      const html = render(model);

      it('is a whole NHS.UK document with one h1 and the service title', () => {
        expect(html.startsWith('<!DOCTYPE html><html lang="en">')).toBe(true);
        expect(startTags(html, 'h1')).toHaveLength(1);
        const title = /<title>([^<]*)<\/title>/.exec(html)?.[1];
        expect(title).toMatch(/^[^:]+ - Add an authenticator - NHS$/);
        expect(startTags(html, 'main')[0]?.attributes.get('id')).toBe('maincontent');
        expect(html).toContain('href="/assets/nhsuk/nhsuk-frontend.min.css"');
      });

      it('posts only the contract forms, each with the CSRF token', () => {
        const forms = formsOf(html);
        expect([...new Set(forms.map((form) => form.action))].sort()).toEqual(
          [...EXPECTED_ACTIONS[view]].sort(),
        );
        for (const form of forms) {
          expect(form.method).toBe('post');
          const csrf = form.controls.filter((control) => control.attributes.get('name') === '_csrf');
          expect(csrf).toHaveLength(1);
          expect(csrf[0]?.attributes.get('type')).toBe('hidden');
          expect(csrf[0]?.attributes.get('value')).toBe(CSRF);
        }
      });

      const screen = pageScreenOf(view);
      if (screen) {
        it('posts to exactly the forms of its screen (src/screens), which the HTTP layer accepts', () => {
          const declared = Object.keys(screen.forms).map(
            (action) => `${J}/${view}${action ? `/${action}` : ''}`,
          );
          // "Start again" is a form of the journey as a whole, not of one screen (its own POST route).
          const posted = new Set(formsOf(html).map((form) => form.action));
          posted.delete(START_AGAIN_URL);
          expect([...posted].sort()).toEqual(declared.sort());
        });
      }

      it('has no script without the nonce and no inline event handlers', () => {
        const scripts = startTags(html, 'script');
        expect(scripts.length).toBeGreaterThan(0);
        for (const script of scripts) expect(script.attributes.get('nonce')).toBe(NONCE);
        for (const tag of allStartTags(html)) {
          expect([...tag.attributes.keys()].filter((name) => name.startsWith('on'))).toEqual([]);
        }
      });

      it('has unique ids', () => {
        const ids = allStartTags(html)
          .map((tag) => tag.attributes.get('id'))
          .filter((id): id is string => id !== undefined);
        expect(ids.length).toBe(new Set(ids).size);
      });

      it('shows no error summary and no Error: prefix without errors', () => {
        expect(html).not.toContain('nhsuk-error-summary');
        expect(html).not.toContain('<title>Error: ');
      });

      it('shows the back link exactly when asked: a plain link to the page before', () => {
        const backLinks = startTags(html, 'a').filter((a) => a.attributes.get('class') === 'nhsuk-back-link');
        if (model.page.backLink) {
          expect(backLinks.map((a) => a.attributes.get('href'))).toEqual([model.page.backLink]);
        } else {
          expect(backLinks).toEqual([]);
        }
      });

      if (SUBMIT_TEXT[view]) {
        it(`offers "${SUBMIT_TEXT[view]}"`, () => {
          expect(formsOf(html).some((form) => form.text.includes(SUBMIT_TEXT[view]!))).toBe(true);
        });
      }
    });
  }
});

describe('pages with errors', () => {
  for (const { model, errors } of modelsWithErrors()) {
    it(`${model.view}: summary, inline messages, links to fields and the Error: title`, () => {
      const html = render(model);
      expect(html).toContain('<title>Error: ');
      expect(
        startTags(html, 'div').filter((div) => div.attributes.get('data-module') === 'nhsuk-error-summary'),
      ).toHaveLength(1);
      expect(html).toContain('role="alert"');
      const ids = new Set(allStartTags(html).map((tag) => tag.attributes.get('id')));
      const links = startTags(html, 'a').map((a) => a.attributes.get('href'));
      for (const error of errors) {
        expect(links).toContain(`#${error.field}`);
        expect(ids.has(error.field)).toBe(true);
        // Once in the summary and once next to the field.
        expect(textTokens(html).filter((text) => text === error.message)).toHaveLength(2);
      }
      expect(startTags(html, 'h1')).toHaveLength(1);
    });
  }

  it('a page-level error (field "") is listed without a link', () => {
    const html = render({
      ...samples['nhsnet-instructions'],
      errors: [{ field: '', message: 'You did not finish logging in to NHS.net Connect. Try again' }],
    } as ViewModel);
    expect(textOf(html)).toContain('You did not finish logging in to NHS.net Connect. Try again');
    expect(startTags(html, 'a').map((a) => a.attributes.get('href'))).not.toContain('#');
  });
});

describe('documentTitle', () => {
  it('adds the service and NHS, and Error: when there are errors', () => {
    expect(documentTitle({ title: 'Check your email' })).toBe(
      'Check your email - Add an authenticator - NHS',
    );
    expect(
      documentTitle({ title: 'Check your email', errors: [{ field: 'code', message: 'Enter the code' }] }),
    ).toBe('Error: Check your email - Add an authenticator - NHS');
  });
});

describe('fragment for htmx', () => {
  it('has the title, back link and main but no document chrome', () => {
    const html = String(renderPageFragment(samples['enter-app-code']));
    expect(
      html.startsWith(
        '<title>Enter the code from your authenticator app - Add an authenticator - NHS</title>',
      ),
    ).toBe(true);
    expect(startTags(html, 'main')).toHaveLength(1);
    expect(startTags(html, 'h1')).toHaveLength(1);
    expect(html).toContain(`href="${J}/scan-qr"`);
    expect(html).not.toContain('<html');
    expect(html).not.toContain('nhsuk-header');
    expect(html).not.toContain('<script');
  });
});

describe('main content only', () => {
  it('is exactly what the full page has inside <main>', () => {
    const model = samples['choose-authenticator'];
    const full = render(model);
    const inside = /<main class="nhsuk-main-wrapper" id="maincontent">([\s\S]*)<\/main>/.exec(full)?.[1];
    expect(String(renderMainContent(model))).toBe(inside);
  });
});

describe('timeout warning', () => {
  const timeout = { warnAtMs: 1_000_000, expiresAtMs: 1_300_000, absoluteExpiresAtMs: 3_000_000, nowMs: 10 };

  it('is a dialog with the deadlines and a "Continue with this journey" extend form', () => {
    const html = render({ ...samples.start, page: pageContext('start', { timeout }) });
    const dialog = startTags(html, 'dialog')[0];
    expect(dialog?.attributes.get('data-warn-at-ms')).toBe('1000000');
    expect(dialog?.attributes.get('data-expires-at-ms')).toBe('1300000');
    expect(dialog?.attributes.get('data-absolute-expires-at-ms')).toBe('3000000');
    expect(dialog?.attributes.get('data-now-ms')).toBe('10');
    expect(dialog?.attributes.has('open')).toBe(false);
    const extend = formsOf(html).find((form) => form.action === `${J}/extend`);
    expect(extend?.text).toContain('Continue with this journey');
    expect(extend?.controls.find((c) => c.attributes.get('name') === '_csrf')?.attributes.get('value')).toBe(
      CSRF,
    );
    expect(startTags(html, 'script').map((s) => s.attributes.get('src'))).toContain(
      '/assets/app/timeout-warning.js',
    );
  });

  it('is left out when the page has no journey deadlines', () => {
    const html = render(samples.start);
    expect(html).not.toContain('<dialog');
    expect(html).not.toContain('timeout-warning.js');
  });
});
