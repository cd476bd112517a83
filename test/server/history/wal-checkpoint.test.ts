// The background checkpoint step on real SQLite files: a passive pass copies
// what the writer committed without blocking it, the writer then starts the
// log over, and a WAL grown past the limit is restarted.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database, { type Database as Db } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkpointWal } from '../../../server/history/wal-checkpoint.js';

let dir: string;
let writer: Db;
let checkpointer: Db;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'parley-wal-'));
  file = path.join(dir, 'h.db');
  writer = new Database(file);
  writer.pragma('journal_mode = WAL');
  writer.pragma('wal_autocheckpoint = 0'); // only the step under test copies pages
  writer.exec('CREATE TABLE t (x TEXT)');
  checkpointer = new Database(file, { fileMustExist: true });
});
afterEach(() => {
  writer.close();
  checkpointer.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (n: number) => {
  const stmt = writer.prepare('INSERT INTO t VALUES (?)');
  for (let i = 0; i < n; i++) stmt.run('x'.repeat(500));
};
const walPages = () => statSync(`${file}-wal`).size / 4096;

describe('checkpointWal', () => {
  it("copies the writer's commits from another connection, after which the writer starts the log over", () => {
    insert(200);
    const step = checkpointWal(checkpointer);
    expect(step.walPages).toBeGreaterThan(100);
    expect(step.copied).toBe(step.walPages);
    expect(step.isRestart).toBe(false);
    // The file keeps its size, but the next commit writes from its start.
    insert(1);
    expect(checkpointWal(checkpointer).walPages).toBeLessThan(5);
    expect(checkpointer.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 201 });
  });

  it('restarts a WAL grown past the limit, so that the next commit starts it over', () => {
    insert(300);
    const grown = walPages();
    const step = checkpointWal(checkpointer, 50);
    expect(step.isRestart).toBe(true);
    expect(step.copied).toBe(step.walPages);
    insert(1);
    expect(checkpointWal(checkpointer, 50).walPages).toBeLessThan(5);
    expect(walPages()).toBeLessThanOrEqual(grown);
  });

  it('finds nothing more to copy while the writer is idle', () => {
    const first = checkpointWal(checkpointer);
    expect(checkpointWal(checkpointer)).toEqual(first);
    expect(first.copied).toBe(first.walPages);
  });
});
