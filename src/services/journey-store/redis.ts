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

// The journey unless it is still the one the caller has: rev ARGV[1], and a sealed snapshot that begins
// with ARGV[2] (format, key id and the random IV of that seal). Then only the rev.
const LOAD_UNLESS_SAME = `
local rev = redis.call('HGET', KEYS[1], 'rev')
if not rev then return nil end
if rev == ARGV[1] then
  local snapshot = redis.call('HGET', KEYS[1], 'snapshot')
  if snapshot and string.sub(snapshot, 1, #ARGV[2]) == ARGV[2] then return {rev} end
end
return redis.call('HMGET', KEYS[1], 'rev', 'version', 'snapshot', 'former')
`;

/** The start of a sealed snapshot that tells one seal from another: `s1.<kid>.` and the IV. */
const FINGERPRINT_CHARS = 64;

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

/** A journey as this process last saved or read it: its fields, the opened snapshot JSON, and the start
 *  of the sealed value it was stored as. */
interface Kept {
  rev: number;
  version: number;
  json: string;
  formerTags?: string[];
  fingerprint: string;
}

/** The journeys this process saved or read last, by id, least recently used first out. */
class RecentJourneys {
  private readonly entries = new Map<string, Kept>();

  constructor(private readonly size: number) {}

  get(id: string): Kept | undefined {
    return this.entries.get(id);
  }

  set(id: string, kept: Kept) {
    if (this.size === 0) return;
    this.entries.delete(id);
    this.entries.set(id, kept);
    if (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(id: string) {
    this.entries.delete(id);
  }
}

/** A fresh journey from what was kept; its snapshot is parsed when first read (a caller that knows this
 *  revision already never reads it). Each load gets its own copy. */
function fromKept(kept: Kept): StoredJourney {
  let snapshot: unknown;
  let parsed = false;
  const journey: StoredJourney = {
    rev: kept.rev,
    version: kept.version,
    get snapshot() {
      if (!parsed) {
        snapshot = JSON.parse(kept.json) as unknown;
        parsed = true;
      }
      return snapshot;
    },
    set snapshot(value) {
      snapshot = value;
      parsed = true;
    },
  };
  if (kept.formerTags) journey.formerTags = [...kept.formerTags];
  return journey;
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

/**
 * A journey this process saved or read is kept as it was then (sealed stores only: the seal's random
 * IV tells one stored value from another). A load still asks Redis, in one round trip, whether the
 * stored journey is that same one: if so (no other request or instance has saved it since, it has not
 * expired, nobody replaced its snapshot), the kept one is handed out without reading, opening and
 * checking the sealed snapshot again; if not, Redis sends the stored journey in the same answer.
 */
function keptJourneys(
  redis: RedisClient,
  keyOf: (journeyId: string) => string,
  decode: (journeyId: string, stored: string) => string | null,
  size: number,
) {
  const loadUnlessSame = defineScript(redis, 'aaJourneyLoadUnlessSame', 1, LOAD_UNLESS_SAME);
  const recent = new RecentJourneys(size);

  function fromFields(journeyId: string, fields: (string | null)[]): StoredJourney | null {
    const [rev, version, sealed, former] = fields;
    if (rev == null || version == null || sealed == null) return null;
    const json = decode(journeyId, sealed);
    if (json === null) return null;
    const kept: Kept = {
      rev: Number(rev),
      version: Number(version),
      json,
      fingerprint: sealed.slice(0, FINGERPRINT_CHARS),
    };
    if (former) kept.formerTags = JSON.parse(former) as string[];
    recent.set(journeyId, kept);
    const journey: StoredJourney = { rev: kept.rev, version: kept.version, snapshot: JSON.parse(json) };
    if (kept.formerTags) journey.formerTags = [...kept.formerTags];
    return journey;
  }

  return {
    async load(journeyId: string): Promise<StoredJourney | null> {
      const key = keyOf(journeyId);
      const kept = recent.get(journeyId);
      let fields: (string | null)[] | null;
      if (kept) {
        fields = (await loadUnlessSame([key], [kept.rev, kept.fingerprint])) as (string | null)[] | null;
        if (fields !== null && fields.length === 1 && Number(fields[0]) === kept.rev) {
          recent.set(journeyId, kept);
          return fromKept(kept);
        }
      } else {
        fields = await redis.hmget(key, 'rev', 'version', 'snapshot', 'former');
      }
      recent.delete(journeyId);
      return fields === null ? null : fromFields(journeyId, fields);
    },
    /** What a successful compare-and-set wrote. */
    saved(journeyId: string, journey: StoredJourney, json: string, sealed: string) {
      const kept: Kept = {
        rev: journey.rev,
        version: journey.version,
        json,
        fingerprint: sealed.slice(0, FINGERPRINT_CHARS),
      };
      if (journey.formerTags?.length) kept.formerTags = [...journey.formerTags];
      recent.set(journeyId, kept);
    },
    forget(journeyId: string) {
      recent.delete(journeyId);
    },
  };
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
  const kept = keptJourneys(redis, keyOf, decode, sealer ? (options.recentJourneys ?? RECENT_JOURNEYS) : 0);

  return {
    load: (journeyId) => kept.load(journeyId),

    async save(journeyId, journey, expectedRev, ttlSeconds) {
      checkSave(journey, expectedRev, ttlSeconds);
      const json = JSON.stringify(journey.snapshot ?? null);
      const snapshot = encode(journeyId, json);
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
      if (written === 1) kept.saved(journeyId, journey, json, snapshot);
      else kept.forget(journeyId);
      return written === 1;
    },

    async delete(journeyId) {
      kept.forget(journeyId);
      await redis.del(keyOf(journeyId));
    },

    // The two ids hash to different slots, so this is copy then delete rather than RENAME.
    async rename(fromId, toId) {
      if (fromId === toId) return;
      kept.forget(fromId);
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
