/**
 * The seed's finer points on every page (SPEC.md, screens 9): the phase banner, "Find your Registration
 * Authority" from the FIND_RA_URL setting, the "create a new profile" route on "Problem adding
 * authenticator", a way from nhsnet-unavailable to the choice of authenticator that says where it goes,
 * the "You have added…" line under the heading, and an NHS.UK timeout warning.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assetUrls, renderPage, type ViewModel } from '../../src/views/index.js';
import { startTags, textOf, tokenise } from './html.js';
import { modelsWithErrors, pageContext, SITE, sampleModels } from './samples.js';

const render = (model: ViewModel) => String(renderPage(model));
const samples = sampleModels();
const J = '/add-authenticator';

/** Every link of a page with its text. */
function links(html: string): Array<{ href: string; text: string }> {
  const found: Array<{ href: string; text: string }> = [];
  let open: { href: string; text: string } | null = null;
  for (const token of tokenise(html)) {
    if (token.kind === 'text') {
      if (open) open.text = `${open.text} ${token.text}`.trim();
    } else if (token.tag.name === 'a' && !token.tag.closing) {
      open = { href: token.tag.attributes.get('href') ?? '', text: '' };
      found.push(open);
    } else if (token.tag.name === 'a' && token.tag.closing) {
      open = null;
    }
  }
  return found;
}

/** The text of the phase banner, or null when the page has none. */
function phaseBanner(html: string): string | null {
  const match = /<div class="app-phase-banner">([\s\S]*?)<\/p>/.exec(html);
  return match ? textOf(match[1] as string) : null;
}

const everyPage = [
  ...Object.entries(samples).map(([view, model]) => ({ label: view, model })),
  ...modelsWithErrors().map(({ model }) => ({ label: `${model.view} with errors`, model })),
];

describe('phase banner (SERVICE_PHASE)', () => {
  it.each(everyPage)('$label carries the beta banner, between the header and the page', ({ model }) => {
    const html = render(model);
    expect(phaseBanner(html)).toBe('Beta This service is in development.');
    const banner = html.indexOf('app-phase-banner');
    expect(banner).toBeGreaterThan(html.indexOf('</header>'));
    expect(banner).toBeLessThan(html.indexOf('id="page-container"'));
    expect(startTags(html, 'strong').some((s) => s.attributes.get('class')?.includes('nhsuk-tag'))).toBe(
      true,
    );
  });

  it('names the alpha phase, and a live service shows no banner', () => {
    const at = (phase: 'alpha' | 'live') =>
      render({ ...samples.start, page: pageContext('start', { site: { ...SITE, phase } }) } as ViewModel);
    expect(phaseBanner(at('alpha'))).toBe('Alpha This service is in development.');
    const live = at('live');
    expect(phaseBanner(live)).toBeNull();
    expect(live).not.toContain('This service is in development');
  });

  it('is styled by the service stylesheet, which the page links after nhsuk-frontend', () => {
    const html = render(samples.start);
    const sheets = startTags(html, 'link')
      .filter((l) => l.attributes.get('rel') === 'stylesheet')
      .map((l) => l.attributes.get('href'));
    expect(sheets).toEqual([assetUrls.nhsukCss, assetUrls.appCss]);
  });
});

describe('Find your Registration Authority (FIND_RA_URL)', () => {
  it.each(everyPage)('$label links every mention of the RA to the setting', ({ model }) => {
    const html = render(model);
    const raLinks = links(html).filter((l) => /Registration Authority/i.test(l.text));
    // At least the footer's "Find your Registration Authority".
    expect(raLinks.map((l) => l.text)).toContain('Find your Registration Authority');
    for (const link of raLinks) expect(link.href, link.text).toBe(SITE.findRaUrl);
    // The primary-care-only page is not used anywhere.
    expect(html).not.toContain('primary-care-service-provider-contact-details');
  });

  it('the confirmation pages, profile-not-found and too-many-attempts say "contact" with the setting', () => {
    for (const view of [
      'app-added',
      'nhsnet-added',
      'passkey-added',
      'profile-not-found',
      'too-many-attempts',
    ] as const) {
      const inMain = links(/<main[\s\S]*<\/main>/.exec(render(samples[view]))?.[0] ?? '');
      expect(
        inMain.filter((l) => l.href === SITE.findRaUrl).length,
        `${view} links the RA in its content`,
      ).toBeGreaterThan(0);
    }
  });
});

describe('problem-adding-authenticator: the "create a new profile" route', () => {
  const html = render(samples['problem-adding-authenticator']);

  it('says a Care Identity profile is needed first and links to creating one (CREATE_PROFILE_URL)', () => {
    expect(textOf(html)).toContain('you do not have a Care Identity profile');
    expect(textOf(html)).toContain(
      'You need a Care Identity profile before you can add an authenticator. Your Registration Authority can create one for you',
    );
    expect(links(html)).toContainEqual({
      href: SITE.createProfileUrl,
      text: 'Find out how to create a new profile',
    });
    expect(links(html)).toContainEqual({ href: SITE.findRaUrl, text: 'Find your Registration Authority' });
  });

  it('keeps the heading for the route, after the RA advice', () => {
    const headings = [...html.matchAll(/<h2 class="nhsuk-heading-m">([^<]*)<\/h2>/g)].map((m) => m[1]);
    expect(headings).toEqual([
      'Why this can happen',
      'What you can do',
      'If you do not have a Care Identity profile',
    ]);
  });
});

