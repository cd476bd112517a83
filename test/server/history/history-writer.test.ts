// Group commit: what arrives in one event-loop turn is one append; while
// one is being committed, the next texts wait and go in one append after it.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { AppendResult, NewMessage } from '../../../server/history/history-store.js';
import { HistoryWriter, type WriteOutcome } from '../../../server/history/history-writer.js';
import { MemoryStore } from '../../../server/history/memory-store.js';

/** A real MemoryStore that records each append's size and can hold commits open. */
class RecordingStore extends MemoryStore {
  readonly batches: number[] = [];
  gate: Promise<void> | undefined;
  override async append(batch: readonly NewMessage[]): Promise<AppendResult[]> {
    this.batches.push(batch.length);
    await this.gate;
    return super.append(batch);
  }
}

const message = (text: string): NewMessage => ({ room: 'r', sender: 's', receiver: 'room', from: 'A', time: 1, text });

function collect(writer: HistoryWriter, texts: string[]): Promise<WriteOutcome[]> {
  return Promise.all(texts.map((t) => new Promise<WriteOutcome>((resolve) => writer.write(message(t), resolve))));
}

describe('HistoryWriter', () => {
  it('writes the texts of one turn in one append, and settles each with its own seq', async () => {
    const store = new RecordingStore();
    const writer = new HistoryWriter(store);
    const outcomes = await collect(writer, ['a', 'b', 'c']);
    expect(store.batches).toEqual([3]);
    expect(outcomes.map((o) => o.ok && o.result.seq)).toEqual([1, 2, 3]);
  });

  it('gathers what arrives during a commit into the next append, never two commits at once', async () => {
    const store = new RecordingStore();
    let open!: () => void;
    store.gate = new Promise((resolve) => (open = resolve));
    const writer = new HistoryWriter(store);
    const first = collect(writer, ['a']);
    await nextTurn();
    expect(store.batches).toEqual([1]);
    const later = collect(writer, ['b', 'c']);
    await nextTurn();
    const evenLater = collect(writer, ['d']);
    await nextTurn();
    expect(store.batches).toEqual([1]); // still committing the first
    open();
    await Promise.all([first, later, evenLater]);
    expect(store.batches).toEqual([1, 3]);
  });

  it('fails every text of a batch the store refused, and carries on with the next', async () => {
    const store = new RecordingStore();
    store.gate = Promise.reject(new Error('disk full'));
    store.gate.catch(() => {});
    const writer = new HistoryWriter(store);
    const failed = await collect(writer, ['a', 'b']);
    expect(failed.map((o) => (o.ok ? 'ok' : o.error.message))).toEqual(['disk full', 'disk full']);
    store.gate = undefined;
    expect((await collect(writer, ['c']))[0]).toMatchObject({ ok: true, result: { seq: 1 } });
  });

  it('settles the rest of a batch when one callback throws, and reports the throw', async () => {
    const errors: unknown[] = [];
    const writer = new HistoryWriter(new MemoryStore(), (error) => errors.push(error));
    const settled = new Promise<WriteOutcome>((resolve) => {
      writer.write(message('a'), () => {
        throw new Error('handler bug');
      });
      writer.write(message('b'), resolve);
    });
    expect(await settled).toMatchObject({ ok: true, result: { seq: 2 } });
    expect(errors).toEqual([new Error('handler bug')]);
  });
});
