/**
 * Journeys in the store: load (one read, one restore), advance through the journey engine, save with
 * compare-and-set, write the audit facts, and move the journey to a new id when the machine asks. What
 * a step means is the engine's business; this only keeps it safe between requests.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { pageViewAudit } from '../analytics/page-views.js';
import {
  type Advanced,
  type AuditEmitted,
  type JourneyEngine,
  type JourneyEvent,
  type JourneyServices,
  type JourneySnapshot,
  MACHINE_VERSION,
} from '../machine/index.js';
import type { AuditLog, JourneyStore } from '../services/ports.js';

export interface LoadedJourney {
  id: string;
  rev: number;
  snapshot: JourneySnapshot;
  /** Tags of the ids the journey had before it moved (see form-tokens.ts). */
  formerTags?: string[];
}

export type StepResult =
  | { kind: 'saved'; journey: LoadedJourney; previous: JourneySnapshot }
  /** Only the clock moved: nothing was written. */
  | { kind: 'unchanged'; journey: LoadedJourney }
  /** Another request saved this journey first: nothing of this one was kept. */
  | { kind: 'conflict' };

export interface JourneyRunnerDeps {
  store: JourneyStore;
  engine: JourneyEngine;
  services: JourneyServices;
  now: () => number;
  audit: AuditLog;
  logger: Logger;
  /** The tag kept of an id the journey moves away from; without it, none is kept. */
  formerIdTag?: (journeyId: string) => string;
}

/** The machine moves a journey once; a few tags are room enough and keep the record small. */
const FORMER_TAGS_KEPT = 3;

/** How many journeys each process keeps as it last saved or restored them. */
const RECENT_JOURNEYS = 1024;

export const newJourneyId = () => randomBytes(16).toString('base64url');

/** Steps of one journey take turns in this process (a double click, a reload while a request runs).
 *  Between instances the compare-and-set save still decides. */
class Turns {
  private readonly queues = new Map<string, Promise<unknown>>();

  take<T>(id: string, work: (waited: boolean) => Promise<T>): Promise<T> {
    const ahead = this.queues.get(id);
    const mine = (ahead ?? Promise.resolve()).then(() => work(ahead !== undefined));
    const tail = mine.catch(() => undefined);
    this.queues.set(id, tail);
    void tail.then(() => {
      if (this.queues.get(id) === tail) this.queues.delete(id);
    });
    return mine;
  }
}

/** A stable reference to a journey for the audit trail: never the cookie id, which is a secret. */
function journeyRef(snapshot: JourneySnapshot): string {
  return createHash('sha256').update(snapshot.context.journeyNonce).digest('base64url').slice(0, 12);
}

export class JourneyRunner {
  private readonly turns = new Turns();
  /**
   * The journeys this process last saved or restored, by id. A revision of a journey is written once
   * (compare-and-set), so a loaded journey at the revision kept here is that same journey: it is not
   * restored again (the GET after a POST's 303 gets what the POST saved).
   */
  private readonly recent = new Map<string, { rev: number; snapshot: JourneySnapshot }>();

  constructor(private readonly deps: JourneyRunnerDeps) {}

  /** A journey that was never there, has expired, or cannot be read (older version) → null. */
  async load(id: string): Promise<LoadedJourney | null> {
    const stored = await this.deps.store.load(id);
    if (!stored || stored.version !== MACHINE_VERSION) {
      this.recent.delete(id);
      return null;
    }
    const kept = this.recent.get(id);
    const snapshot = kept?.rev === stored.rev ? kept.snapshot : this.deps.engine.restore(stored.snapshot);
    if (!snapshot) {
      this.recent.delete(id);
      return null;
    }
    this.remember(id, stored.rev, snapshot);
    return { id, rev: stored.rev, snapshot, ...(stored.formerTags ? { formerTags: stored.formerTags } : {}) };
  }

  private remember(id: string, rev: number, snapshot: JourneySnapshot) {
    this.recent.delete(id);
    this.recent.set(id, { rev, snapshot });
    if (this.recent.size > RECENT_JOURNEYS) this.recent.delete(this.recent.keys().next().value as string);
  }

  /** A new journey's first page, in memory only: nothing is written (viewing the start page). */
  preview(cimSessionPresent: boolean): JourneySnapshot {
    return this.deps.engine.begin(this.firstInput(cimSessionPresent, this.deps.now())).snapshot;
  }

