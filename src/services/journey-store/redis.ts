import type { JourneyStore, StoredJourney } from '../ports.js';
import { defineScript, type RedisClient } from './redis-script.js';
import type { SnapshotSealer } from './snapshot-sealer.js';
import { checkSave } from './validate.js';

/**
 * A journey is one hash: `rev`, `version`, `snapshot` (JSON), and `former` (JSON) once it has moved. The journey id is the hash tag, so every
 * journey lives in its own Redis Cluster slot and the scripts below each touch a single key.
 */

// Compare-and-set on rev; a missing key counts as rev 0. TTL is set on every write.
const SAVE = `
local current = redis.call('HGET', KEYS[1], 'rev')
local currentRev = 0
if current then currentRev = tonumber(current) end
if currentRev ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'rev', ARGV[2], 'version', ARGV[3], 'snapshot', ARGV[4])
if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'former', ARGV[6]) else redis.call('HDEL', KEYS[1], 'former') end
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 1
`;

// Writes the copied journey under the new id with the remaining lifetime of the old one.
const PUT_COPY = `
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'rev', ARGV[1], 'version', ARGV[2], 'snapshot', ARGV[3])
if ARGV[5] ~= '' then redis.call('HSET', KEYS[1], 'former', ARGV[5]) end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`;

// Deletes the old id only if nobody wrote to it since it was copied.
const DELETE_IF_REV = `
local current = redis.call('HGET', KEYS[1], 'rev')
if not current then return 1 end
if current ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`;

// The journey unless its rev is ARGV[1]: then only the rev (the caller has that revision already).
const LOAD_UNLESS_REV = `
local rev = redis.call('HGET', KEYS[1], 'rev')
if not rev then return nil end
if rev == ARGV[1] then return {rev} end
return redis.call('HMGET', KEYS[1], 'rev', 'version', 'snapshot', 'former')
`;

/** How many journeys each process keeps as it last saved or read them (see `recent` below). */
const RECENT_JOURNEYS = 1024;

export interface RedisJourneyStoreOptions {
  /** Key prefix; keys are `<prefix>{<journeyId>}`. */
  prefix?: string;
  /** Seals each snapshot before it is written (personal data at rest); without it, plain JSON. */
  sealer?: SnapshotSealer;
  /** Journeys kept in this process as last saved or read (0: none, every load opens the stored one). */
  recentJourneys?: number;
}

/** The journeys this process saved or read last, by id, least recently used first out. */
class RecentJourneys {
  private readonly entries = new Map<string, StoredJourney>();

  constructor(private readonly size: number) {}

  get(id: string): StoredJourney | undefined {
    return this.entries.get(id);
  }

