// The contract every HistoryStore keeps, run against each implementation
// (memory-store.test.ts, sqlite-store.test.ts, redis-store.test.ts). A
// test names the fact it checks; each uses its own room, so they share one
// store except where pruning needs a store of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryStore, NewMessage } from '../../../server/history/history-store.js';

let roomCounter = 0;
const newRoom = () => `room-${++roomCounter}`;
const T0 = 1_700_000_000_000;

function message(room: string, text: string, extra: Partial<NewMessage> = {}): NewMessage {
  return { room, sender: 'client-a', receiver: 'room', from: 'Ada', time: T0, text, ...extra };
}

export function storeContract(name: string, open: () => Promise<HistoryStore>): void {
  describe(`${name}: the HistoryStore contract`, () => {
    let store: HistoryStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
    });

    it('numbers each room from 1, by one per stored message, rooms independently', async () => {
      const [a, b] = [newRoom(), newRoom()];
      const results = await store.append([message(a, 'one'), message(b, 'other'), message(a, 'two')]);
      expect(results.map((r) => r.seq)).toEqual([1, 1, 2]);
      expect(results.every((r) => !r.isDuplicate && r.time === T0)).toBe(true);
      expect((await store.append([message(a, 'three')]))[0]!.seq).toBe(3);
      expect(await store.lastSeq(a)).toBe(3);
      expect(await store.lastSeq(newRoom())).toBe(0);
    });

    it('stores a mid once: a second append gets the first seq and time and is not stored', async () => {
      const room = newRoom();
      const [first] = await store.append([message(room, 'hello', { mid: 'm-1', time: T0 + 5 })]);
      const [again, other] = await store.append([message(room, 'hello', { mid: 'm-1', time: T0 + 9 }), message(room, 'next')]);
      expect(again).toEqual({ seq: first!.seq, time: T0 + 5, isDuplicate: true });
      expect(other!.seq).toBe(first!.seq + 1); // a duplicate uses up no seq
      const page = await store.page({ room, limit: 10 });
      expect(page.messages.map((m) => m.text)).toEqual(['hello', 'next']);
      expect(await store.findByMid(room, 'm-1')).toMatchObject({ seq: 1, text: 'hello', mid: 'm-1', time: T0 + 5 });
      expect(await store.findByMid(room, 'm-2')).toBeUndefined();
      expect(await store.findByMid(newRoom(), 'm-1')).toBeUndefined(); // per room
    });

    it('catches a duplicate mid inside one batch', async () => {
      const room = newRoom();
      const results = await store.append([message(room, 'x', { mid: 'same' }), message(room, 'x', { mid: 'same' })]);
      expect(results.map((r) => [r.seq, r.isDuplicate])).toEqual([
        [1, false],
        [1, true],
      ]);
    });

    it('gives back every field it was given', async () => {
      const room = newRoom();
      const dm = message(room, 'psst', { receiver: 'client-b', mid: 'dm-1', senderParty: 'pa', receiverParty: 'pb', to: 'Bob', from: 'Ada' });
      await store.append([dm]);
      const page = await store.page({ room, limit: 5, viewer: 'pa' });
      expect(page.messages).toEqual([{ ...dm, seq: 1 }]);
    });

    it('pages: the latest first, then back with before, forward with after, ascending, has_more exact', async () => {
      const room = newRoom();
      await store.append(Array.from({ length: 7 }, (_, i) => message(room, `m${i + 1}`)));
      const latest = await store.page({ room, limit: 3 });
      expect(latest.messages.map((m) => m.seq)).toEqual([5, 6, 7]);
      expect(latest.hasMore).toBe(true);
      const back = await store.page({ room, limit: 3, before: 5 });
      expect(back.messages.map((m) => m.seq)).toEqual([2, 3, 4]);
      expect(back.hasMore).toBe(true);
      const first = await store.page({ room, limit: 3, before: 2 });
      expect(first).toMatchObject({ hasMore: false });
      expect(first.messages.map((m) => m.seq)).toEqual([1]);
      const gap = await store.page({ room, limit: 4, after: 2 });
      expect(gap.messages.map((m) => m.seq)).toEqual([3, 4, 5, 6]);
      expect(gap.hasMore).toBe(true);
      const tail = await store.page({ room, limit: 4, after: 6 });
      expect(tail.messages.map((m) => m.seq)).toEqual([7]);
      expect(tail.hasMore).toBe(false);
      expect(await store.page({ room: newRoom(), limit: 5 })).toEqual({ messages: [], hasMore: false });
    });

    it('shows a direct message only to its two parties, and never to a reader without one', async () => {
      const room = newRoom();
      await store.append([message(room, 'public'), message(room, 'private', { receiver: 'client-b', senderParty: 'party-a', receiverParty: 'party-b', to: 'Bob' })]);
      const texts = async (viewer?: string) => (await store.page({ room, limit: 10, viewer })).messages.map((m) => m.text);
      expect(await texts('party-a')).toEqual(['public', 'private']);
      expect(await texts('party-b')).toEqual(['public', 'private']);
      expect(await texts('party-c')).toEqual(['public']);
      expect(await texts(undefined)).toEqual(['public']);
      // has_more counts only what the reader may see.
      expect((await store.page({ room, limit: 1, viewer: 'party-c' })).hasMore).toBe(false);
    });

    it('pages through 10,000 messages both ways with no gap and no repeat', async () => {
      const room = newRoom();
      for (let start = 0; start < 10_000; start += 1000) {
        await store.append(Array.from({ length: 1000 }, (_, i) => message(room, `m${start + i + 1}`)));
      }
      const backward: number[] = [];
      let page = await store.page({ room, limit: 200 });
      backward.unshift(...page.messages.map((m) => m.seq));
      while (page.hasMore) {
        page = await store.page({ room, limit: 200, before: page.messages[0]!.seq });
        backward.unshift(...page.messages.map((m) => m.seq));
      }
      const forward: number[] = [];
      let after = 0;
      for (;;) {
        const next = await store.page({ room, limit: 200, after });
        forward.push(...next.messages.map((m) => m.seq));
        if (!next.hasMore) break;
        after = next.messages.at(-1)!.seq;
      }
      const all = Array.from({ length: 10_000 }, (_, i) => i + 1);
      expect(backward).toEqual(all);
      expect(forward).toEqual(all);
    }, 60_000);

    it('keeps a room lock and gives it back', async () => {
      const room = newRoom();
      expect(await store.lockOf(room)).toBeUndefined();
      const lock = { salt: Buffer.from('salt-bytes'), hash: Buffer.from('hash-bytes') };
      await store.setLock(room, lock, T0);
      const back = await store.lockOf(room);
      expect(Buffer.from(back!.salt).toString()).toBe('salt-bytes');
      expect(Buffer.from(back!.hash).toString()).toBe('hash-bytes');
      expect(await store.lockOf(newRoom())).toBeUndefined();
    });

    it("clears a room lock on unlock and keeps the room's messages", async () => {
      const room = newRoom();
      await store.append([message(room, 'before the lock')]);
      await store.setLock(room, { salt: Buffer.from('s'), hash: Buffer.from('h') }, T0);
      await store.clearLock(room);
      expect(await store.lockOf(room)).toBeUndefined();
      expect((await store.page({ room, limit: 10 })).messages.map((m) => m.text)).toEqual(['before the lock']);
      // Clearing an unlocked or unknown room is no error.
      await store.clearLock(room);
      await store.clearLock(newRoom());
    });
  });

  describe(`${name}: retention`, () => {
    it('prunes by age and by count in bounded steps, and never reuses a seq', async () => {
      const store = await open();
      try {
        const [old, busy] = [newRoom(), newRoom()];
        await store.append(Array.from({ length: 5 }, (_, i) => message(old, `old${i}`, { time: T0 + i })));
        await store.append(Array.from({ length: 12 }, (_, i) => message(busy, `b${i}`, { time: T0 + 1000 + i })));
        const limits = { olderThan: T0 + 3, maxPerRoom: 10, batchSize: 2 };
        const steps: number[] = [];
        for (let removed = await store.prune(limits); removed > 0; removed = await store.prune(limits)) steps.push(removed);
        expect(steps.every((n) => n <= 2)).toBe(true);
        expect(steps.reduce((a, b) => a + b, 0)).toBe(3 + 2);
        expect((await store.page({ room: old, limit: 50 })).messages.map((m) => m.text)).toEqual(['old3', 'old4']);
        expect((await store.page({ room: busy, limit: 50 })).messages.map((m) => m.seq)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        await store.prune({ olderThan: T0 + 10_000, maxPerRoom: 10, batchSize: 100 });
        expect((await store.page({ room: old, limit: 50 })).messages).toEqual([]);
        expect((await store.append([message(old, 'later', { time: T0 + 20_000 })]))[0]!.seq).toBe(6);
        // A pruned mid is forgotten: the message it named is gone.
        expect(await store.findByMid(old, 'nothing')).toBeUndefined();
      } finally {
        await store.close();
      }
    }, 30_000); // a store of its own: a SQLite worker starts slowly on a loaded machine

    it('keeps a room lock as long as the room has messages, and drops it once both are old', async () => {
      const store = await open();
      try {
        const [talked, silent] = [newRoom(), newRoom()];
        const lock = { salt: Buffer.from('s'), hash: Buffer.from('h') };
        await store.setLock(talked, lock, T0);
        await store.setLock(silent, lock, T0);
        await store.append([message(talked, 'hi', { time: T0 + 50 })]);
        await store.prune({ olderThan: T0 + 10, maxPerRoom: 100, batchSize: 100 });
        expect(await store.lockOf(talked)).toBeDefined();
        expect(await store.lockOf(silent)).toBeUndefined();
        await store.prune({ olderThan: T0 + 100, maxPerRoom: 100, batchSize: 100 });
        await store.prune({ olderThan: T0 + 100, maxPerRoom: 100, batchSize: 100 });
        expect(await store.lockOf(talked)).toBeUndefined();
      } finally {
        await store.close();
      }
    }, 30_000);
  });
}
