import { describe, expect, it } from 'vitest';
import type { JourneyStore, StoredJourney } from '../../src/services/ports.js';

export interface JourneyStoreHarness {
  store: JourneyStore;
  /** Lets `seconds` of store time pass (a fake clock for memory, real waiting for Redis). */
  elapse(seconds: number): Promise<void>;
}

const journey = (rev: number, step = 'start'): StoredJourney => ({
  version: 3,
  rev,
  snapshot: { value: step, context: { attempts: rev, nested: { list: [1, 2, 3] } } },
});

let counter = 0;
const freshId = () => `journey-${process.pid}-${Date.now()}-${counter++}`;

/** The behaviour every JourneyStore must have; run against each implementation. */
export function journeyStoreContract(name: string, harness: () => JourneyStoreHarness): void {
  describe(`JourneyStore contract: ${name}`, () => {
    it('returns null for an unknown journey', async () => {
      expect(await harness().store.load(freshId())).toBeNull();
    });

    it('creates a journey only when expectedRev is 0 and nothing is stored', async () => {
      const { store } = harness();
      const id = freshId();
      expect(await store.save(id, journey(1), 0, 60)).toBe(true);
      expect(await store.load(id)).toEqual(journey(1));
      // A second create with rev 0 loses: the journey exists now.
      expect(await store.save(id, journey(1, 'other'), 0, 60)).toBe(false);
      expect(await store.load(id)).toEqual(journey(1));
    });

    it('hands out copies: changing a loaded journey does not change the stored one', async () => {
      const { store } = harness();
      const id = freshId();
      await store.save(id, journey(1), 0, 60);
      const loaded = await store.load(id);
      (loaded?.snapshot as { value: string }).value = 'tampered';
      expect(await store.load(id)).toEqual(journey(1));
    });

    it('refuses a write with a stale rev and accepts the next rev', async () => {
      const { store } = harness();
      const id = freshId();
      expect(await store.save(id, journey(1), 0, 60)).toBe(true);
      expect(await store.save(id, journey(2, 'enter-details'), 1, 60)).toBe(true);
      expect(await store.save(id, journey(2, 'stale-writer'), 1, 60)).toBe(false);
      expect(await store.save(id, journey(3, 'ahead'), 2, 60)).toBe(true);
      expect(await store.load(id)).toEqual(journey(3, 'ahead'));
    });

    it('refuses a write that expects a journey which does not exist', async () => {
      const { store } = harness();
      const id = freshId();
      expect(await store.save(id, journey(5), 4, 60)).toBe(false);
      expect(await store.load(id)).toBeNull();
    });

    it('rejects a journey whose rev is not expectedRev + 1 as a caller bug', async () => {
      const { store } = harness();
      await expect(store.save(freshId(), journey(0), 0, 60)).rejects.toThrow(/rev/);
      await expect(store.save(freshId(), journey(1), 0, 0)).rejects.toThrow(/ttlSeconds/);
    });

    it('forgets a journey once its TTL has passed', async () => {
      const h = harness();
      const id = freshId();
      expect(await h.store.save(id, journey(1), 0, 1)).toBe(true);
      await h.elapse(1.3);
      expect(await h.store.load(id)).toBeNull();
      // Expired means gone: the id can be created again from rev 0.
      expect(await h.store.save(id, journey(1, 'again'), 0, 60)).toBe(true);
    });

    it('sets the TTL again on every write', async () => {
      const h = harness();
      const id = freshId();
      expect(await h.store.save(id, journey(1), 0, 1)).toBe(true);
      expect(await h.store.save(id, journey(2), 1, 60)).toBe(true);
      await h.elapse(1.3);
      expect(await h.store.load(id)).toEqual(journey(2));
    });

    it('deletes a journey', async () => {
      const { store } = harness();
      const id = freshId();
      await store.save(id, journey(1), 0, 60);
      await store.delete(id);
      expect(await store.load(id)).toBeNull();
      await store.delete(id);
    });

    it('renames a journey, keeping its rev and lifetime', async () => {
      const h = harness();
      const from = freshId();
      const to = freshId();
      await h.store.save(from, journey(1), 0, 60);
      await h.store.save(from, journey(2, 'enter-email-code'), 1, 2);
      await h.store.rename(from, to);
      expect(await h.store.load(from)).toBeNull();
      expect(await h.store.load(to)).toEqual(journey(2, 'enter-email-code'));
      expect(await h.store.save(to, journey(3, 'choose-authenticator'), 2, 2)).toBe(true);
      expect(await h.store.save(from, journey(3), 2, 60)).toBe(false);
      // The lifetime moved with it: the renamed journey still expires.
      await h.store.rename(to, from);
      await h.elapse(2.3);
      expect(await h.store.load(from)).toBeNull();
    });

    it('keeps the former-id tags with the journey through saves and a rename', async () => {
      const { store } = harness();
      const from = freshId();
      const to = freshId();
      await store.save(from, journey(1), 0, 60);
      expect((await store.load(from))?.formerTags).toBeUndefined();
      const moved = { ...journey(2, 'choose-authenticator'), formerTags: ['tag-of-the-first-id'] };
      await store.save(from, moved, 1, 60);
      await store.rename(from, to);
      expect(await store.load(to)).toEqual(moved);
      const next = { ...journey(3, 'app-instructions'), formerTags: ['tag-of-the-first-id'] };
      expect(await store.save(to, next, 2, 60)).toBe(true);
      expect(await store.load(to)).toEqual(next);
    });

    it('treats a rename of a missing journey, or a retried rename, as nothing to do', async () => {
      const { store } = harness();
      const from = freshId();
      const to = freshId();
      await store.rename(freshId(), to);
      expect(await store.load(to)).toBeNull();
      await store.save(from, journey(1), 0, 60);
      await store.rename(from, to);
      await store.rename(from, to);
      expect(await store.load(to)).toEqual(journey(1));
    });

    it('lets exactly one of 20 parallel writers with the same expectedRev win', async () => {
      const { store } = harness();
      const id = freshId();
      await store.save(id, journey(1), 0, 60);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, writer) => store.save(id, journey(2, `writer-${writer}`), 1, 60)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect(await store.load(id)).toEqual(journey(2, `writer-${winner}`));
    });

    it('lets exactly one of 20 parallel creators win', async () => {
      const { store } = harness();
      const id = freshId();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, writer) => store.save(id, journey(1, `creator-${writer}`), 0, 60)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('answers ping', async () => {
      await expect(harness().store.ping()).resolves.toBeUndefined();
    });
  });
}
