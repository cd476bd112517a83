// The Redis store keeps the shared HistoryStore contract against a real
// redis-server (appendonly yes, appendfsync always) that this file starts on
// a free port and stops by pid, also when a test fails. Each store gets its
// own key prefix, so the contract's stores do not see each other's rooms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewMessage } from '../../../server/history/history-store.js';
import { RedisStore } from '../../../server/history/redis-store.js';
import { StoreOpenError } from '../../../server/history/sqlite-store.js';
import { startRedis, type RedisServer } from '../../helpers/redis.js';
import { storeContract } from './store-contract.js';

let redis: RedisServer;
let stores = 0;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

const open = (maxPerRoom = 10_000) => RedisStore.open({ url: redis.url, maxPerRoom, keyPrefix: `test-${++stores}:` });

storeContract('RedisStore', () => open());

const message = (room: string, text: string, extra: Partial<NewMessage> = {}): NewMessage => ({
  room,
  sender: 'client-a',
  receiver: 'room',
  from: 'Ada',
  time: 1_700_000_000_000,
  text,
  ...extra,
});

describe('RedisStore beyond the contract', () => {
  it('trims a room to maxPerRoom as it grows, forgetting the trimmed mids but never a seq', async () => {
    const store = await open(5);
    try {
      await store.append(Array.from({ length: 8 }, (_, i) => message('busy', `m${i + 1}`, { mid: `mid-${i + 1}` })));
      const page = await store.page({ room: 'busy', limit: 50 });
      expect(page.messages.map((m) => m.seq)).toEqual([4, 5, 6, 7, 8]);
      expect(await store.findByMid('busy', 'mid-3')).toBeUndefined();
      expect(await store.findByMid('busy', 'mid-4')).toMatchObject({ seq: 4 });
      expect((await store.append([message('busy', 'next')]))[0]!.seq).toBe(9);
    } finally {
      await store.close();
    }
  });

  it('gives two stores (two nodes) appending to one room at once distinct, rising seqs, and one copy per mid', async () => {
    const prefix = `shared-${++stores}:`;
    const [a, b] = await Promise.all([1, 2].map(() => RedisStore.open({ url: redis.url, maxPerRoom: 10_000, keyPrefix: prefix })));
    try {
      const sends = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a! : b!).append([message('both', `t${i}`, { mid: `m${i % 150}` })]));
      const results = (await Promise.all(sends)).map((r) => r[0]!);
      const stored = results.filter((r) => !r.isDuplicate).map((r) => r.seq);
      expect(stored.length).toBe(150);
      expect([...stored].sort((x, y) => x - y)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
      expect(await a!.lastSeq('both')).toBe(150);
    } finally {
      await Promise.all([a?.close(), b?.close()]);
    }
  });

  it('reads a malformed entry written by another tool as an error, not as a message', async () => {
    const store = await open();
    try {
      await store.append([message('odd', 'fine')]);
      const { Redis } = await import('ioredis');
      const raw = new Redis(redis.url);
      try {
        await raw.xadd(`test-${stores}:{odd}:log`, '2-0', 'r', 'room', 'x', 'no time nor sender');
      } finally {
        raw.disconnect();
      }
      await expect(store.page({ room: 'odd', limit: 10 })).rejects.toThrow(/lacks|bad/);
    } finally {
      await store.close();
    }
  });

  it('refuses to open against an address where no Redis listens, with a StoreOpenError', async () => {
    const closed = `redis://127.0.0.1:${redis.port + 1 === 65536 ? 1 : redis.port + 1}`;
    await expect(RedisStore.open({ url: closed, maxPerRoom: 10, connectTimeoutMs: 2000 })).rejects.toBeInstanceOf(StoreOpenError);
  });
});

describe('RedisStore durability', () => {
  it('loses no acknowledged message when Redis is killed -9 right after the acks and restarted on the same folder', async () => {
    const own = await startRedis();
    try {
      const store = await RedisStore.open({ url: own.url, maxPerRoom: 10_000 });
      const acked: { seq: number; text: string }[] = [];
      try {
        for (let batch = 0; batch < 20; batch++) {
          const texts = Array.from({ length: 10 }, (_, i) => `b${batch}-${i}`);
          const results = await store.append(texts.map((text, i) => message('kept', text, { mid: `k${batch}-${i}` })));
          results.forEach((r, i) => acked.push({ seq: r.seq, text: texts[i]! }));
        }
        await own.kill9();
      } finally {
        await store.close();
      }
      await own.restart();
      const reopened = await RedisStore.open({ url: own.url, maxPerRoom: 10_000 });
      try {
        const page = await reopened.page({ room: 'kept', limit: 200 });
        expect(page.messages.map((m) => ({ seq: m.seq, text: m.text }))).toEqual(acked);
        // The counter and the mids survived too: a resend is a duplicate, the next text goes on from 200.
        expect((await reopened.append([message('kept', 'again', { mid: 'k19-9' })]))[0]).toMatchObject({ seq: 200, isDuplicate: true });
        expect((await reopened.append([message('kept', 'new')]))[0]!.seq).toBe(201);
      } finally {
        await reopened.close();
      }
    } finally {
      await own.stop();
    }
  }, 30_000);
});
