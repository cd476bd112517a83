// One connection: its server-assigned id, its username and its outgoing
// frames. It knows nothing of rooms or routing.
import { GROUND_CONTROL, type FrameId, type ServerFrameOf, type ServerFrameType } from '../shared/protocol.js';
import type { Payload } from './outgoing-frame.js';
import type { SocketLike } from './socket.js';
import { senderTail } from './stamp-sender.js';

export class ChatClient {
  /** Set by `profile`; empty until the client sends one. */
  username = '';
  #isClosed = false;
  /** `,"sender":"<id>"}` as bytes, built at the first relay: clients that never relay don't pay for it. */
  #senderTail: Buffer | undefined;

  constructor(
    /** Server-assigned, never taken from the client. */
    readonly id: string,
    readonly roomId: string,
    readonly socket: SocketLike,
  ) {}

  get isClosed(): boolean {
    return this.#isClosed;
  }

  /** What stamps this client's id on a relayed frame's bytes (stampSenderBytes). */
  get senderTail(): Buffer {
    return (this.#senderTail ??= senderTail(this.id));
  }

  /** Sends a frame that is already serialized (relayed bytes, or text). */
  sendRaw(payload: Payload): void {
    if (!this.#isClosed) this.socket.send(payload);
  }

  /** Sends a frame from ground control to this client, echoing the request's `id`. */
  sendFromServer<K extends ServerFrameType>(type: K, data: ServerFrameOf<K>['data'], id?: FrameId): void {
    const frame = { sender: GROUND_CONTROL, receiver: this.id, type, data, id };
    this.sendRaw(JSON.stringify(frame));
  }

  /** Closes the socket once; later calls do nothing. */
  close(code: number, reason: string): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.socket.close(code, reason);
  }
}
