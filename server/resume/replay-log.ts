// The frames sent to a resumable client that it may not have received yet,
// numbered 1, 2, 3... in sending order. A frame written to a socket whose
// network died silently is lost in the dead connection's buffers, and the
// server cannot tell until the heartbeat notices; so frames are kept until a
// pong proves the client read them (TCP is ordered: a pong to a ping means
// everything sent before the ping arrived). On resumption the client says how
// many it has seen and the rest are sent again. Bounded in bytes: past the
// bound the oldest go, and a resumption that needs them is refused.
export class ReplayLog {
  #frames: string[] = [];
  #head = 0;
  #bytes = 0;
  #firstSeq: number;
  #nextSeq: number;

  /** `firstSeq`: the number of the first frame; above 1 for a session taken over from another node. */
  constructor(firstSeq = 1) {
    this.#firstSeq = firstSeq;
    this.#nextSeq = firstSeq;
  }

  /** The number the next frame gets; nextSeq - 1 frames have been logged in all. */
  get nextSeq(): number {
    return this.#nextSeq;
  }

  /** The number of the oldest frame still held (equals nextSeq when none is). */
  get firstSeq(): number {
    return this.#firstSeq;
  }

  /** UTF-16 length of the frames held, a close enough measure of their size. */
  get bytes(): number {
    return this.#bytes;
  }

  append(frame: string): void {
    this.#frames.push(frame);
    this.#bytes += frame.length;
    this.#nextSeq++;
  }

  /** Drops frames numbered up to `seq`: the client has them. */
  confirm(seq: number): void {
    while (this.#firstSeq <= seq && this.#head < this.#frames.length) this.#dropOldest();
    this.#compact();
  }

  /** Drops the oldest frames until at most `maxBytes` are held. */
  trimTo(maxBytes: number): void {
    while (this.#bytes > maxBytes && this.#head < this.#frames.length) this.#dropOldest();
    this.#compact();
  }

  /** Whether every frame after the client's `seen` is still held. */
  canReplayAfter(seen: number): boolean {
    return Number.isInteger(seen) && seen + 1 >= this.#firstSeq && seen < this.#nextSeq;
  }

  /** The frames numbered seen+1 onwards, oldest first. */
  *after(seen: number): IterableIterator<string> {
    for (let i = this.#head + Math.max(0, seen + 1 - this.#firstSeq); i < this.#frames.length; i++) yield this.#frames[i]!;
  }

  #dropOldest(): void {
    this.#bytes -= this.#frames[this.#head]!.length;
    this.#head++;
    this.#firstSeq++;
  }

  /** Reclaims the dropped prefix now and then, not on every drop. */
  #compact(): void {
    if (this.#head > 256 && this.#head * 2 > this.#frames.length) {
      this.#frames = this.#frames.slice(this.#head);
      this.#head = 0;
    }
  }
}
