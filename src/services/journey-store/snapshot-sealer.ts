/**
 * Journey snapshots at rest: the whole serialised snapshot (email, NI number, OIDC state, nonce and PKCE
 * verifier, passkey options, client IP) is sealed with AES-256-GCM before it reaches the store. The key
 * id travels with the ciphertext so keys can be rotated; the journey id is authenticated with it, so a
 * snapshot copied under another journey's key in Redis does not open.
 *
 * A snapshot whose plaintext passes COMPRESS_ABOVE_BYTES (the passkey ceremony's options, the app's
 * sealed secret) is deflated before it is sealed, so every stored snapshot stays under 2 KB (SPEC's
 * journey store budget). The ciphertext lives only in the store, never in a response, so its length
 * tells an attacker nothing they could steer (no CRIME-style oracle).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { RandomPool } from '../random-pool.js';

export interface SealingKey {
  id: string;
  key: Buffer;
}

export interface SnapshotSealer {
  /** `s1.<kid>.<base64url(iv ‖ ciphertext ‖ tag)>` under the first key; `s2.…` when the plaintext was
   *  deflated first (raw DEFLATE). */
  seal(journeyId: string, plaintext: string): string;
  /** The plaintext; null when it was sealed under a key no longer configured (a retired key).
   *  Throws when the value is not sealed, or does not authenticate (tampered, or another journey's). */
  open(journeyId: string, sealed: string): string | null;
}

const PLAIN = 's1';
const DEFLATED = 's2';
/** Above this many bytes of JSON, deflating pays: the sealed form would pass about 1.9 KB. */
export const COMPRESS_ABOVE_BYTES = 1400;
/** No snapshot we seal inflates beyond this; a larger one is refused rather than allocated. */
const MAX_PLAINTEXT_BYTES = 256 * 1024;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SealedSnapshotError extends Error {
  override name = 'SealedSnapshotError';
}

const aad = (format: string, kid: string, journeyId: string) =>
  Buffer.from(`aa-journey-snapshot.${format}.${kid}.${journeyId}`);

export function createSnapshotSealer(keys: readonly SealingKey[]): SnapshotSealer {
  const [current] = keys;
  if (!current) throw new Error('a snapshot sealer needs at least one key');
  for (const k of keys) {
    if (k.key.length !== 32) throw new Error(`journey data key ${k.id} must be 32 bytes`);
    if (!/^[A-Za-z0-9_-]+$/.test(k.id)) throw new Error('a journey data key id has letters, digits, - or _');
  }
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  // A fresh random IV for every seal (96 bits, from the CSPRNG), taken from a pooled block.
  const ivs = new RandomPool();

  return {
    seal(journeyId, plaintext) {
      const raw = Buffer.from(plaintext, 'utf8');
      const deflate = raw.length > COMPRESS_ABOVE_BYTES;
      const format = deflate ? DEFLATED : PLAIN;
      const iv = ivs.take(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      cipher.setAAD(aad(format, current.id, journeyId));
      const inner = deflate ? deflateRawSync(raw) : raw;
      const body = Buffer.concat([iv, cipher.update(inner), cipher.final(), cipher.getAuthTag()]);
      return `${format}.${current.id}.${body.toString('base64url')}`;
    },

    open(journeyId, sealed) {
      const [format, kid, data, extra] = sealed.split('.');
      if ((format !== PLAIN && format !== DEFLATED) || !kid || data === undefined || extra !== undefined)
        throw new SealedSnapshotError('the stored journey snapshot is not sealed');
      const key = byId.get(kid);
      if (!key) return null;
      const body = Buffer.from(data, 'base64url');
      if (body.length < IV_BYTES + TAG_BYTES)
        throw new SealedSnapshotError('the sealed snapshot is truncated');
      let inner: Buffer;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, IV_BYTES));
        decipher.setAAD(aad(format, kid, journeyId));
        decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
        inner = Buffer.concat([
          decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)),
          decipher.final(),
        ]);
      } catch {
        throw new SealedSnapshotError('the sealed snapshot does not authenticate');
      }
      if (format === PLAIN) return inner.toString('utf8');
      try {
        return inflateRawSync(inner, { maxOutputLength: MAX_PLAINTEXT_BYTES }).toString('utf8');
      } catch {
        throw new SealedSnapshotError('the sealed snapshot does not inflate');
      }
    },
  };
}
