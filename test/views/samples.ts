/** Sample models of every page: each journey screen's own sample (src/screens), and the other pages. */
import { PAGE_SCREEN_IDS, pageScreenOf } from '../../src/screens/index.js';
import type { FieldError, PageContext, SiteSettings, ViewId, ViewModel } from '../../src/views/index.js';

export const CSRF = 'csrf-token-123';
export const NONCE = 'nonce-abc';
/** The settings the samples render with: each link differs from its default, so a page that ignores
 *  the setting and uses a constant of its own is caught. */
export const SITE: SiteSettings = {
  phase: 'beta',
  findRaUrl: 'https://ra.example.nhs.uk/find-your-ra',
  createProfileUrl: 'https://ra.example.nhs.uk/create-a-profile',
};

/** A back link's href: the page before (the HTTP layer asks the machine which one that is). */
export const backTo = (view: string) => `/add-authenticator/${view}`;

export function pageContext(viewId: string, overrides: Partial<PageContext> = {}): PageContext {
  return { csrfToken: CSRF, cspNonce: NONCE, backLink: null, viewId, site: SITE, ...overrides };
}

function screenSample(view: (typeof PAGE_SCREEN_IDS)[number]) {
  const sample = pageScreenOf(view)?.sample;
  if (!sample) throw new Error(`no screen sample for ${view}`);
  return sample;
}

/** A model for every view, without errors. */
export function sampleModels(): Record<ViewId, ViewModel> {
  const screens = Object.fromEntries(
    PAGE_SCREEN_IDS.map((view) => {
      const sample = screenSample(view);
      const page = pageContext(view, { backLink: sample.backLink ? backTo(sample.backLink) : null });
      return [view, { view, page, ...sample.props } as ViewModel];
    }),
  ) as Record<(typeof PAGE_SCREEN_IDS)[number], ViewModel>;
  return {
    ...screens,
    'not-found': { view: 'not-found', page: pageContext('not-found', { csrfToken: '' }) },
    'bad-request': { view: 'bad-request', page: pageContext('bad-request', { csrfToken: '' }) },
    'dev-mail': {
      view: 'dev-mail',
      page: pageContext('dev-mail', { csrfToken: '' }),
      messages: [
        {
          to: 'jane.doe@nhs.net',
          subject: 'Your code',
          sentAt: new Date('2026-05-01T10:00:00Z'),
          text: 'Your code is 123456',
        },
      ],
    },
  };
}

/** Models of the pages that can show errors, each with errors for every field it has. */
export function modelsWithErrors(): Array<{ model: ViewModel; errors: FieldError[] }> {
  const samples = sampleModels();
  return PAGE_SCREEN_IDS.flatMap((view) => {
    const errors = screenSample(view).errors;
    return errors ? [{ model: { ...samples[view], errors } as ViewModel, errors }] : [];
  });
}
