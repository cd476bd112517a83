// The SQLite store keeps the shared HistoryStore contract, on real files in
// a temporary folder, through its real worker thread.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../../server/history/sqlite-store.js';
import { storeContract } from './store-contract.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parley-history-'));
let files = 0;

storeContract('SqliteStore', () => SqliteStore.open({ path: path.join(dir, `contract-${++files}.db`), synchronous: 'FULL', isGroupCommit: true }));
storeContract('SqliteStore, naive (one commit per message)', () =>
  SqliteStore.open({ path: path.join(dir, `naive-${++files}.db`), synchronous: 'NORMAL', isGroupCommit: false }),
);
