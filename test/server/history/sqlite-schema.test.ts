// A file written by the first schema is migrated at start-up: the index on
// time gives way to each room's oldest_time, filled from the messages kept,
// and age pruning works from it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SqliteHistory } from '../../../server/history/sqlite-history.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../server/history/sqlite-schema.js';

describe('SQLite schema migrations', () => {
  it('takes a version 1 file to the current version, keeping its messages and their order', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'parley-schema-')), 'v1.db');
    const v1 = new Database(file);
    v1.exec(MIGRATIONS[0]!);
    v1.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);');
    v1.exec("INSERT INTO rooms (id, name, last_seq, touched_at) VALUES (1, 'old', 3, 30), (2, 'empty', 0, 0)");
    const insert = v1.prepare("INSERT INTO messages (room_id, seq, time, sender, receiver, from_name, text) VALUES (1, ?, ?, 'a', 'room', 'Ada', ?)");
    [10, 20, 30].forEach((time, i) => insert.run(i + 1, time, `m${i + 1}`));
    v1.close();

    const history = new SqliteHistory({ path: file, synchronous: 'NORMAL', isGroupCommit: true });
    try {
      expect(history.page({ room: 'old', limit: 10 }).messages.map((m) => m.text)).toEqual(['m1', 'm2', 'm3']);
      expect(history.prune({ olderThan: 25, maxPerRoom: 100, batchSize: 100 })).toBe(2);
      expect(history.page({ room: 'old', limit: 10 }).messages.map((m) => m.seq)).toEqual([3]);
      expect(history.append([{ room: 'old', sender: 'a', receiver: 'room', from: 'Ada', time: 40, text: 'm4' }])[0]!.seq).toBe(4);
    } finally {
      history.close();
    }
    const after = new Database(file, { readonly: true });
    try {
      expect(after.prepare('SELECT version FROM schema_version').pluck().get()).toBe(SCHEMA_VERSION);
      expect(after.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'messages_time'").pluck().get()).toBe(0);
      expect(after.prepare('SELECT name, oldest_time FROM rooms ORDER BY id').all()).toEqual([
        { name: 'old', oldest_time: 30 },
        { name: 'empty', oldest_time: null },
      ]);
    } finally {
      after.close();
    }
  });
});
