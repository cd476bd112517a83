// The seam for session resumption across nodes (issue 13, docs/cluster.md):
// in a cluster a client whose socket dropped may come back through the load
// balancer to another node, even after its node died, so the slot it holds
// and the frames it may have missed must live outside the node. The
// Gatekeeper mirrors each resumable session there (SessionMirror) and, for a
// resume token it does not know, asks the ledger to take the slot over.
// server/cluster/redis-slots.ts keeps them in Redis with RESUME_GRACE_MS as
// their time to live. Without a ledger (one node, or Redis down) a client
// resumes only on the node that held it.

/** What one session tells the ledger, in order; each call is fire-and-forget. */
export interface SessionMirror {
  /** A numbered frame was logged for the client: the next number after those appended so far. */
  append(frame: string): void;
  /** The log now starts at `firstSeq`: the client confirmed the frames before it, or they were dropped. */
  trim(firstSeq: number): void;
  /** A new resume token was issued (the first, or after a resumption): the previous one no longer works. */
  token(token: string): void;
  /** The socket dropped: the slot is held for `remainingMs` more. */
  park(remainingMs: number): void;
  /** The session ended here; `isMoved`: another node took it over, so the slot is not this node's to delete. */
  end(isMoved: boolean): void;
}

/** A slot another node held, now this node's: who the client was and the frames it has not seen. */
export interface TakenSlot {
  clientId: string;
  username: string;
  party: string;
  /** Numbered seen+1 onwards, oldest first. */
  frames: string[];
  /** Set when the room has a password; `by`: the member who set it, when known. */
  lock?: { by?: string };
}

/** Who a mirrored session speaks for (a ChatClient is one); read when a token is issued. */
export interface MirroredMember {
  readonly roomId: string;
  readonly id: string;
  readonly username: string;
  readonly party: string;
}

export interface SlotLedger {
  /** Mirrors the resumable session of `member`; `nextSeq` is the number its log gives the next frame. */
  mirror(member: MirroredMember, nextSeq: number): SessionMirror;
  /**
   * Takes over the slot `token` resumes, for a client that has seen `seen`
   * numbered frames: the token is spent, and the slot and its member now
   * belong to this node. Undefined when the token is unknown or spent, the
   * grace period is over, or frames the client needs are gone.
   */
  take(roomId: string, token: string, seen: number): Promise<TakenSlot | undefined>;
  /**
   * The taken-over client's session is in the room, with the frames it was
   * given: frames for it published after the takeover, which arrived
   * meanwhile, are delivered to it now, after them. Called once per take()
   * that returned a slot, also after release().
   */
  settle(roomId: string, clientId: string): void;
  /** Gives back a slot taken for a socket that closed before it could be used. */
  release(roomId: string, clientId: string): void;
}
