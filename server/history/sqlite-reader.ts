// A read-only connection to the history file on the main thread, for pages
// only. A page is one indexed range read of at most 201 rows, which takes
// about a tenth of a millisecond; asking the worker for it cost a thread hop
// each way, and that hop, not the read, was the late joiner's tail (p99
// 1.9 ms of 2.1 ms server-side at load 3, in bench:history). Writes, and so
// every commit and fsync, stay on the worker. In WAL mode a reader never
// waits for the writer; it would wait only for a lock held during recovery
// or a log reset, and then it does not wait (timeout 0): the store asks the
// worker instead.
import Database, { type Database as Db } from 'better-sqlite3';
import type { Page, PageQuery } from './history-store.js';
import { preparePage, readPage, type PageStatements } from './sqlite-page.js';

export class SqliteReader {
  readonly #db: Db;
  readonly #statements: PageStatements;

  private constructor(db: Db) {
    this.#db = db;
    this.#statements = preparePage(db, 'name');
  }

  /** Undefined when the file cannot be read this way (the store then reads through its worker). */
  static open(path: string): SqliteReader | undefined {
    let db: Db | undefined;
    try {
      db = new Database(path, { readonly: true, fileMustExist: true, timeout: 0 });
      return new SqliteReader(db);
    } catch {
      db?.close();
      return undefined;
    }
  }

  /** Throws on anything SQLite refuses (SQLITE_BUSY included) and on a bad row. */
  page(query: PageQuery): Page {
    return readPage(this.#statements, query.room, query);
  }

  close(): void {
    this.#db.close();
  }
}
