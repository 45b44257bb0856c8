/**
 * Starting a journey (SPEC.md: journey creation). A GET of the first page writes nothing: the machine's
 * first page (start, or log-out-first while a Care Identity Management session is open) is made in
 * memory, with a form token bound to the pre-journey cookie. Its POST creates the journey and takes the
 * posted event in the same step (one save), within the per-client limit on creations.
 */
import { currentMeta, type JourneySnapshot } from '../machine/index.js';
import { type PageScreenId, presentScreen } from '../screens/index.js';
import { readForm } from './body.js';
import type { AppDeps } from './deps.js';
import { formToEvent } from './forms.js';
import { createPreJourneys } from './pre-journey.js';
import { replyRedirect, setHeader } from './reply.js';
import { type C, pathOf, type Responder, wantsFragment } from './respond.js';
import type { Security } from './security.js';

export function journeyStarts(deps: AppDeps, security: Security, respond: Responder) {
  const preJourneys = createPreJourneys(deps.config, deps.now);
  const firstView = (snapshot: JourneySnapshot) => currentMeta(snapshot).view as string;
  // The machine's first page depends only on whether a CIM session is open (its page shows no time or
  // nonce), so each is worked out once: viewing the start page costs a render, nothing more.
  const firstPages = new Map([false, true].map((cim) => [cim, deps.runner.preview(cim)] as const));
  const firstPage = (cimSessionPresent: boolean) => firstPages.get(cimSessionPresent) as JourneySnapshot;
  /** The pages a journey can begin on. */
  const firstViews = new Set([...firstPages.values()].map(firstView));

  /** A first page with no journey behind it (none, or one that has ended): shown, nothing written. */
  async function show(c: C, view: string, staleJourneyCookie: boolean) {
    const first = firstPage(security.cimSessionPresent(c));
    if (firstView(first) !== view) return replyRedirect(c, pathOf(firstView(first)));
    // A journey cookie that opens nothing (ended, timed out, tampered) is of no more use.
    if (staleJourneyCookie) security.clearJourneyCookie(c);
    const pre = preJourneys.renew(c);
    const page = { ...respond.pageContext(c, null, view), csrfToken: preJourneys.token(pre) };
    // Shown in answer to a form post (start again), htmx needs the address for the address bar.
    if (wantsFragment(c)) setHeader(c, 'HX-Push-Url', pathOf(view));
    return respond.render(c, 200, await presentScreen(view as PageScreenId, first, page, deps.screenDeps));
  }

  /** "Start now" (or "I have logged out") with no journey: creates one that has taken the event. */
  async function create(c: C, view: string) {
    const pre = preJourneys.read(c);
    // No start page was shown to this browser lately (or it sat open past the cookie's life): show it.
    if (!pre) return replyRedirect(c, pathOf('start'));
    const body = await readForm(c, deps.config.bodyLimitBytes);
    if (!body || !preJourneys.tokenMatches(pre, body._csrf)) return respond.page(c, 403, 'bad-request');
    // The journey begins on the page that was shown; the event then carries whether a CIM session is
    // open now, and the machine decides (Start now with a session open leads to log-out-first).
    const shownWithCim = [...firstPages].find(([, snapshot]) => firstView(snapshot) === view)?.[0] ?? false;
    const cimSessionPresent = security.cimSessionPresent(c);
    const clientIp = security.clientIp(c);
    const parsed = formToEvent(view, body, {
      clientIp,
      cimSessionPresent,
      captchaFields: deps.captchaFields,
    });
    if (!parsed.ok) {
      deps.logger.warn({ form: view, problem: parsed.problem }, 'bad form');
      return respond.page(c, 400, 'bad-request');
    }
    const allowance = await deps.startLimiter.consume(clientIp);
    if (!allowance.allowed) {
      deps.logger.warn({ form: view }, 'journey start refused: too many from this client');
      deps.metrics?.errorPage(429);
      setHeader(c, 'Retry-After', String(allowance.retryAfterSeconds));
      return respond.render(c, 429, {
        view: 'too-many-attempts',
        page: respond.pageContext(c, null, 'too-many-attempts'),
        waitMinutes: Math.ceil(allowance.retryAfterSeconds / 60),
      });
    }
    const { journey, first } = await deps.runner.create(shownWithCim, [parsed.event]);
    await security.writeJourneyCookie(c, journey.id);
    deps.metrics?.journeyStarted();
    deps.metrics?.stepSaved(first, journey.snapshot);
    return respond.afterPost(c, journey);
  }

  /** A post carrying this browser's start-page token: from a start page opened before the journey
   *  was created (another tab). Never a journey's token, so it only ever earns the current step. */
  function isOwnStartToken(c: C, submitted: unknown): boolean {
    const pre = preJourneys.read(c);
    return pre !== null && preJourneys.tokenMatches(pre, submitted);
  }

  return { firstViews, show, create, isOwnStartToken };
}

export type JourneyStarts = ReturnType<typeof journeyStarts>;