  set(id: string, journey: StoredJourney) {
    if (this.size === 0) return;
    this.entries.delete(id);
    this.entries.set(id, journey);
    if (this.entries.size > this.size) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(id: string) {
    this.entries.delete(id);
  }
}

interface RawJourney {
  rev: string;
  version: string;
  snapshot: string;
  former: string | null;
}

/** A journey's fields and remaining lifetime, in one round trip; null when it is not there. */
async function readJourneyKey(
  redis: RedisClient,
  key: string,
): Promise<{ raw: RawJourney; pttl: number } | null> {
  const result = await redis.multi().hmget(key, 'rev', 'version', 'snapshot', 'former').pttl(key).exec();
  if (result === null) throw new Error('Redis transaction for a journey read was aborted');
  const [fieldsReply, pttlReply] = result;
  if (fieldsReply === undefined || pttlReply === undefined) throw new Error('incomplete Redis reply');
  if (fieldsReply[0]) throw fieldsReply[0];
  if (pttlReply[0]) throw pttlReply[0];
  const [rev, version, snapshot, former] = fieldsReply[1] as (string | null)[];
  const pttl = pttlReply[1] as number;
  if (rev == null || version == null || snapshot == null) return null;
  return { raw: { rev, version, snapshot, former: former ?? null }, pttl };
}

export function createRedisJourneyStore(
  redis: RedisClient,
  options: RedisJourneyStoreOptions = {},
): JourneyStore {
  const prefix = options.prefix ?? 'aa:journey:';
  const keyOf = (journeyId: string) => `${prefix}{${journeyId}}`;
  const save = defineScript(redis, 'aaJourneySave', 1, SAVE);
  const putCopy = defineScript(redis, 'aaJourneyPutCopy', 1, PUT_COPY);
  const deleteIfRev = defineScript(redis, 'aaJourneyDeleteIfRev', 1, DELETE_IF_REV);
  const sealer = options.sealer ?? null;
  const encode = (journeyId: string, json: string) => (sealer ? sealer.seal(journeyId, json) : json);
  // null: sealed under a key that has been retired, so the journey cannot be read any more.
  const decode = (journeyId: string, stored: string) => (sealer ? sealer.open(journeyId, stored) : stored);

  const readRaw = (key: string) => readJourneyKey(redis, key);
  const loadUnlessRev = defineScript(redis, 'aaJourneyLoadUnlessRev', 1, LOAD_UNLESS_REV);
  /**
   * A journey this process saved or read is kept as it was then. A load still asks Redis, in one round
   * trip, whether the journey is at that revision: if so (no other request or instance has saved it
   * since, and it has not expired), the kept one is returned without opening and parsing the stored
   * snapshot again; if not, Redis sends the stored journey in the same answer. Callers never change a
   * loaded journey, so the same object can be handed out again.
   */
  const recent = new RecentJourneys(options.recentJourneys ?? RECENT_JOURNEYS);

  function fromFields(journeyId: string, fields: (string | null)[]): StoredJourney | null {
    const [rev, version, snapshot, former] = fields;
    if (rev == null || version == null || snapshot == null) return null;
    const json = decode(journeyId, snapshot);
    if (json === null) return null;
    const journey: StoredJourney = {
      rev: Number(rev),
      version: Number(version),
      snapshot: JSON.parse(json) as unknown,
    };
    if (former) journey.formerTags = JSON.parse(former) as string[];
    return journey;
  }

  return {
    async load(journeyId) {
      const key = keyOf(journeyId);
      const kept = recent.get(journeyId);
      let journey: StoredJourney | null;
      if (kept) {
        const reply = (await loadUnlessRev([key], [kept.rev])) as (string | null)[] | null;
        if (reply !== null && reply.length === 1 && Number(reply[0]) === kept.rev) return kept;
        journey = reply === null ? null : fromFields(journeyId, reply);
      } else {
        journey = fromFields(journeyId, await redis.hmget(key, 'rev', 'version', 'snapshot', 'former'));
      }
      if (journey) recent.set(journeyId, journey);
      else recent.delete(journeyId);
      return journey;
    },

    async save(journeyId, journey, expectedRev, ttlSeconds) {
      checkSave(journey, expectedRev, ttlSeconds);
      const snapshot = encode(journeyId, JSON.stringify(journey.snapshot ?? null));
      const written = await save(
        [keyOf(journeyId)],
        [
          expectedRev,
          journey.rev,
          journey.version,
          snapshot,
          ttlSeconds,
          journey.formerTags?.length ? JSON.stringify(journey.formerTags) : '',
        ],
      );
      if (written === 1) recent.set(journeyId, { ...journey });
      else recent.delete(journeyId);
      return written === 1;
    },

    async delete(journeyId) {
      recent.delete(journeyId);
      await redis.del(keyOf(journeyId));
    },

    // The two ids hash to different slots, so this is copy then delete rather than RENAME.
    async rename(fromId, toId) {
      if (fromId === toId) return;
      recent.delete(fromId);
      const from = keyOf(fromId);
      for (let attempt = 0; attempt < 5; attempt++) {
        const found = await readRaw(from);
        // Gone (expired, or moved by an earlier try of this same rename): nothing left to move.
        if (found === null) return;
        const { raw, pttl } = found;
        const lifetime = pttl > 0 ? pttl : 1;
        // Sealed under the old id, so it is opened and sealed again under the new one.
        const json = decode(fromId, raw.snapshot);
        if (json === null) return;
        await putCopy([keyOf(toId)], [raw.rev, raw.version, encode(toId, json), lifetime, raw.former ?? '']);
        if ((await deleteIfRev([from], [raw.rev])) === 1) return;
      }
      throw new Error('journey kept changing while it was being renamed');
    },

    async ping() {
      await redis.ping();
    },
  };
}
