// One connection: its server-assigned id, its username and its outgoing
// frames. It knows nothing of rooms or routing.
import { GROUND_CONTROL, type FrameId, type ServerFrameOf, type ServerFrameType } from '../../shared/protocol.js';
import type { Payload } from './outgoing-frame.js';
import type { SocketLike } from './socket.js';
import { senderTail } from './stamp-sender.js';

export class ChatClient {
  /** Set by `profile`; empty until the client sends one. */
  username = '';
  /** It said `bye` to ground control: its leave is a goodbye, not a drop. */
  hasSaidBye = false;
  /**
   * Connected without opting in to Parley's additions (no `?session=1`): a
   * Camus client, whose message handler throws on any type it has no
   * handler for, `error` included. The server spares it errors it cannot
   * act on (test/integration/legacy-frames.test.ts lists what it gets).
   */
  isLegacy = false;
  #isClosed = false;
  /** `,"sender":"<id>"}` as bytes, built at the first relay: clients that never relay don't pay for it. */
  #senderTail: Buffer | undefined;

  constructor(
    /** Server-assigned, never taken from the client. */
    readonly id: string,
    readonly roomId: string,
    readonly socket: SocketLike,
    /**
     * Who this connection is across reconnects, for direct messages' history:
     * the hash of its ?participant= key, or one made from its id when it gave
     * none (server/history/participant.ts).
     */
    readonly party: string = `conn:${id}`,
  ) {}

  get isClosed(): boolean {
    return this.#isClosed;
  }

  /** What stamps this client's id on a relayed frame's bytes (stampSender). */
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

  /**
   * Sends a frame from ground control whose `data` was serialized once for
   * many receivers (room-info to a whole room): only the envelope, which
   * names this receiver, is written per client. Parses to the same frame as
   * sendFromServer(shared.type, data).
   */
  sendShared<K extends ServerFrameType>(shared: SharedData<K>): void {
    this.sendRaw(`{"sender":${GROUND_CONTROL_JSON},"receiver":${JSON.stringify(this.id)},"type":${shared.typeJson},"data":${shared.dataJson}}`);
  }

  /** Closes the socket once; later calls do nothing. */
  close(code: number, reason: string): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.socket.close(code, reason);
  }
}

const GROUND_CONTROL_JSON = JSON.stringify(GROUND_CONTROL);

/** A server frame's type and data, serialized once, for ChatClient#sendShared. */
export class SharedData<K extends ServerFrameType> {
  readonly typeJson: string;
  readonly dataJson: string;

  constructor(
    readonly type: K,
    data: ServerFrameOf<K>['data'],
  ) {
    this.typeJson = JSON.stringify(type);
    this.dataJson = JSON.stringify(data);
  }
}
