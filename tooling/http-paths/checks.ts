/**
 * What is checked after each request of a replayed path: the page served is the view of the state the
 * model expects (or the redirect to NHS.net Connect), it shows an error summary exactly when the journey
 * holds errors, and the journey stored in Redis is in the state the store should hold, with the same
 * errors and notice. The two differ where HTTP only shows: before "Start now" nothing is stored, and a
 * back link shows an earlier page while the stored journey stays where it was until the next post.
 */
import { createSnapshotSealer } from '../../src/services/journey-store/snapshot-sealer.js';
import type { Expectation } from '../paths/plan.js';
import type { HttpClient } from '../support/http-client.js';
import type { RunningService } from '../support/service-process.js';

interface StoredSnapshot {
  value: unknown;
  status: string;
  context: { errors: unknown; notice: unknown };
}

export const journeyCookieName = (svc: RunningService) =>
  svc.service.config.secureCookies ? '__Host-aa-journey' : 'aa-journey';

/** The snapshot stored for the browser's journey cookie (the cookie is `<id>.<signature>`). */
async function storedJourney(svc: RunningService, client: HttpClient): Promise<StoredSnapshot | null> {
  const cookie = client.cookie(journeyCookieName(svc));
  if (!cookie) return null;
  const id = decodeURIComponent(cookie).split('.')[0] ?? '';
  const sealed = await svc.redisClient.hget(`aa:journey:{${id}}`, 'snapshot');
  const raw = sealed ? createSnapshotSealer(svc.service.config.journeyDataKeys).open(id, sealed) : null;
  return raw ? (JSON.parse(raw) as StoredSnapshot) : null;
}

export async function checkStep(
  svc: RunningService,
  client: HttpClient,
  where: string,
  e: Expectation,
  /** What the store should hold: null for no journey at all. */
  held: Expectation | null,
): Promise<string[]> {
  const problems: string[] = [];
  const page = client.last;
  const issuer = svc.service.nhsnetProvider?.issuer ?? 'no provider';
  if (e.view === 'nhsnet-redirect') {
    if (!page?.url.startsWith(`${issuer}/auth?`))
      problems.push(`${where}: expected a redirect to NHS.net Connect, got ${page?.url}`);
  } else if (client.view() !== e.view) {
    problems.push(`${where}: expected the ${e.view} page (${e.state}), got ${page?.url} (${page?.status})`);
  } else if (e.status === 'active') {
    const shown = (page?.html ?? '').includes('nhsuk-error-summary');
    const held = Object.values(e.errors).some(Boolean);
    if (shown !== held)
      problems.push(
        `${where}: errors ${JSON.stringify(e.errors)} but the page ${shown ? 'shows' : 'shows no'} error summary`,
      );
  }
  const stored = await storedJourney(svc, client);
  if (stored && held === null) problems.push(`${where}: a journey is stored, expected none yet`);
  else if (stored && held) {
    const { errors, notice } = stored.context;
    const got = JSON.stringify({ value: stored.value, status: stored.status, errors, notice });
    const want = JSON.stringify({
      value: held.value,
      status: held.status,
      errors: held.errors,
      notice: held.notice,
    });
    if (got !== want) problems.push(`${where}: stored journey ${got}, expected ${want}`);
  } else if (held?.status === 'active') problems.push(`${where}: no journey stored for the cookie`);
  return problems;
}
