/**
 * JOURNEY_DATA_KEY: `kid:base64key,kid:base64key,...`. The first key seals new journey snapshots; every
 * key opens them, so a key can be rotated in (put first) while journeys sealed under the old one finish.
 */
import { randomBytes } from 'node:crypto';
import { keyWeaknesses } from './secret-strength.js';

export interface JourneyDataKey {
  /** Key id, stored beside each sealed snapshot. */
  id: string;
  /** 32 bytes: an AES-256-GCM key. */
  key: Buffer;
}

const KID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** A fresh key for one development run. */
export function developmentJourneyDataKeys(): JourneyDataKey[] {
  // A key id of its own, so a journey left in Redis by an earlier run reads as gone, not as tampered with.
  return [{ id: `dev-${randomBytes(4).toString('hex')}`, key: randomBytes(32) }];
}

/** Parses the list; problems name the setting and the key id, never the key. */
export function parseJourneyDataKeys(
  value: string,
  opts: { production: boolean },
): { keys: JourneyDataKey[]; problems: string[] } {
  const name = 'JOURNEY_DATA_KEY';
  const keys: JourneyDataKey[] = [];
  const problems: string[] = [];
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) problems.push(`${name}: give at least one key as kid:base64key`);
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    const id = colon < 0 ? '' : entry.slice(0, colon);
    const encoded = colon < 0 ? entry : entry.slice(colon + 1);
    const where = id && KID.test(id) ? `key "${id}"` : `key ${index + 1}`;
    if (!KID.test(id)) {
      problems.push(
        `${name}: ${where} needs an id of letters, digits, - or _ before a colon (kid:base64key)`,
      );
      return;
    }
    if (keys.some((k) => k.id === id)) {
      problems.push(`${name}: key id "${id}" is used twice`);
      return;
    }
    const key = Buffer.from(encoded, encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64');
    if (!BASE64.test(encoded) || key.length !== 32) {
      problems.push(`${name}: ${where} must be 32 bytes, base64`);
      return;
    }
    if (opts.production) {
      const weak = keyWeaknesses(key, encoded);
      if (weak.length) problems.push(`${name}: ${where} is too weak for production (${weak.join(', ')})`);
    }
    keys.push({ id, key });
  });
  return { keys, problems };
}
