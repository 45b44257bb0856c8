/**
 * The screen registry against the statechart: one screen per view a state names, and each screen's
 * forms post exactly the events its state accepts from a person (the others arrive by their own
 * routes). A form's fields → event and event → fields are each other's inverse, for every event the
 * path model has a person post.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import {
  createJourneyEngine,
  erasingViewIds,
  eventSchemas,
  JOURNEY_VIEW_IDS,
  type JourneyEvent,
  journeyMachine,
  journeyViewIds,
  parseJourneyEvent,
} from '../../src/machine/index.js';
import { formAt, postFor, SCREEN_LIST, screens } from '../../src/screens/index.js';
import { formatKeyInGroups } from '../../src/screens/scan-qr.js';
import { catalogue } from '../../tooling/paths/catalogue.js';
import { SNAPSHOT_FIXTURES_FILE, type SnapshotFixtures } from '../../tooling/snapshot-fixtures.js';

/** Events that reach a journey by a route of their own, not by a screen's form. */
const NOT_FORMS = new Set(['CLOCK_TICKED', 'JOURNEY_EXTENDED', 'BACK_SELECTED', 'NHSNET_CALLBACK_RECEIVED']);

function stateShowing(view: string): AnyStateNode {
  let found: AnyStateNode | undefined;
  const walk = (node: AnyStateNode) => {
    if ((node.meta as { view?: string } | undefined)?.view === view) found = node;
    for (const child of Object.values(node.states)) walk(child);
  };
  walk(journeyMachine.root);
  if (!found) throw new Error(`no state shows ${view}`);
  return found;
}

/** The person's events a state takes, by its own transitions or an ancestor's. */
function acceptedFormEvents(node: AnyStateNode): string[] {
  const types = new Set<string>();
  for (let n: AnyStateNode | undefined = node; n; n = n.parent)
    for (const type of Object.keys(n.on)) if (type in eventSchemas && !NOT_FORMS.has(type)) types.add(type);
  return [...types].sort();
}

describe('the screen registry', () => {
  it('has a screen for every view a state names, and none for a view no state names', () => {
    expect(Object.keys(screens).sort()).toEqual([...journeyViewIds(journeyMachine)].sort());
    expect(Object.keys(screens).sort()).toEqual([...JOURNEY_VIEW_IDS].sort());
  });

  it('shows each page of a state that erases the journey without a journey: a page with no form, made of its words', async () => {
    const erasing = [...erasingViewIds(journeyMachine)];
    // SPEC.md 8: Finish ends the journey on the server and shows `finished`.
    expect(erasing).toContain('finished');
    for (const view of erasing) {
      const s = screens[view as keyof typeof screens];
      expect(s.kind, view).toBe('page');
      if (s.kind !== 'page') continue;
      expect(s.forms, view).toEqual({});
      // No snapshot at all: the journey is gone when the page is shown.
      expect(await s.present(undefined as never, {} as never), view).toEqual({});
    }
  });

  it.each(SCREEN_LIST.map((s) => [s.view, s] as const))('%s is filed under its own view id', (view, s) => {
    expect(screens[view as keyof typeof screens]).toBe(s);
  });

  it.each(SCREEN_LIST.map((s) => [s.view, s] as const))(
    "%s's forms post exactly the events its state accepts from a person",
    (view, s) => {
      const posted = Object.values(s.forms).flatMap((f) => [...f.events]);
      expect(new Set(posted).size, 'an event posted by two forms of one page').toBe(posted.length);
      expect(posted.sort()).toEqual(acceptedFormEvents(stateShowing(view)));
    },
  );

  it('finds each form by the address it posts to, and nothing else', () => {
    for (const s of SCREEN_LIST)
      for (const [action, spec] of Object.entries(s.forms))
        expect(formAt(action ? `${s.view}/${action}` : s.view)).toBe(spec);
    for (const path of ['back', 'extend', 'nhsnet-callback', 'app-added', 'toString', 'start/x', ''])
      expect(formAt(path), path).toBeUndefined();
  });

  it('the redirect screen sends the browser to the authorization address the journey holds', () => {
    const redirect = screens['nhsnet-redirect'];
    const at = (authorizationUrl?: string) =>
      ({ context: { nhsnet: { login: authorizationUrl ? { authorizationUrl } : null } } }) as never;
    expect(redirect.redirect(at('https://login.example/auth?state=s'))).toBe(
      'https://login.example/auth?state=s',
    );
    expect(redirect.redirect(at())).toBeUndefined();
  });
});

