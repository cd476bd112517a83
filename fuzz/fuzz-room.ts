// One fuzzed room: a fuzzing connection and a bystander pair, A and B, who
// hold a "call" (they relay offers both ways). Each batch of generated frames
// is sent pipelined on the fuzzing connection, followed by a ping that marks
// its end; every frame the fuzzer, A and B receive is held to the oracle's
// prediction, in order, and after the batch A and B must still relay to each
// other. Anything else is a violation, reported with the frame that caused it.
import { GROUND_CONTROL } from '../shared/protocol.js';
import type { FuzzFrame } from './frame-generator.js';
import { idJson, predict, type Expected, type OracleContext } from './oracle.js';
import { Peer, type Received } from './peer.js';

/** An expected frame, with the index (in the batch) of the frame that calls for it. */
type Pending = Expected & { frame: number };

export interface RoomLimits {
  maxFrameBytes: number;
  maxTextLength: number;
  depthLimit: number | undefined;
  /**
   * Open a new fuzzing connection for every batch: at the default rate limit
   * a connection has one burst (256 frames) to spend, not one per batch.
   */
  freshConnectionEachBatch?: boolean;
}

export class FuzzViolation extends Error {
  constructor(
    message: string,
    /** Index in the batch of the frame at fault, when known. */
    readonly frameIndex: number | undefined,
  ) {
    super(message);
    this.name = 'FuzzViolation';
  }
}

/** Resolves when `check` holds, re-checked whenever `poke` is called. */
class Condition {
  #waiters: { check: () => boolean; resolve: () => void }[] = [];
  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ check, resolve }));
  }
  poke(): void {
    this.#waiters = this.#waiters.filter((waiter) => (waiter.check() ? (waiter.resolve(), false) : true));
  }
}

export class FuzzRoom {
  fuzzer!: Peer;
  a!: Peer;
  b!: Peer;
  /** Every id the fuzzing connection has had: frames from any of them are the fuzzer's. */
  readonly #fuzzerIds = new Set<string>();
  #toFuzzer: Pending[] = [];
  readonly #toMember = new Map<string, Pending[]>();
  #violation: FuzzViolation | undefined;
  readonly #changed = new Condition();
  #probes = 0;
  #probesSeen = new Set<string>();
  #batch = 0;
  #sentOnConnection = false;

  private constructor(
    readonly url: string,
    readonly name: string,
    readonly limits: RoomLimits,
  ) {}

  static async open(url: string, name: string, limits: RoomLimits): Promise<FuzzRoom> {
    const room = new FuzzRoom(url, name, limits);
    room.a = await Peer.join(url, name, `${name}-a`);
    room.b = await Peer.join(url, name, `${name}-b`);
    for (const member of [room.a, room.b]) {
      room.#toMember.set(member.id, []);
      member.onFrame = (received) => room.#memberReceived(member, received);
    }
    await room.#connectFuzzer();
    return room;
  }

  /** Fuzzing connections of this room that have left, newest last. */
  #departed: string[] = [];

  get fuzzerId(): string {
    return this.fuzzer.id;
  }

  get memberIds(): string[] {
    return [this.a.id, this.b.id];
  }

  /** The frames of the latest batch, for a report. */
  lastBatch: FuzzFrame[] = [];

