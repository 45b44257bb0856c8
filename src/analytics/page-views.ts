/**
 * The audit fact the funnel is made of: a page view, written each time a step leaves a journey on a
 * different page (or another version of the same page). View id and version only: no personal data.
 */
import { currentMeta, type JourneySnapshot } from '../machine/index.js';
import type { AuditEvent } from '../services/ports.js';
import { PAGE_EVENT } from './funnel.js';
import { variantOf } from './journey-graph.js';

function pageOf(snapshot: JourneySnapshot): { view: string; variant: string | null } {
  const view = currentMeta(snapshot).view as string;
  return { view, variant: variantOf(view, snapshot.context) };
}

/** The page view to audit after a step from `previous` (null: the journey was just created), if any. */
export function pageViewAudit(previous: JourneySnapshot | null, next: JourneySnapshot): AuditEvent | null {
  const now = pageOf(next);
  const before = previous ? pageOf(previous) : null;
  if (before && before.view === now.view && before.variant === now.variant) return null;
  return {
    type: PAGE_EVENT,
    outcome: 'info',
    view: now.view,
    ...(now.variant ? { variant: now.variant } : {}),
  };
}