/** Every event the path model has a person post (tooling/paths/catalogue.ts), on the page it is posted
 *  from: the catalogue's steps at each page's recorded snapshot. */
function plannedPosts(): Array<[string, string, JourneyEvent]> {
  const fixtures = JSON.parse(readFileSync(SNAPSHOT_FIXTURES_FILE, 'utf8')) as SnapshotFixtures;
  const engine = createJourneyEngine();
  return Object.entries(fixtures.snapshots).flatMap(([view, persisted]) => {
    const snapshot = engine.restore(persisted);
    if (!snapshot) throw new Error(`the recorded snapshot of ${view} does not restore`);
    return catalogue(snapshot).flatMap((step) =>
      step.type === 'user' && !NOT_FORMS.has(step.event.type)
        ? [[view, step.label, step.event] as [string, string, JourneyEvent]]
        : [],
    );
  });
}

describe('posting a planned event', () => {
  const planned = plannedPosts();
  // A widget's token is posted as it is; the development test's is split in two (checked below).
  const captchaFields = ['cf-turnstile-response'];
  const dev = ['captchaChallenge', 'captchaAnswer'];
  const factsOf = (event: JourneyEvent) => ({
    clientIp: 'clientIp' in event ? event.clientIp : '198.51.100.1',
    cimSessionPresent: 'cimSessionPresent' in event ? event.cimSessionPresent : false,
    captchaFields,
  });

  it('tries every event every form can make', () => {
    const made = SCREEN_LIST.flatMap((s) =>
      Object.values(s.forms).flatMap((f) => f.events.map((t) => `${s.view} ${t}`)),
    );
    expect(new Set(planned.map(([view, , e]) => `${view} ${e.type}`))).toEqual(new Set(made));
  });

  it.each(planned)('%s: %s → its fields → the same event', (view, _, event) => {
    const post = postFor(view, event, { captchaFields });
    expect(post).toBeDefined();
    const candidate = formAt(post?.path ?? '')?.toEvent(post?.fields ?? {}, factsOf(event));
    expect(parseJourneyEvent(candidate)).toEqual({ ok: true, event });
  });

  it("splits the development CAPTCHA's token into its challenge and answer, and back", () => {
    const event: JourneyEvent = {
      type: 'DETAILS_SUBMITTED',
      email: 'a@nhs.net',
      niNumber: 'AB 12 34 56 C',
      captchaToken: 'Y2hhbGxlbmdl.WORD',
      clientIp: '198.51.100.1',
    };
    const post = postFor('enter-details', event, { captchaFields: dev });
    expect(post?.fields).toEqual({
      email: 'a@nhs.net',
      niNumber: 'AB 12 34 56 C',
      captchaChallenge: 'Y2hhbGxlbmdl',
      captchaAnswer: 'WORD',
    });
    const candidate = formAt('enter-details')?.toEvent(post?.fields ?? {}, {
      ...factsOf(event),
      captchaFields: dev,
    });
    expect(parseJourneyEvent(candidate)).toEqual({ ok: true, event });
    const empty = postFor('enter-details', { ...event, captchaToken: '' }, { captchaFields: dev });
    expect(
      formAt('enter-details')?.toEvent(empty?.fields ?? {}, { ...factsOf(event), captchaFields: dev }),
    ).toMatchObject({
      captchaToken: '',
    });
  });

  it('posts the second form of a page to its own address', () => {
    expect(postFor('enter-email-code', { type: 'NEW_EMAIL_CODE_REQUESTED' }, { captchaFields: dev })).toEqual(
      {
        path: 'enter-email-code/new-code',
        fields: {},
      },
    );
    expect(postFor('app-added', { type: 'ADD_ANOTHER_SELECTED' }, { captchaFields: dev })?.path).toBe(
      'app-added/add-another',
    );
  });

  it('finds no form for an event the page does not post', () => {
    expect(postFor('scan-qr', { type: 'RETRY_SELECTED' }, { captchaFields: dev })).toBeUndefined();
    expect(postFor('start', { type: 'BACK_SELECTED' }, { captchaFields: dev })).toBeUndefined();
  });
});

describe('formatKeyInGroups', () => {
  it('splits the key into groups of 4', () => {
    expect(formatKeyInGroups('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(formatKeyInGroups('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
    expect(formatKeyInGroups('ABCD EFGH')).toBe('ABCD EFGH');
    expect(formatKeyInGroups('')).toBe('');
  });
});
