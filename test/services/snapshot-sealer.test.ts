/**
 * Journey snapshots sealed at rest: AES-256-GCM under the first configured key, opened by any configured
 * key id, bound to the journey id, and refused when changed.
 */
import { createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
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

  it('refuses keys that are not 32 bytes, and an empty key list', () => {
    expect(() => createSnapshotSealer([])).toThrow();
    expect(() => createSnapshotSealer([{ id: 'short', key: randomBytes(16) }])).toThrow(/32 bytes/);
  });
});
