/**
 * Loads a journey, restores its actor, sends events, waits for busy states to settle, and saves it
 * with compare-and-set. The one place the HTTP layer touches the statechart's lifecycle.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { type Actor, createActor } from 'xstate';
import { pageViewAudit } from '../analytics/page-views.js';
import {
  type AuditEmitted,
  type JourneyEvent,
  type JourneyMachine,
  type JourneySnapshot,
  LIMITS,
  MACHINE_VERSION,
  restoreJourney,
} from '../machine/index.js';
import type { AuditLog, JourneyStore } from '../services/ports.js';

export class SettleTimeoutError extends Error {
  constructor() {
    super('the journey did not settle in time');
    this.name = 'SettleTimeoutError';
  }
}

export interface LoadedJourney {
  id: string;
  rev: number;
  snapshot: JourneySnapshot;
}

export type StepResult =
  | { kind: 'saved'; journey: LoadedJourney; previous: JourneySnapshot }
  /** Another request saved this journey first: nothing of this one was kept. */
  | { kind: 'conflict' };

export interface JourneyRunnerDeps {
  store: JourneyStore;
  machine: JourneyMachine;
  now: () => number;
  audit: AuditLog;
  logger: Logger;
  settleTimeoutMs?: number;
}

export const newJourneyId = () => randomBytes(16).toString('base64url');

export function createJourneyRunner(deps: JourneyRunnerDeps) {
  /** Steps of one journey take turns in this process (a double click, a reload while a request runs).
   *  Between instances the compare-and-set save still decides. */
  const turns = new Map<string, Promise<unknown>>();
  function takeTurn<T>(id: string, work: (waited: boolean) => Promise<T>): Promise<T> {
    const ahead = turns.get(id);
    const mine = (ahead ?? Promise.resolve()).then(() => work(ahead !== undefined));
    const tail = mine.catch(() => undefined);
    turns.set(id, tail);
    void tail.then(() => {
      if (turns.get(id) === tail) turns.delete(id);
    });
    return mine;
  }

  const settleTimeoutMs = deps.settleTimeoutMs ?? 25_000;

  const ttlSeconds = (snapshot: JourneySnapshot) => {
    const left = snapshot.context.startedAt + LIMITS.absoluteTimeoutMs - deps.now();
    return Math.max(60, Math.ceil(left / 1000));
  };

  function settle(actor: Actor<JourneyMachine>): Promise<void> {
    const current = actor.getSnapshot();
    if (current.status === 'error') return Promise.reject(current.error);
    if (!current.hasTag('busy')) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.unsubscribe();
        reject(new SettleTimeoutError());
      }, settleTimeoutMs);
      const sub = actor.subscribe({
        next: (s) => {
          if (s.status === 'error' || !s.hasTag('busy')) {
            clearTimeout(timer);
            sub.unsubscribe();
            if (s.status === 'error') reject(s.error);
            else resolve();
          }
        },
        error: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
    });
  }

  async function runActor(actor: Actor<JourneyMachine>, events: JourneyEvent[]) {
    const audits: AuditEmitted[] = [];
    actor.on('audit', (e) => audits.push(e));
    actor.start();
    try {
      await settle(actor);
      for (const event of events) {
        // The clock tick before the event may have ended the journey (a timeout): nothing is left to send to.
        if (actor.getSnapshot().status !== 'active') break;
        actor.send(event);
        await settle(actor);
      }
      return { snapshot: actor.getSnapshot(), persisted: actor.getPersistedSnapshot(), audits };
    } finally {
      actor.stop();
    }
  }

  /** A stable reference to a journey for the audit trail: never the cookie id, which is a secret. */
  async function writeAudits(
    snapshot: JourneySnapshot,
    audits: AuditEmitted[],
    previous: JourneySnapshot | null,
  ) {
    const journeyRef = createHash('sha256')
      .update(snapshot.context.journeyNonce)
      .digest('base64url')
      .slice(0, 12);
    const page = pageViewAudit(previous, snapshot);
    const events = [
      ...audits.map(({ type: _type, ...e }) => ({ type: e.event, ...e })),
      ...(page ? [page] : []),
    ];
    for (const event of events) {
      try {
        await deps.audit.record({ ...event, journeyRef });
      } catch (err) {
        deps.logger.error({ err: (err as Error).message, auditEvent: event.type }, 'audit write failed');
      }
    }
  }

  function restore(snapshot: unknown): JourneySnapshot | null {
    try {
      const actor = restoreJourney(deps.machine, snapshot);
      return actor.getSnapshot();
    } catch {
      return null;
    }
  }

  return {
    /** A journey that was never there, has expired, or cannot be read (older version) → null. */
    async load(id: string): Promise<LoadedJourney | null> {
      const stored = await deps.store.load(id);
      if (!stored || stored.version !== MACHINE_VERSION) return null;
      const snapshot = restore(stored.snapshot);
      return snapshot ? { id, rev: stored.rev, snapshot } : null;
    },

    async create(cimSessionPresent: boolean): Promise<LoadedJourney> {
      const id = newJourneyId();
      const actor = createActor(deps.machine, {
        input: { journeyNonce: randomBytes(16).toString('base64url'), now: deps.now(), cimSessionPresent },
      });
      const { snapshot, persisted } = await runActor(actor, []);
      const saved = await deps.store.save(
        id,
        { version: MACHINE_VERSION, rev: 1, snapshot: persisted },
        0,
        ttlSeconds(snapshot),
      );
      if (!saved) throw new Error('a new journey id was already taken');
      await writeAudits(snapshot, [], null);
      return { id, rev: 1, snapshot };
    },

    /** Sends events to a loaded journey and saves the result, unless another request won the race. */
    step(journey: LoadedJourney, events: JourneyEvent[]): Promise<StepResult> {
      return takeTurn(journey.id, async (waited) => {
        // The request ahead may have moved the journey on: its side effects (a single-use NHS.net Connect
        // code, say) must not be run again from the old snapshot, whose save would then win.
        if (waited && (await deps.store.load(journey.id))?.rev !== journey.rev) return { kind: 'conflict' };
        return stepNow(journey, events);
      });
    },

    async end(id: string) {
      await deps.store.delete(id);
    },
  };

  async function stepNow(journey: LoadedJourney, events: JourneyEvent[]): Promise<StepResult> {
    const actor = restoreJourney(deps.machine, journey.snapshot);
    const { snapshot, persisted, audits } = await runActor(actor, events);
    const rev = journey.rev + 1;
    const saved = await deps.store.save(
      journey.id,
      { version: MACHINE_VERSION, rev, snapshot: persisted },
      journey.rev,
      ttlSeconds(snapshot),
    );
    if (!saved) return { kind: 'conflict' };
    await writeAudits(snapshot, audits, journey.snapshot);
    let id = journey.id;
    // A new journey id once the email is proven (session fixation).
    if (!journey.snapshot.context.emailProven && snapshot.context.emailProven) {
      id = newJourneyId();
      await deps.store.rename(journey.id, id);
    }
    return { kind: 'saved', journey: { id, rev, snapshot }, previous: journey.snapshot };
  }
}

export type JourneyRunner = ReturnType<typeof createJourneyRunner>;
