import { describe, expect, it } from 'vitest';
import { RandomPool } from '../../src/services/random-pool.js';

describe('RandomPool', () => {
  it('hands out slices of the asked length, never the same twice, across block refills', () => {
    const pool = new RandomPool(64);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const iv = pool.take(12);
      expect(iv).toHaveLength(12);
      const nonce = pool.takeBase64(16);
      expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
      for (const value of [iv.toString('hex'), Buffer.from(nonce, 'base64').toString('hex')]) {
        expect(seen.has(value)).toBe(false);
        seen.add(value);
      }
    }
  });

  it('keeps a taken slice when the pool moves on (a copy, not a view of the block)', () => {
    const pool = new RandomPool(32);
    const first = pool.take(16);
    const copy = Buffer.from(first);
    pool.take(16);
    pool.take(16);
    expect(first.equals(copy)).toBe(true);
    expect(first.equals(Buffer.alloc(16))).toBe(false);
  });

  it('refuses a request larger than its block', () => {
    expect(() => new RandomPool(16).take(17)).toThrow(RangeError);
  });
});
