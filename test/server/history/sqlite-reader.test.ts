// The main thread's read-only connection (sqlite-reader.ts) on a real file
// that the writer's connection fills: it reads the same pages the writer
// does, in both directions and for each viewer, sees each commit, and is not
// had where the file is not there.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewMessage, PageQuery } from '../../../server/history/history-store.js';
import { SqliteHistory } from '../../../server/history/sqlite-history.js';
import { SqliteReader } from '../../../server/history/sqlite-reader.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parley-reader-'));
let files = 0;
const opened: { close(): void }[] = [];
afterEach(() => {
  for (const connection of opened.splice(0).reverse()) connection.close();
});

function open(): { history: SqliteHistory; reader: SqliteReader } {
  const file = path.join(dir, `reader-${++files}.db`);
  const history = new SqliteHistory({ path: file, synchronous: 'NORMAL', isGroupCommit: true });
  opened.push(history);
  const reader = SqliteReader.open(file);
  if (!reader) throw new Error('the reader did not open');
  opened.push(reader);
  return { history, reader };
}

const text = (room: string, i: number): NewMessage => ({ room, sender: 'a', receiver: 'room', from: 'Ada', time: i, text: `m${i}` });
const direct = (i: number, from: string, to: string): NewMessage => ({
  room: 'r',
  sender: from,
  receiver: to,
  from,
  time: i,
  text: `dm${i}`,
  senderParty: `party-${from}`,
  receiverParty: `party-${to}`,
  to,
});

describe('SqliteReader', () => {
  it('reads the pages the writer reads: latest, before, after, and direct messages only for their parties', () => {
    const { history, reader } = open();
    history.append(Array.from({ length: 30 }, (_, i) => (i % 5 === 4 ? direct(i, 'ada', 'bob') : text('r', i))));
    history.append([text('other', 1)]);
    const queries: PageQuery[] = [
      { room: 'r', limit: 10 },
      { room: 'r', limit: 10, viewer: 'party-bob' },
      { room: 'r', limit: 10, viewer: 'party-cy' },
      { room: 'r', limit: 7, before: 12, viewer: 'party-ada' },
      { room: 'r', limit: 7, after: 20, viewer: 'party-ada' },
      { room: 'r', limit: 200, after: 0 },
      { room: 'other', limit: 50 },
      { room: 'never-written', limit: 50 },
    ];
    for (const query of queries) expect(reader.page(query), JSON.stringify(query)).toEqual(history.page(query));
    expect(reader.page({ room: 'r', limit: 10, viewer: 'party-cy' }).messages.some((m) => m.text.startsWith('dm'))).toBe(false);
    expect(reader.page({ room: 'r', limit: 10, viewer: 'party-bob' }).messages.some((m) => m.text.startsWith('dm'))).toBe(true);
  });

  it('sees each commit of the writer as soon as it returns', () => {
    const { history, reader } = open();
    for (let i = 1; i <= 5; i++) {
      history.append([text('r', i)]);
      expect(reader.page({ room: 'r', limit: 1 }).messages[0]?.seq).toBe(i);
    }
  });

  it('is not had for a file that is not there (the store then reads through its worker)', () => {
    expect(SqliteReader.open(path.join(dir, 'missing.db'))).toBeUndefined();
  });
});
