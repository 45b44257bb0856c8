import type { JourneyStore, StoredJourney } from '../ports.js';
import type { SnapshotSealer } from './snapshot-sealer.js';
import { checkSave } from './validate.js';

interface Entry {
  /** JSON text, so a stored journey behaves like the Redis one: no shared references, JSON-only data. */
  body: string;
  rev: number;
  expiresAt: number;
}

export interface MemoryJourneyStoreOptions {
  now?: () => number;
  /** Seals each snapshot as the Redis store does; without it, plain JSON. */
  sealer?: SnapshotSealer;
}

type Body = StoredJourney;

/** In-process journey store for development and tests; same contract as the Redis store. */
export function createMemoryJourneyStore(options: MemoryJourneyStoreOptions = {}): JourneyStore {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const sealer = options.sealer ?? null;

  const encode = (journeyId: string, journey: Body) => {
    const body = JSON.stringify({
      version: journey.version,
      rev: journey.rev,
      snapshot: journey.snapshot ?? null,
      ...(journey.formerTags?.length ? { formerTags: journey.formerTags } : {}),
    });
    return sealer ? sealer.seal(journeyId, body) : body;
  };
  const decode = (journeyId: string, entry: Entry) => {
    const body = sealer ? sealer.open(journeyId, entry.body) : entry.body;
    return body === null ? null : (JSON.parse(body) as StoredJourney);
  };

  const live = (journeyId: string): Entry | null => {
    const entry = entries.get(journeyId);
    if (entry === undefined) return null;
    if (entry.expiresAt <= now()) {
      entries.delete(journeyId);
      return null;
    }
    return entry;
  };

  return {
    async load(journeyId) {
      const entry = live(journeyId);
      return entry === null ? null : decode(journeyId, entry);
    },

    async save(journeyId, journey, expectedRev, ttlSeconds) {
      checkSave(journey, expectedRev, ttlSeconds);
      const current = live(journeyId);
      const currentRev = current === null ? 0 : current.rev;
      if (currentRev !== expectedRev) return false;
      const body = encode(journeyId, journey);
      entries.set(journeyId, { body, rev: journey.rev, expiresAt: now() + ttlSeconds * 1000 });
      return true;
    },

    async delete(journeyId) {
      entries.delete(journeyId);
    },

    async rename(fromId, toId) {
      if (fromId === toId) return;
      const entry = live(fromId);
      // A source that is gone (expired, or already moved by a retry) leaves nothing to move.
      if (entry === null) return;
      const journey = decode(fromId, entry);
      if (journey === null) return;
      entries.set(toId, { ...entry, body: encode(toId, journey) });
      entries.delete(fromId);
    },

    async ping() {},
  };
}
