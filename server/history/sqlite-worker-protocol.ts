// The requests the SQLite store's main-thread side (sqlite-store.ts) sends
// its worker (sqlite-worker.ts), and the answers. Both ends are this code,
// over structured clone (not JSON), so the types are shared, not parsed.
import type { AppendResult, NewMessage, Page, PageQuery, PruneLimits, StoredMessage } from './history-store.js';
import type { StoredLock } from './sqlite-rows.js';

export interface WorkerOps {
  append(batch: readonly NewMessage[]): AppendResult[];
  page(query: PageQuery): Page;
  findByMid(room: string, mid: string): StoredMessage | undefined;
  lastSeq(room: string): number;
  prune(limits: PruneLimits): number;
  lockOf(room: string): StoredLock | undefined;
  setLock(room: string, salt: Uint8Array, hash: Uint8Array, at: number): void;
  clearLock(room: string): void;
  close(): void;
}
export type OpName = keyof WorkerOps;

export type WorkerRequest = { [K in OpName]: { id: number; op: K; args: Parameters<WorkerOps[K]> } }[OpName];

export type WorkerMessage =
  { kind: 'ready' } | { kind: 'open-failed'; message: string } | { kind: 'result'; id: number; value: unknown } | { kind: 'failed'; id: number; message: string };
