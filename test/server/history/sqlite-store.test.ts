// The SQLite store keeps the shared HistoryStore contract, on real files in
// a temporary folder, through its real worker thread.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../../../server/history/sqlite-store.js';
import { storeContract } from './store-contract.js';

// Every case opens a store, whose worker threads boot tsx: slow on a loaded machine.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

const dir = mkdtempSync(path.join(tmpdir(), 'parley-history-'));
let files = 0;

storeContract('SqliteStore', () => SqliteStore.open({ path: path.join(dir, `contract-${++files}.db`), synchronous: 'FULL', isGroupCommit: true }));
storeContract('SqliteStore, naive (one commit per message)', () =>
  SqliteStore.open({ path: path.join(dir, `naive-${++files}.db`), synchronous: 'NORMAL', isGroupCommit: false }),
);

describe('SqliteStore checkpoints', () => {
  it("copies the WAL into the database file on its own thread, with the writer's autocheckpoint far off", async () => {
    const file = path.join(dir, `checkpointed-${++files}.db`);
    const store = await SqliteStore.open({ path: file, synchronous: 'NORMAL', isGroupCommit: true });
    try {
      const empty = statSync(file).size;
      const text = 'x'.repeat(400);
      for (let i = 0; i < 20; i++) {
        await store.append(Array.from({ length: 100 }, (_, j) => ({ room: 'r', sender: 'a', receiver: 'room', from: 'Ada', time: i * 100 + j, text })));
      }
      // About 1 MB of messages: the writer alone would leave them all in the
      // WAL (its backstop is at 65,536 pages); the checkpointer moves them.
      await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(empty + 500_000), { timeout: 50_000, interval: 50 });
      expect((await store.page({ room: 'r', limit: 1 })).messages[0]?.seq).toBe(2000);
    } finally {
      await store.close();
    }
    // The checkpointer's thread boots tsx before its first pass: seconds on a loaded machine.
  }, 60_000);
});
