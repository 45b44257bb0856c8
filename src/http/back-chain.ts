/**
 * Back links are plain links to earlier pages (SPEC.md: no GET changes a journey). Which page "back"
 * leads to is the machine's answer: BACK_SELECTED applied to the journey in memory, again and again,
 * gives the pages behind the current one. A GET of one of them shows it from that in-memory journey
 * and saves nothing; a form posted from it sends the backs first and then its own event, in one step.
 */
import {
  backViewFromStatechart,
  canGoBack,
  currentMeta,
  type JourneyEngine,
  type JourneyEvent,
  type JourneySnapshot,
} from '../machine/index.js';

/** How far back a page may be and still be shown (the journey's longest way back is shorter). */
export const BACK_CHAIN_LIMIT = 10;

const BACK: JourneyEvent = { type: 'BACK_SELECTED' };

export interface EarlierPage {
  view: string;
  /** How many BACK_SELECTED lead there from the current page. */
  depth: number;
  /** The journey as it would be there (never saved from here). */
  snapshot: JourneySnapshot;
}

/** The pages behind the current one, nearest first; it stops where back is not accepted, where a
 *  service would have to run, or at a page that sends the browser elsewhere. */
export function earlierPages(
  engine: JourneyEngine,
  snapshot: JourneySnapshot,
  now: number,
  limit = BACK_CHAIN_LIMIT,
): EarlierPage[] {
  const pages: EarlierPage[] = [];
  let current = snapshot;
  for (let depth = 1; depth <= limit; depth++) {
    if (current.status !== 'active' || !canGoBack(current)) break;
    const step = engine.advanceUntilService(current, { now, userActive: false }, [BACK]);
    if (step.pending || step.snapshot.status !== 'active') break;
    const meta = currentMeta(step.snapshot);
    if (meta.redirect || pages.some((page) => page.view === meta.view)) break;
    current = step.snapshot;
    pages.push({ view: meta.view, depth, snapshot: current });
  }
  return pages;
}

/** The page the back link of this journey's page leads to, if it has one: read from the statechart
 *  where its shape decides it, otherwise worked out by the engine. */
export function previousView(engine: JourneyEngine, snapshot: JourneySnapshot, now: number) {
  const known = backViewFromStatechart(snapshot);
  if (known !== undefined) return known;
  return earlierPages(engine, snapshot, now, 1)[0]?.view ?? null;
}

/** The events a form posted from an earlier page sends: back to that page, then its own. */
export function eventsFrom(page: EarlierPage | null, event: JourneyEvent): JourneyEvent[] {
  return [...Array.from({ length: page?.depth ?? 0 }, () => BACK), event];
}
