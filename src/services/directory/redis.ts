import { randomUUID } from 'node:crypto';
import { defineScript, type RedisClient } from '../journey-store/redis-script.js';
import type { AddAuthenticatorOutcome, AuthenticatorRecord, Profile, ProfileDirectory } from '../ports.js';
import { completeAuthenticator, validateProfiles } from './profile-schema.js';
import {
  IDEMPOTENCY_TTL_SECONDS,
  nhsnetLinkKey,
  normaliseEmail,
  normaliseNiNumber,
  summarise,
} from './rules.js';

/**
 * Every key shares the hash tag `{dir}`, so on Redis Cluster they all live in one slot and a Lua script
 * or a MULTI can touch any of them together.
 *   profile:<id>   hash: core (JSON without authenticators), status, nhsnet (link key when linked)
 *   auths:<id>     list of authenticator JSON, oldest first
 *   email:<email>  profile id, by lower-cased email
 *   nhsnet:<link>  profile id, by NHS.net Connect account (tid:oid, else issuer + sub)
 *   passkey:<cred> profile id, by credential id
 *   idem:<profile id>:<key>  the outcome of an addAuthenticator call, kept 24 hours
 *   keys           set of every key above except idem:*, so an import can clear the lot
 */

const ADD_AUTHENTICATOR = `
local seen = redis.call('GET', KEYS[1])
if seen then return seen end
local kind = ARGV[1]
local outcome
if redis.call('HGET', KEYS[2], 'status') ~= 'active' then
  outcome = '{"outcome":"profileNotUsable"}'
elseif kind ~= 'app' then
  local owner = redis.call('GET', KEYS[4])
  if owner and owner ~= ARGV[3] then
    outcome = '{"outcome":"linkedElsewhere"}'
  elseif owner or (kind == 'nhsnet' and redis.call('HEXISTS', KEYS[2], 'nhsnet') == 1) then
    outcome = '{"outcome":"alreadyOnProfile"}'
  end
end
if not outcome then
  redis.call('RPUSH', KEYS[3], ARGV[2])
  if kind ~= 'app' then
    redis.call('SET', KEYS[4], ARGV[3])
    redis.call('SADD', KEYS[5], KEYS[4])
  end
  if kind == 'nhsnet' then redis.call('HSET', KEYS[2], 'nhsnet', KEYS[4]) end
  outcome = ARGV[4]
end
redis.call('SET', KEYS[1], outcome, 'EX', ARGV[5])
return outcome
`;

// Runs inside the import MULTI. It deletes the keys listed in the registry set; they are not declared
// as KEYS, which Redis Cluster allows because they share the registry's slot.
const CLEAR_DIRECTORY = `
local keys = redis.call('SMEMBERS', KEYS[1])
for i = 1, #keys, 500 do
  redis.call('DEL', unpack(keys, i, math.min(i + 499, #keys)))
end
redis.call('DEL', KEYS[1])
return #keys
`;

export interface RedisProfileDirectoryOptions {
  /** Prefix before the `{dir}` hash tag; keys are `<prefix>{dir}:...`. */
  prefix?: string;
  now?: () => number;
}

type Core = Omit<Profile, 'authenticators'>;

/** The directory's keys: every one carries the `{dir}` hash tag, so the scripts work on a cluster. */
function directoryKeys(prefix: string) {
  const base = `${prefix}{dir}:`;
  return {
    profile: (id: string) => `${base}profile:${id}`,
    auths: (id: string) => `${base}auths:${id}`,
    email: (email: string) => `${base}email:${normaliseEmail(email)}`,
    nhsnet: (link: string) => `${base}nhsnet:${link}`,
    passkey: (credentialId: string) => `${base}passkey:${credentialId}`,
    idem: (profileId: string, key: string) => `${base}idem:${profileId}:${key}`,
    registry: `${base}keys`,
    unused: `${base}unused`,
  };
}
type Keys = ReturnType<typeof directoryKeys>;

/** The link key that makes an authenticator unique across profiles, if it has one. */
function linkKeyOf(keys: Keys, authenticator: AuthenticatorRecord): string | null {
  if (authenticator.type === 'nhsnet') return keys.nhsnet(nhsnetLinkKey(authenticator));
  if (authenticator.type === 'passkey') return keys.passkey(authenticator.credentialId);
  return null;
}

