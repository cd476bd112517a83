// Retention with fake time, on a real SQLite file: the pruner's interval
// runs a pass that removes what is older than the retention period and
// beyond the per-room maximum, in steps, and locks with no history left.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NewMessage } from '../../../server/history/history-store.js';
import { HistoryPruner } from '../../../server/history/pruner.js';
import { SqliteStore } from '../../../server/history/sqlite-store.js';

const DAY = 86_400_000;
const message = (room: string, text: string): NewMessage => ({ room, sender: 's', receiver: 'room', from: 'A', time: Date.now(), text });

afterEach(() => {
  vi.useRealTimers();
});

describe('HistoryPruner', () => {
  it('drops messages past the retention days and the per-room maximum on its interval, in bounded steps', async () => {
    const store = await SqliteStore.open({ path: path.join(mkdtempSync(path.join(tmpdir(), 'parley-prune-')), 'p.db'), synchronous: 'NORMAL', isGroupCommit: true });
    // Only the clock and the interval are faked: the store's worker answers in real time.
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: new Date('2026-01-01T00:00:00Z') });
    const pruner = new HistoryPruner(store, { maxPerRoom: 100, retentionMs: 30 * DAY, intervalMs: 60_000, batchSize: 40 });
    const steps: number[] = [];
    const prune = store.prune.bind(store);
    store.prune = async (limits) => {
      const removed = await prune(limits);
      steps.push(removed);
      return removed;
    };
    try {
      await store.append(Array.from({ length: 150 }, (_, i) => message('busy', `old${i}`)));
      await store.setLock('locked', { salt: Buffer.from('s'), hash: Buffer.from('h') }, Date.now());
      vi.setSystemTime(Date.now() + 20 * DAY);
      await store.append([message('busy', 'recent')]);
      pruner.start();
      let pass = new Promise((resolve) => pruner.once('pruned', resolve));
      vi.advanceTimersByTime(60_000);
      expect(await pass).toEqual({ removed: 51 }); // 151 messages, 100 kept
      expect(steps.every((n) => n <= 40)).toBe(true);
      expect((await store.page({ room: 'busy', limit: 200 })).messages).toHaveLength(100);
      expect(await store.lockOf('locked')).toBeDefined();

      vi.setSystemTime(Date.now() + 15 * DAY); // the old ones are now 35 days old, 'recent' 15
      pass = new Promise((resolve) => pruner.once('pruned', resolve));
      vi.advanceTimersByTime(60_000);
      expect(await pass).toEqual({ removed: 99 });
      expect((await store.page({ room: 'busy', limit: 200 })).messages.map((m) => m.text)).toEqual(['recent']);
      expect(await store.lockOf('locked')).toBeUndefined();
    } finally {
      pruner.stop();
      vi.useRealTimers();
      await store.close();
    }
  }, 30_000);
});
