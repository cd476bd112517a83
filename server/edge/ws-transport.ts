// One ws WebSocket as the session's Transport, with its writes batched per
// event-loop turn. ws writes every frame with its own system call, though one
// TCP read often carries several frames for the same receiver (and a room
// fan-out sends one to each member): profiles showed about 30% of the relay's
// busy time in writev. So a receiver's TCP stream is corked at its first frame
// of a turn, and every stream corked in the turn is uncorked on
// process.nextTick, once the frames of that read have all been handled; what
// queued meanwhile leaves in one writev. Corked bytes count in ws's
// bufferedAmount, so the slow-consumer bound sees them.
// Part of the edge: the only other file that knows ws.
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Transport } from '../resume/client-session.js';
import type { Pingable } from '../admission/heartbeat.js';

const AS_TEXT = { binary: false } as const;

export class WsTransport implements Transport, Pingable {
  constructor(
    readonly ws: WebSocket,
    /** The TCP stream ws speaks over (ws keeps it as the private _socket). */
    private readonly stream: Duplex,
  ) {}

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  send(data: string | Uint8Array): void {
    corkForThisTurn(this.stream);
    this.ws.send(data, AS_TEXT);
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }

  /** For the heartbeat. */
  ping(): void {
    this.ws.ping();
  }
}

/** Streams corked in this turn, to be uncorked on the next tick. */
let corked: Duplex[] = [];

function corkForThisTurn(stream: Duplex): void {
  // ws corks around each frame it writes and uncorks after, so outside
  // ws.send a corked stream is one we corked this turn.
  if (stream.writableCorked > 0) return;
  stream.cork();
  if (corked.push(stream) === 1) process.nextTick(uncorkAll);
}

function uncorkAll(): void {
  const streams = corked;
  corked = [];
  for (const stream of streams) stream.uncork();
}