  /**
   * Writes a new journey that has already taken `events` (the "Start now" post that creates it):
   * one save. `first` is where it began, for the metrics of the step.
   */
  async create(
    cimSessionPresent: boolean,
    events: readonly JourneyEvent[] = [],
  ): Promise<{ journey: LoadedJourney; first: JourneySnapshot }> {
    const { engine, services } = this.deps;
    const id = newJourneyId();
    const now = this.deps.now();
    const begun = engine.begin(this.firstInput(cimSessionPresent, now));
    let advanced = begun;
    if (events.length > 0) {
      const moved = await engine.advance(begun.snapshot, { now, userActive: true }, events, services);
      advanced = { ...moved, audits: [...begun.audits, ...moved.audits] };
    }
    if (!(await this.save(id, 1, advanced, 0))) throw new Error('a new journey id was already taken');
    // The first page was shown before the journey was kept: its page view is written now, then the step's.
    if (events.length > 0) {
      await this.writeAudits(begun.snapshot, [], null);
      await this.writeAudits(advanced.snapshot, advanced.audits, begun.snapshot);
    } else await this.writeAudits(advanced.snapshot, advanced.audits, null);
    return { journey: { id, rev: 1, snapshot: advanced.snapshot }, first: begun.snapshot };
  }

  /**
   * Moves a loaded journey on: the engine ticks the clock, then sends the events. `userActive` says the
   * person did something (a form post); a page view is not activity. Saved unless another request won
   * the race, or only the clock moved.
   */
  step(journey: LoadedJourney, events: JourneyEvent[], userActive = true): Promise<StepResult> {
    return this.turns.take(journey.id, async (waited) => {
      // The request ahead may have moved the journey on: its side effects (a single-use NHS.net Connect
      // code, say) must not be run again from the old snapshot, whose save would then win.
      if (waited && (await this.deps.store.load(journey.id))?.rev !== journey.rev)
        return { kind: 'conflict' };
      return this.stepNow(journey, events, userActive);
    });
  }

  /** A page view: the clock moves (without counting as activity); saved only if that changed the
   *  journey (it timed out). */
  look(journey: LoadedJourney): Promise<StepResult> {
    return this.stepNow(journey, [], false);
  }

  private firstInput(cimSessionPresent: boolean, now: number) {
    return { journeyNonce: randomBytes(16).toString('base64url'), now, cimSessionPresent };
  }

  async end(id: string): Promise<void> {
    this.recent.delete(id);
    await this.deps.store.delete(id);
  }

  private async stepNow(
    journey: LoadedJourney,
    events: JourneyEvent[],
    userActive: boolean,
  ): Promise<StepResult> {
    const { engine, services, now, store } = this.deps;
    const advanced = await engine.advance(journey.snapshot, { now: now(), userActive }, events, services);
    if (!advanced.changed) return { kind: 'unchanged', journey };
    const rev = journey.rev + 1;
    const { formerIdTag } = this.deps;
    // Saved under the old id, then moved: the record already says which id it leaves behind.
    const formerTags =
      advanced.rotateId && formerIdTag
        ? [...(journey.formerTags ?? []), formerIdTag(journey.id)].slice(-FORMER_TAGS_KEPT)
        : journey.formerTags;
    if (!(await this.save(journey.id, rev, advanced, journey.rev, formerTags))) return { kind: 'conflict' };
    await this.writeAudits(advanced.snapshot, advanced.audits, journey.snapshot);
    let id = journey.id;
    if (advanced.rotateId) {
      id = newJourneyId();
      await store.rename(journey.id, id);
      this.recent.delete(journey.id);
      this.remember(id, rev, advanced.snapshot);
    }
    const saved = { id, rev, snapshot: advanced.snapshot, ...(formerTags ? { formerTags } : {}) };
    return { kind: 'saved', journey: saved, previous: journey.snapshot };
  }

  private async save(
    id: string,
    rev: number,
    advanced: Advanced,
    expectedRev: number,
    formerTags?: string[],
  ) {
    const saved = await this.deps.store.save(
      id,
      {
        version: MACHINE_VERSION,
        rev,
        snapshot: advanced.persisted,
        ...(formerTags?.length ? { formerTags } : {}),
      },
      expectedRev,
      advanced.ttlSeconds,
    );
    // What was saved is the journey as it is now: it never needs restoring in this process.
    if (saved) this.remember(id, rev, advanced.snapshot);
    else this.recent.delete(id);
    return saved;
  }

  /** The machine's audit facts, and a page view when the page changed (for the funnel). */
  private async writeAudits(
    snapshot: JourneySnapshot,
    audits: AuditEmitted[],
    previous: JourneySnapshot | null,
  ) {
    const page = pageViewAudit(previous, snapshot);
    if (audits.length === 0 && !page) return;
    const ref = journeyRef(snapshot);
    const events = [
      ...audits.map(({ type: _type, ...e }) => ({ type: e.event, ...e })),
      ...(page ? [page] : []),
    ];
    // Sent together (one pipeline of XADDs, in order), each failure logged on its own.
    await Promise.all(
      events.map(async (event) => {
        try {
          await this.deps.audit.record({ ...event, journeyRef: ref });
        } catch (err) {
          this.deps.logger.error(
            { err: (err as Error).message, auditEvent: event.type },
            'audit write failed',
          );
        }
      }),
    );
  }
}

export function createJourneyRunner(deps: JourneyRunnerDeps): JourneyRunner {
  return new JourneyRunner(deps);
}