/** One transaction replacing the directory with these (already validated) profiles. */
function importTransaction(redis: RedisClient, keys: Keys, valid: Profile[]) {
  const transaction = redis.multi().eval(CLEAR_DIRECTORY, 1, keys.registry);
  for (const profile of valid) {
    const { authenticators, ...core } = profile;
    const owned = [keys.profile(profile.id), keys.auths(profile.id)];
    const nhsnet = authenticators.find((a) => a.type === 'nhsnet');
    const fields: Record<string, string> = { core: JSON.stringify(core), status: profile.status };
    if (nhsnet !== undefined) fields.nhsnet = keys.nhsnet(nhsnetLinkKey(nhsnet));
    transaction.hset(keys.profile(profile.id), fields);
    if (authenticators.length > 0) {
      transaction.rpush(keys.auths(profile.id), ...authenticators.map((a) => JSON.stringify(a)));
    }
    for (const email of profile.emails) {
      transaction.set(keys.email(email), profile.id);
      owned.push(keys.email(email));
    }
    for (const authenticator of authenticators) {
      const link = linkKeyOf(keys, authenticator);
      if (link === null) continue;
      transaction.set(link, profile.id);
      owned.push(link);
    }
    transaction.sadd(keys.registry, ...owned);
  }
  return transaction;
}

export function createRedisProfileDirectory(
  redis: RedisClient,
  options: RedisProfileDirectoryOptions = {},
): ProfileDirectory {
  const now = options.now ?? Date.now;
  const keys = directoryKeys(options.prefix ?? 'aa:');
  const addAuthenticatorScript = defineScript(redis, 'aaDirectoryAddAuthenticator', 5, ADD_AUTHENTICATOR);

  const load = async (profileId: string): Promise<Profile | null> => {
    const replies = await redis
      .multi()
      .hget(keys.profile(profileId), 'core')
      .lrange(keys.auths(profileId), 0, -1)
      .exec();
    if (replies === null) throw new Error('Redis transaction for a profile read was aborted');
    const [coreReply, authsReply] = replies;
    if (coreReply === undefined || authsReply === undefined) throw new Error('incomplete Redis reply');
    if (coreReply[0]) throw coreReply[0];
    if (authsReply[0]) throw authsReply[0];
    const core = coreReply[1] as string | null;
    if (core === null) return null;
    const authenticators = (authsReply[1] as string[]).map((json) => JSON.parse(json) as AuthenticatorRecord);
    return { ...(JSON.parse(core) as Core), authenticators };
  };

  return {
    async findByEmailAndNiNumber(email, niNumber) {
      const profileId = await redis.get(keys.email(email));
      if (profileId === null) return null;
      const profile = await load(profileId);
      if (profile === null || profile.niNumber === null) return null;
      return profile.niNumber === normaliseNiNumber(niNumber) ? summarise(profile) : null;
    },

    get: load,

    async addAuthenticator(profileId, authenticator, idempotencyKey) {
      const record = completeAuthenticator(authenticator, randomUUID(), new Date(now()).toISOString());
      const linkKey = linkKeyOf(keys, record) ?? keys.unused;
      const added: AddAuthenticatorOutcome = { outcome: 'added', authenticatorId: record.id };
      const reply = await addAuthenticatorScript(
        [
          keys.idem(profileId, idempotencyKey),
          keys.profile(profileId),
          keys.auths(profileId),
          linkKey,
          keys.registry,
        ],
        [record.type, JSON.stringify(record), profileId, JSON.stringify(added), IDEMPOTENCY_TTL_SECONDS],
      );
      return JSON.parse(String(reply)) as AddAuthenticatorOutcome;
    },

    async importProfiles(profiles) {
      const valid = validateProfiles(profiles);
      const transaction = importTransaction(redis, keys, valid);
      const replies = await transaction.exec();
      if (replies === null) throw new Error('the profile import transaction was aborted');
      const failed = replies.find(([error]) => error !== null);
      if (failed) throw failed[0];
      return { imported: valid.length };
    },

    async ping() {
      await redis.ping();
    },
  };
}
