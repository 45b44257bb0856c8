import { randomUUID } from 'node:crypto';
import type { AddAuthenticatorOutcome, Profile, ProfileDirectory } from '../ports.js';
import { completeAuthenticator, validateProfiles } from './profile-schema.js';
import * as rules from './rules.js';

export interface MemoryProfileDirectoryOptions {
  /** Initial content, validated like an import. */
  profiles?: Profile[];
  now?: () => number;
}

interface Content {
  profiles: Map<string, Profile>;
  byEmail: Map<string, string>;
  byNhsnetLink: Map<string, string>;
  byPasskey: Map<string, string>;
}

function index(profiles: Profile[]): Content {
  const content: Content = {
    profiles: new Map(),
    byEmail: new Map(),
    byNhsnetLink: new Map(),
    byPasskey: new Map(),
  };
  for (const profile of profiles) {
    content.profiles.set(profile.id, structuredClone(profile));
    for (const email of profile.emails) content.byEmail.set(rules.normaliseEmail(email), profile.id);
    for (const authenticator of profile.authenticators) {
      if (authenticator.type === 'nhsnet')
        content.byNhsnetLink.set(rules.nhsnetLinkKey(authenticator), profile.id);
      if (authenticator.type === 'passkey') content.byPasskey.set(authenticator.credentialId, profile.id);
    }
  }
  return content;
}

/**
 * In-process directory for development and tests; same contract as the Redis directory. Every method
 * does its work without awaiting in between, which makes each one atomic on the event loop.
 */
export function createMemoryProfileDirectory(options: MemoryProfileDirectoryOptions = {}): ProfileDirectory {
  const now = options.now ?? Date.now;
  let content = index(validateProfiles(options.profiles ?? []));
  const outcomes = new Map<string, { outcome: AddAuthenticatorOutcome; expiresAt: number }>();

  const forgetExpired = () => {
    if (outcomes.size < 10_000) return;
    for (const [key, entry] of outcomes) if (entry.expiresAt <= now()) outcomes.delete(key);
  };

  // Null means the authenticator can be added.
  const decide = (
    profile: Profile | undefined,
    linkOwner: string | undefined,
    type: string,
  ): AddAuthenticatorOutcome | null => {
    if (profile === undefined || profile.status !== 'active') return { outcome: 'profileNotUsable' };
    if (type === 'nhsnet') {
      if (linkOwner !== undefined && linkOwner !== profile.id) return { outcome: 'linkedElsewhere' };
      if (linkOwner !== undefined || profile.authenticators.some((a) => a.type === 'nhsnet')) {
        return { outcome: 'alreadyOnProfile' };
      }
    }
    if (type === 'passkey' && linkOwner !== undefined) {
      return linkOwner === profile.id ? { outcome: 'alreadyOnProfile' } : { outcome: 'linkedElsewhere' };
    }
    return null;
  };

  return {
    async findByEmailAndNiNumber(email, niNumber) {
      const profileId = content.byEmail.get(rules.normaliseEmail(email));
      const profile = profileId === undefined ? undefined : content.profiles.get(profileId);
      if (profile === undefined || profile.niNumber === null) return null;
      return profile.niNumber === rules.normaliseNiNumber(niNumber) ? rules.summarise(profile) : null;
    },

    async get(profileId) {
      const profile = content.profiles.get(profileId);
      return profile === undefined ? null : structuredClone(profile);
    },

    async addAuthenticator(profileId, authenticator, idempotencyKey) {
      const record = completeAuthenticator(authenticator, randomUUID(), new Date(now()).toISOString());
      const outcomeKey = `${profileId}:${idempotencyKey}`;
      const seen = outcomes.get(outcomeKey);
      if (seen !== undefined && seen.expiresAt > now()) return { ...seen.outcome };

      const profile = content.profiles.get(profileId);
      const linkKey =
        record.type === 'nhsnet'
          ? rules.nhsnetLinkKey(record)
          : record.type === 'passkey'
            ? record.credentialId
            : null;
      const links = record.type === 'nhsnet' ? content.byNhsnetLink : content.byPasskey;
      const linkOwner = linkKey === null ? undefined : links.get(linkKey);
      let outcome = decide(profile, linkOwner, record.type);
      if (outcome === null) {
        profile!.authenticators.push(record);
        if (linkKey !== null) links.set(linkKey, profileId);
        outcome = { outcome: 'added', authenticatorId: record.id };
      }
      forgetExpired();
      outcomes.set(outcomeKey, { outcome, expiresAt: now() + rules.IDEMPOTENCY_TTL_SECONDS * 1000 });
      return { ...outcome };
    },

    async importProfiles(profiles) {
      const valid = validateProfiles(profiles);
      content = index(valid);
      return { imported: valid.length };
    },

    async ping() {},
  };
}