  /**
   * Sends up to `count` frames from `next`, pipelined, stopping after one
   * that ends the connection; checks every reply and relay; then has A and
   * B relay an offer both ways. Rejects with a FuzzViolation, or with
   * whatever `failed` rejects with (a crash).
   */
  async runBatch(next: () => FuzzFrame, count: number, failed: Promise<never>, timeoutMs: number): Promise<FuzzFrame[]> {
    if (this.limits.freshConnectionEachBatch && this.#sentOnConnection) {
      await this.#guard(this.fuzzer.client.close(), failed, timeoutMs, 'the close of the last fuzzing connection');
      // The room remembers its last 32 departures (ChatRoom.hasLeft), and the generator still aims at this id.
      this.#departed = [...this.#departed, this.fuzzer.id].slice(-32);
      await this.#guard(this.#connectFuzzer(), failed, timeoutMs, 'a new fuzzing connection');
    }
    this.#sentOnConnection = true;
    this.#batch++;
    const ctx: OracleContext = { self: this.fuzzer.id, members: this.memberIds, departed: this.#departed, ...this.limits };
    const frames: FuzzFrame[] = (this.lastBatch = []);
    let close: number | undefined;
    while (frames.length < count && close === undefined) {
      const frame = next();
      const index = frames.push(frame) - 1;
      const prediction = predict(frame.bytes, frame.isBinary, ctx);
      for (const expected of prediction.toSelf) this.#toFuzzer.push({ ...expected, frame: index });
      for (const [member, list] of prediction.toMembers) this.#toMember.get(member)!.push(...list.map((expected) => ({ ...expected, frame: index })));
      close = prediction.close;
      this.fuzzer.send(frame.bytes, frame.isBinary);
    }
    const guard = <T>(step: Promise<T>, what: string) => this.#guard(step, failed, timeoutMs, what);
    if (close === undefined) {
      const barrier = `barrier-${this.#batch}`;
      this.#toFuzzer.push({ fromServer: true, type: 'pong', idJson: idJson(barrier), frame: frames.length });
      this.fuzzer.send(JSON.stringify({ receiver: GROUND_CONTROL, type: 'ping', id: barrier }));
      await guard(
        this.#changed.until(() => this.#toFuzzer.length === 0 || this.#violation !== undefined),
        'the replies to the batch',
      );
    } else {
      const { code } = await guard(this.fuzzer.closed, 'the close of the fuzzing connection');
      if (code !== close) this.#fail(`the fuzzing connection closed with ${code}, not ${close}`, frames.length - 1);
      // An out-of-turn answer still being worked on when the socket closed has nobody to go to.
      const missed = this.#toFuzzer.find((e) => e.isLate !== true);
      if (missed) this.#fail(`the connection closed before ${this.#describe(missed)} arrived`, missed.frame);
      this.#throwIfViolated();
      await guard(this.#connectFuzzer(), 'a new fuzzing connection');
    }
    this.#throwIfViolated();
    await guard(this.#probe(), 'the bystanders relaying an offer both ways');
    this.#throwIfViolated();
    for (const [member, pending] of this.#toMember) {
      if (pending.length > 0) this.#fail(`member ${member} never got ${this.#describe(pending[0]!)}`, pending[0]!.frame);
    }
    this.#throwIfViolated();
    return frames;
  }

  close(): void {
    for (const peer of [this.fuzzer, this.a, this.b]) peer?.terminate();
  }

  async #connectFuzzer(): Promise<void> {
    this.fuzzer = await Peer.join(this.url, this.name);
    this.#fuzzerIds.add(this.fuzzer.id);
    this.#toFuzzer = [];
    this.#sentOnConnection = false;
    this.fuzzer.onFrame = (received) => this.#fuzzerReceived(received);
  }

  /** A sends B an offer and B sends A one; both must arrive. */
  async #probe(): Promise<void> {
    const n = ++this.#probes;
    const pairs: [Peer, Peer][] = [
      [this.a, this.b],
      [this.b, this.a],
    ];
    for (const [from, to] of pairs) from.send(JSON.stringify({ receiver: to.id, type: 'offer', id: `probe-${n}-${to.id}`, data: { type: 'offer', sdp: 'v=0\r\n' } }));
    await this.#changed.until(() => pairs.every(([, to]) => this.#probesSeen.has(`probe-${n}-${to.id}`)) || this.#violation !== undefined);
  }

  #fuzzerReceived(received: Received): void {
    if (!received.ok) return this.#fail(`the fuzzing connection: ${received.problem}`, this.#toFuzzer[0]?.frame);
    const frame = received.frame;
    const code = frame.type === 'error' ? frame.data.code : undefined;
    const matches = (expected: Expected) =>
      frame.type === expected.type &&
      (expected.codes === undefined || expected.codes.includes(code ?? '')) &&
      idJson(frame.id) === expected.idJson &&
      (expected.fromServer ? frame.sender === GROUND_CONTROL && frame.receiver === this.fuzzer.id : frame.sender === this.fuzzer.id);
    // An answer that may come out of turn is taken wherever it waits; everything else in order.
    const late = this.#toFuzzer.findIndex((e) => e.isLate === true && matches(e));
    const index = late !== -1 ? late : this.#toFuzzer.findIndex((e) => e.isLate !== true);
    const [expected] = index === -1 ? [] : this.#toFuzzer.splice(index, 1);
    if (!expected) return this.#fail(`the fuzzing connection got an unexpected ${frame.type}: ${JSON.stringify(frame).slice(0, 300)}`, undefined);
    if (!matches(expected)) {
      this.#fail(`the fuzzing connection expected ${this.#describe(expected)} but got ${JSON.stringify(frame).slice(0, 300)}`, expected.frame);
    }
    this.#changed.poke();
  }

  #memberReceived(member: Peer, received: Received): void {
    if (!received.ok) return this.#fail(`member ${member.id}: ${received.problem}`, undefined);
    const frame = received.frame;
    if (frame.sender === GROUND_CONTROL) {
      if (frame.type !== 'room-info') this.#fail(`member ${member.id} got an unasked-for ${frame.type} from ground control`, undefined);
    } else if (frame.sender === (member === this.a ? this.b.id : this.a.id)) {
      // The partner's probe, and nothing else.
      if (frame.type !== 'offer' || typeof frame.id !== 'string' || !frame.id.startsWith('probe-'))
        this.#fail(`member ${member.id} got a stray ${frame.type} from its partner`, undefined);
      else this.#probesSeen.add(frame.id);
    } else if (this.#fuzzerIds.has(frame.sender)) {
      const pending = this.#toMember.get(member.id)!;
      const expected = pending.shift();
      if (!expected || frame.type !== expected.type || idJson(frame.id) !== expected.idJson) {
        this.#fail(
          `member ${member.id} expected ${expected ? this.#describe(expected) : 'nothing'} from the fuzzer but got ${JSON.stringify(frame).slice(0, 300)}`,
          expected?.frame,
        );
      }
    } else {
      this.#fail(`member ${member.id} got a frame from a stranger: ${JSON.stringify(frame).slice(0, 300)}`, undefined);
    }
    this.#changed.poke();
  }

  #describe(expected: Expected): string {
    return `${expected.type}${expected.codes ? ` (${expected.codes.join(' or ')})` : ''}${expected.idJson ? ` id ${expected.idJson}` : ' without id'}`;
  }

  #fail(message: string, frameIndex: number | undefined): void {
    this.#violation ??= new FuzzViolation(`room ${this.name}: ${message}`, frameIndex);
    this.#changed.poke();
  }

  #throwIfViolated(): void {
    if (this.#violation) throw this.#violation;
  }

  async #guard<T>(step: Promise<T>, failed: Promise<never>, timeoutMs: number, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new FuzzViolation(`room ${this.name}: no sign of ${what} within ${timeoutMs} ms`, this.#toFuzzer[0]?.frame)), timeoutMs);
    });
    try {
      return await Promise.race([step, failed, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
