// Resume tokens: the secret that lets a reconnecting client take back its
// slot. Ids are visible to the whole room, so they cannot serve; a token is
// 256 random bits known only to the client it was sent to. Tokens are single
// use: each resumption issues a new one, so a token seen in a log is stale.
import { randomBytes } from 'node:crypto';
import type { ChatClient } from '../core/chat-client.js';
import type { ClientSession } from './client-session.js';

export interface ResumableSlot {
  client: ChatClient;
  session: ClientSession;
}

export class ResumeTokens {
  readonly #byToken = new Map<string, ResumableSlot>();
  readonly #tokenOf = new Map<ClientSession, string>();

  constructor(private readonly newToken: () => string = () => randomBytes(32).toString('base64url')) {}

  /** Live tokens, one per resumable session. */
  get size(): number {
    return this.#byToken.size;
  }

  /** Issues a fresh token for `slot`, revoking the one it had. */
  issue(slot: ResumableSlot): string {
    this.forget(slot.session);
    const token = this.newToken();
    this.#byToken.set(token, slot);
    this.#tokenOf.set(slot.session, token);
    return token;
  }

  /**
   * Redeems `token` for a slot in `roomId`, revoking it. Undefined when the
   * token is unknown, spent, for another room, or its session has ended.
   */
  redeem(token: string, roomId: string): ResumableSlot | undefined {
    const slot = this.#byToken.get(token);
    if (!slot || slot.client.roomId !== roomId || slot.session.isEnded) return undefined;
    this.forget(slot.session);
    return slot;
  }

  forget(session: ClientSession): void {
    const token = this.#tokenOf.get(session);
    if (token === undefined) return;
    this.#tokenOf.delete(session);
    this.#byToken.delete(token);
  }
}
