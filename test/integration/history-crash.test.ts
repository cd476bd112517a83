// An acked message survives kill -9: the server runs as a real process on a
// real SQLite file, is killed right after an ack, and restarted on the same
// file. Also: a store that cannot be opened stops start-up with one line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { TestClient } from '../helpers/ws-client.js';

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'parley-crash-'));
}

describe('kill -9 right after an ack', () => {
  it('loses nothing acknowledged: after a restart on the same file the message is there with the same seq, and seq carries on', async () => {
    const DATABASE_PATH = path.join(tempDir(), 'nested', 'parley.db'); // the folder is created
    const servers: ServerProcess[] = [];
    const clients: TestClient[] = [];
    try {
      const first = await startServerProcess({ HISTORY_STORE: 'sqlite', DATABASE_PATH });
      servers.push(first);
      const ada = await TestClient.connect(first.url, 'crash');
      clients.push(ada);
      for (let i = 1; i <= 20; i++) ada.send({ receiver: 'room', type: 'text', data: { text: `t${i}`, mid: `t${i}` } });
      const last = await ada.next((f) => f.type === 'ack' && (f.data as { mid: string }).mid === 't20');
      await first.kill('SIGKILL');
      expect((await first.exited).signal).toBe('SIGKILL');

      const second = await startServerProcess({ HISTORY_STORE: 'sqlite', DATABASE_PATH });
      servers.push(second);
      const bob = await TestClient.connect(second.url, 'crash');
      clients.push(bob);
      const page = await bob.request({ receiver: 'ground control', type: 'get-history' });
      const messages = (page.data as { messages: { seq: number; text: string; time: number }[] }).messages;
      expect(messages.map((m) => m.text)).toEqual(Array.from({ length: 20 }, (_, i) => `t${i + 1}`));
      expect(messages.at(-1)).toMatchObject({ seq: (last.data as { seq: number }).seq, time: (last.data as { time: number }).time });
      // The same mid again is still a duplicate; a new one continues the count.
      const dup = bob.next((f) => f.type === 'ack');
      bob.send({ receiver: 'room', type: 'text', data: { text: 't20', mid: 't20' } });
      expect((await dup).data).toEqual(last.data);
      const next = bob.next((f) => f.type === 'ack');
      bob.send({ receiver: 'room', type: 'text', data: { text: 'after', mid: 'after' } });
      expect((await next).data).toMatchObject({ seq: 21 });
    } finally {
      for (const c of clients) c.ws.terminate();
      for (const s of servers) await s.kill();
    }
  }, 60_000);
});

describe('a store that cannot be opened', () => {
  async function startupError(env: Record<string, string>): Promise<string> {
    const error = await startServerProcess(env).then(
      async (s) => {
        await s.kill();
        return undefined;
      },
      (e: Error) => e,
    );
    expect(error).toBeDefined();
    return error!.message.replace(/^server exited \(1\) before listening: /, '');
  }

  it('stops start-up with one line naming DATABASE_PATH: corrupt file, newer schema, unwritable path', async () => {
    const dir = tempDir();
    const corrupt = path.join(dir, 'corrupt.db');
    writeFileSync(corrupt, 'this is not a database, just text '.repeat(200));
    const newer = path.join(dir, 'newer.db');
    const db = new Database(newer);
    db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (999);');
    db.close();
    const blocked = path.join(dir, 'a-file');
    writeFileSync(blocked, '');
    const cases: [string, RegExp][] = [
      [corrupt, /not a database/],
      [newer, /schema 999, written by a newer Parley/],
      [path.join(blocked, 'sub', 'parley.db'), /ENOTDIR|not a directory/i],
    ];
    for (const [DATABASE_PATH, reason] of cases) {
      const stderr = await startupError({ HISTORY_STORE: 'sqlite', DATABASE_PATH });
      const lines = stderr.trim().split('\n');
      expect(lines, stderr).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^parley: DATABASE_PATH: cannot open ${DATABASE_PATH.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));
      expect(lines[0]).toMatch(reason);
    }
  }, 90_000);
});
