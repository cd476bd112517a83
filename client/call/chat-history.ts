// The room's stored messages as this page has seen them, live or from
// history pages, in the room's order (`seq`) and each once, however often it
// came: a resumed session replays what it missed, a gap fill after a
// reconnect overlaps what arrived live, a resent text is echoed again. Also
// the paging bounds: the oldest seq seen (for `before`), the newest (for
// `after`), and whether older messages remain.
import type { ChatMessage, StoredText } from './chat-message.js';

interface Entry {
  message: ChatMessage;
  /** Counts store resets (see #add); messages of a later epoch follow all earlier ones. */
  epoch: number;
}

export class ChatHistory {
  #entries: Entry[] = [];
  /** The current epoch's messages by seq. */
  #bySeq = new Map<number, Entry>();
  /** Messages without seq (a server without history) by mid, so an echo seen twice is shown once. */
  #byMid = new Map<string, Entry>();
  #epoch = 0;
  #local = 0;
  #oldest: number | undefined;
  #newest: number | undefined;
  #hasOlder = false;

  get messages(): readonly ChatMessage[] {
    return this.#entries.map((e) => e.message);
  }

  /** The lowest seq of the current epoch: page back `before` it. */
  get oldestSeq(): number | undefined {
    return this.#oldest;
  }

  /** The highest seq seen: fill a gap `after` it. */
  get newestSeq(): number | undefined {
    return this.#newest;
  }

  /** Whether the server said older messages remain before `oldestSeq`. */
  get hasOlder(): boolean {
    return this.#hasOlder;
  }

  /** Whether a message with this mid is here (stored, or echoed by a server without history). */
  hasMid(mid: string): boolean {
    return this.#entries.some((e) => e.message.mid === mid);
  }

  /** Adds one message; false when it was here already. */
  add(text: StoredText): boolean {
    if (text.seq === undefined) return this.#addUnnumbered(text);
    const seen = this.#bySeq.get(text.seq);
    if (seen) {
      // The same stored message again. A different one under a seen seq means
      // the server's store started over (a memory store, restarted): a new
      // epoch, whose messages follow everything seen before.
      if (seen.message.time === text.time && seen.message.text === text.text) return false;
      this.#epoch++;
      this.#bySeq = new Map();
      this.#oldest = this.#newest = undefined;
      this.#hasOlder = false;
    }
    const entry: Entry = { message: { ...text, key: `s${this.#epoch}.${text.seq}` }, epoch: this.#epoch };
    this.#bySeq.set(text.seq, entry);
    this.#insert(entry);
    this.#oldest = Math.min(this.#oldest ?? text.seq, text.seq);
    this.#newest = Math.max(this.#newest ?? text.seq, text.seq);
    return true;
  }

  /**
   * Adds a page of history; `hasMore` is the page's `has_more`. For a page
   * going back (the latest, or `before`) it says whether older ones remain.
   * Returns the messages that were new.
   */
  addPage(texts: StoredText[], hasMore: boolean, direction: 'back' | 'forward'): StoredText[] {
    const added = texts.filter((t) => this.add(t));
    if (direction === 'back') this.#hasOlder = hasMore;
    return added;
  }

  #addUnnumbered(text: StoredText): boolean {
    if (text.mid !== undefined && this.#byMid.has(text.mid)) return false;
    const entry: Entry = { message: { ...text, key: `l${this.#local++}` }, epoch: this.#epoch };
    if (text.mid !== undefined) this.#byMid.set(text.mid, entry);
    this.#entries.push(entry);
    return true;
  }

  /** In (epoch, seq) order; a message without seq stays where it arrived, and a numbered one never goes above it. */
  #insert(entry: Entry): void {
    const seq = entry.message.seq!;
    let at = this.#entries.length;
    while (at > 0) {
      const before = this.#entries[at - 1]!;
      const beforeSeq = before.message.seq;
      if (beforeSeq === undefined || before.epoch < entry.epoch || beforeSeq < seq) break;
      at--;
    }
    this.#entries.splice(at, 0, entry);
  }
}