describe('nhsnet-unavailable: choosing another type', () => {
  const html = render(samples['nhsnet-unavailable']);

  it('does not send people "back" (Back leads to the NHS.net Connect instructions)', () => {
    expect(textOf(html)).not.toMatch(/go back/i);
    expect(textOf(html)).toContain(
      'Try again in a few minutes, or choose a different type of authenticator.',
    );
  });

  it('offers "Choose a different type of authenticator" as a link to the choice', () => {
    expect(links(html)).toContainEqual({
      href: `${J}/choose-authenticator`,
      text: 'Choose a different type of authenticator',
    });
  });
});

describe('choose-authenticator: "You have added…" under the heading', () => {
  const html = render({ ...samples['choose-authenticator'], added: ['app'] } as ViewModel);

  it('puts the h1 first, then the line, then the radios', () => {
    const h1 = html.indexOf('<h1');
    const added = html.indexOf('You have added an authenticator app to your Care Identity profile.');
    const radios = html.indexOf('name="method"');
    expect(h1).toBeGreaterThan(-1);
    expect(added).toBeGreaterThan(h1);
    expect(radios).toBeGreaterThan(added);
    expect(startTags(html, 'h1')).toHaveLength(1);
    expect(textOf(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '')).toBe(
      'What type of authenticator do you want to add?',
    );
  });

  it('still names the radio group with the question, for screen readers', () => {
    const legend = /<legend class="([^"]*)">([\s\S]*?)<\/legend>/.exec(html);
    expect(legend?.[1]).toContain('nhsuk-u-visually-hidden');
    expect(textOf(legend?.[2] ?? '')).toBe('What type of authenticator do you want to add?');
  });

  it('shows no line before anything is added, and the same heading', () => {
    const first = render(samples['choose-authenticator']);
    expect(first).not.toContain('You have added');
    expect(startTags(first, 'h1')).toHaveLength(1);
  });
});

describe('timeout warning: NHS.UK styled, heading focused without a box', () => {
  const timeout = { warnAtMs: 1_000_000, expiresAtMs: 1_300_000, absoluteExpiresAtMs: 3_000_000, nowMs: 10 };
  const html = render({ ...samples.start, page: pageContext('start', { timeout }) } as ViewModel);
  const dialogHtml = /<dialog[\s\S]*<\/dialog>/.exec(html)?.[0] ?? '';

  it('is a dialog labelled by its heading and described by its text', () => {
    const dialog = startTags(html, 'dialog')[0];
    const heading = startTags(dialogHtml, 'h2')[0];
    expect(dialog?.attributes.get('aria-labelledby')).toBe(heading?.attributes.get('id'));
    expect(textOf(/<h2[^>]*>([\s\S]*?)<\/h2>/.exec(dialogHtml)?.[1] ?? '')).toBe(
      'Your session will end soon',
    );
    const describedBy = dialog?.attributes.get('aria-describedby') ?? '';
    expect(dialogHtml).toContain(`id="${describedBy}"`);
  });

  it('holds an nhsuk-card with an nhsuk-button', () => {
    const classes = startTags(dialogHtml, 'div').map((d) => d.attributes.get('class'));
    expect(classes).toContain('nhsuk-card nhsuk-u-margin-bottom-0');
    expect(classes).toContain('nhsuk-card__content');
    const button = startTags(dialogHtml, 'button')[0];
    expect(button?.attributes.get('class')).toContain('nhsuk-button');
  });

  it('gives the heading tabindex="-1" and a class whose focus has no outline', () => {
    const heading = startTags(dialogHtml, 'h2')[0];
    expect(heading?.attributes.get('tabindex')).toBe('-1');
    expect(heading?.attributes.get('class')?.split(' ')).toContain('app-timeout-warning__heading');
    const css = readFileSync(new URL('../../src/views/client/app.css', import.meta.url), 'utf8');
    expect(css.replace(/\/\*[\s\S]*?\*\//g, '')).toMatch(
      /\.app-timeout-warning__heading:focus\s*\{\s*outline:\s*none;\s*\}/,
    );
    // The dialog loses the browser's black border and padding; the card draws the box.
    expect(css).toMatch(/\.app-timeout-warning\s*\{[^}]*border:\s*0;[^}]*\}/);
  });

  it('moves focus to the heading whenever it opens', () => {
    const script = readFileSync(
      new URL('../../src/views/client/timeout-warning.js', import.meta.url),
      'utf8',
    );
    expect(script).toMatch(/dialog\.showModal\(\);\s*(?:\/\/[^\n]*\n\s*)?if \(heading\) heading\.focus\(\);/);
  });
});
