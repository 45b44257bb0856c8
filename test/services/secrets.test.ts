import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretBoxError } from '../../src/services/secrets/secret-box.js';

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');

function flipFirstChar(part: string): string {
  const replacement = part[0] === 'A' ? 'B' : 'A';
  return replacement + part.slice(1);
}

describe('createSecretBox', () => {
  it('round-trips text, including non-ASCII', () => {
    const box = createSecretBox(keyA);
    for (const plain of ['JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', '', 'café ☕ 𝄞']) {
      expect(box.open(box.seal(plain))).toBe(plain);
    }
  });

  it('writes the v1 envelope with a 12-byte IV and a 16-byte tag', () => {
    const sealed = createSecretBox(keyA).seal('secret');
    const parts = sealed.split('.');
    expect(parts).toHaveLength(4);
    expect(parts[0]).toBe('v1');
    expect(Buffer.from(parts[1] ?? '', 'base64url')).toHaveLength(12);
    expect(Buffer.from(parts[3] ?? '', 'base64url')).toHaveLength(16);
    expect(sealed).not.toContain('secret');
  });

  it('seals the same text differently each time', () => {
    const box = createSecretBox(keyA);
    const first = box.seal('same text');
    const second = box.seal('same text');
    expect(first).not.toBe(second);
    expect(first.split('.')[1]).not.toBe(second.split('.')[1]);
  });

  it('detects tampering with the IV, the ciphertext or the tag', () => {
    const box = createSecretBox(keyA);
    const parts = box.seal('a secret worth protecting').split('.');
    for (const index of [1, 2, 3]) {
      const tampered = [...parts];
      tampered[index] = flipFirstChar(tampered[index] ?? '');
      expect(() => box.open(tampered.join('.'))).toThrow(SecretBoxError);
    }
  });

  it('rejects malformed envelopes and other versions', () => {
    const box = createSecretBox(keyA);
    const [, iv, ciphertext, tag] = box.seal('x').split('.');
    for (const bad of [
      '',
      'v1',
      `v2.${iv}.${ciphertext}.${tag}`,
      `v1.${iv}.${ciphertext}`,
      `v1.${iv}.${ciphertext}.${tag}.x`,
    ]) {
      expect(() => box.open(bad)).toThrow(SecretBoxError);
    }
  });

  it('fails to open a value sealed under another key', () => {
    const sealed = createSecretBox(keyA).seal('secret');
    expect(() => createSecretBox(keyB).open(sealed)).toThrow(SecretBoxError);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => createSecretBox(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
    expect(() => createSecretBox(randomBytes(33).toString('base64'))).toThrow(/32 bytes/);
    expect(() => createSecretBox('not base64 at all!')).toThrow(/32 bytes/);
    expect(() => createSecretBox('')).toThrow(/32 bytes/);
  });

  it('accepts a base64url key', () => {
    const raw = randomBytes(32);
    const box = createSecretBox(raw.toString('base64url'));
    expect(createSecretBox(raw.toString('base64')).open(box.seal('interchangeable'))).toBe('interchangeable');
  });
});
