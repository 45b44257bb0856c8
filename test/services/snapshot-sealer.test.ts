/**
 * Journey snapshots sealed at rest: AES-256-GCM under the first configured key, opened by any configured
 * key id, bound to the journey id, and refused when changed.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  COMPRESS_ABOVE_BYTES,
  createSnapshotSealer,
  SealedSnapshotError,
} from '../../src/services/journey-store/snapshot-sealer.js';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };
const TEXT = JSON.stringify({ context: { email: 'alex.morgan@nhs.net', niNumber: 'AB123456C' } });

describe('snapshot sealer', () => {
  it('seals with the first key, under a fresh IV each time, and opens what it sealed', () => {
    const sealer = createSnapshotSealer([k1, k2]);
    const a = sealer.seal('journey-1', TEXT);
    const b = sealer.seal('journey-1', TEXT);
    expect(a).toMatch(/^s1\.k1\./);
    expect(a).not.toBe(b);
    expect(sealer.open('journey-1', a)).toBe(TEXT);
    expect(a).not.toContain('alex');
  });

  it('is standard AES-256-GCM: an independent decipher with the key and the documented layout opens it', () => {
    const sealed = createSnapshotSealer([k1]).seal('journey-9', TEXT);
    const body = Buffer.from(sealed.split('.')[2] as string, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', k1.key, body.subarray(0, 12));
    decipher.setAAD(Buffer.from('aa-journey-snapshot.s1.k1.journey-9'));
    decipher.setAuthTag(body.subarray(body.length - 16));
    const plain = Buffer.concat([decipher.update(body.subarray(12, body.length - 16)), decipher.final()]);
    expect(plain.toString('utf8')).toBe(TEXT);
  });

  it('rotation: a new first key seals, the old one still opens what it sealed', () => {
    const before = createSnapshotSealer([k1]).seal('j', TEXT);
    const rotated = createSnapshotSealer([k2, k1]);
    expect(rotated.open('j', before)).toBe(TEXT);
    expect(rotated.seal('j', TEXT)).toMatch(/^s1\.k2\./);
  });

  it('a key id that is no longer configured reads as gone (null)', () => {
    const sealed = createSnapshotSealer([k1]).seal('j', TEXT);
    expect(createSnapshotSealer([k2]).open('j', sealed)).toBeNull();
  });

  it('refuses another journey id, a changed byte, a swapped key id and an unsealed value', () => {
    const sealer = createSnapshotSealer([k1, { id: 'k3', key: k1.key }]);
    const sealed = sealer.seal('journey-1', TEXT);
    expect(() => sealer.open('journey-2', sealed)).toThrow(SealedSnapshotError);
    const [format, kid, data] = sealed.split('.') as [string, string, string];
    const bytes = Buffer.from(data, 'base64url');
    bytes[20] = (bytes[20] ?? 0) ^ 1;
    expect(() => sealer.open('journey-1', `${format}.${kid}.${bytes.toString('base64url')}`)).toThrow(
      SealedSnapshotError,
    );
    // Same key under another id: the key id is authenticated too.
    expect(() => sealer.open('journey-1', `${format}.k3.${data}`)).toThrow(SealedSnapshotError);
    expect(() => sealer.open('journey-1', TEXT)).toThrow(/not sealed/);
    expect(() => sealer.open('journey-1', 's1.k1.AAAA')).toThrow(SealedSnapshotError);
  });

  /** A snapshot the size of one at passkey-register: the creation options repeat the profile's names. */
  const LARGE = JSON.stringify({
    context: {
      email: 'alex.morgan@nhs.net',
      passkey: {
        optionsJSON: JSON.stringify({
          rp: { name: 'NHS Care Identity', id: 'localhost' },
          user: { id: 'u'.repeat(43), name: 'alex.morgan@nhs.net', displayName: 'Alex Morgan' },
          challenge: 'c'.repeat(43),
          pubKeyCredParams: [-8, -7, -257].map((alg) => ({ alg, type: 'public-key' })),
          authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
        }),
      },
      added: Array.from({ length: 20 }, (_, i) => ({ method: 'app', authenticatorId: `authenticator-${i}` })),
    },
  });

  it('deflates a snapshot above the threshold before sealing it, so stored snapshots stay under 2 KB', () => {
    expect(Buffer.byteLength(LARGE)).toBeGreaterThan(COMPRESS_ABOVE_BYTES);
    const sealer = createSnapshotSealer([k1]);
    const sealed = sealer.seal('journey-1', LARGE);
    expect(sealed).toMatch(/^s2\.k1\./);
    expect(sealed.length).toBeLessThan(2048);
    expect(sealed.length).toBeLessThan(Buffer.byteLength(LARGE));
    expect(sealer.open('journey-1', sealed)).toBe(LARGE);
    // The documented layout: AES-256-GCM over raw DEFLATE, the format in the authenticated data.
    const body = Buffer.from(sealed.split('.')[2] as string, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', k1.key, body.subarray(0, 12));
    decipher.setAAD(Buffer.from('aa-journey-snapshot.s2.k1.journey-1'));
    decipher.setAuthTag(body.subarray(body.length - 16));
    const inner = Buffer.concat([decipher.update(body.subarray(12, body.length - 16)), decipher.final()]);
    expect(inflateRawSync(inner).toString('utf8')).toBe(LARGE);
    // A small snapshot is sealed as it is.
    expect(sealer.seal('journey-1', TEXT)).toMatch(/^s1\./);
  });

  it('refuses a deflated snapshot relabelled as plain (and the reverse): the format is authenticated', () => {
    const sealer = createSnapshotSealer([k1]);
    const [, kid, data] = sealer.seal('j', LARGE).split('.') as [string, string, string];
    expect(() => sealer.open('j', `s1.${kid}.${data}`)).toThrow(SealedSnapshotError);
    const [, kid2, data2] = sealer.seal('j', TEXT).split('.') as [string, string, string];
    expect(() => sealer.open('j', `s2.${kid2}.${data2}`)).toThrow(SealedSnapshotError);
    expect(() => sealer.open('j', `s3.${kid2}.${data2}`)).toThrow(/not sealed/);
  });

  it('refuses a deflated snapshot that would inflate past its bound, with a clear error', () => {
    // Only a key holder can make one; this is the guard against a bomb, should one ever be sealed.
    const bomb = deflateRawSync(Buffer.alloc(300 * 1024, 0x20));
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', k1.key, iv);
    cipher.setAAD(Buffer.from('aa-journey-snapshot.s2.k1.j'));
    const body = Buffer.concat([iv, cipher.update(bomb), cipher.final(), cipher.getAuthTag()]);
    expect(() => createSnapshotSealer([k1]).open('j', `s2.k1.${body.toString('base64url')}`)).toThrow(
      /does not inflate/,
    );
  });

  it('refuses keys that are not 32 bytes, and an empty key list', () => {
    expect(() => createSnapshotSealer([])).toThrow();
    expect(() => createSnapshotSealer([{ id: 'short', key: randomBytes(16) }])).toThrow(/32 bytes/);
  });
});
