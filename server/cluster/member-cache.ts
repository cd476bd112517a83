// A node's cache of each room's members on other nodes (RedisBus): kept by
// the nodes' announcements on the room's channel, and replaced by what Redis
// holds whenever the bus reads the room again (a script's reply). A reply
// and a message travel on two connections, so a reply may be read after a
// message that Redis sent later: what a message said about a member since
// the read was sent wins over the reply (mark() before sending, then
// replace(..., since)), or a member who joined meanwhile would vanish from
// room-info until the next change, now that nothing rereads every 2 s.
import type { StoredMember } from './bus-message.js';

/** How long a message's word on a member is kept against replies still on their way. */
const HEARD_MS = 30_000;

export class MemberCache {
  readonly #rooms = new Map<string, Map<string, StoredMember>>();
  /** Per room: member id -> the sequence number and time of the last message about it. */
  readonly #heard = new Map<string, Map<string, { seq: number; at: number }>>();
  #seq = 0;

  has(roomId: string): boolean {
    return this.#rooms.has(roomId);
  }

  open(roomId: string): void {
    if (!this.#rooms.has(roomId)) this.#rooms.set(roomId, new Map());
  }

  drop(roomId: string): void {
    this.#rooms.delete(roomId);
    this.#heard.delete(roomId);
  }

  roomIds(): IterableIterator<string> {
    return this.#rooms.keys();
  }

  room(roomId: string): ReadonlyMap<string, StoredMember> | undefined {
    return this.#rooms.get(roomId);
  }

  get(roomId: string, clientId: string): StoredMember | undefined {
    return this.#rooms.get(roomId)?.get(clientId);
  }

  /** The number to pass to replace() for a read sent now. */
  mark(): number {
    return this.#seq;
  }

  /** A message said the member is in the room (joined, updated). */
  heardJoined(roomId: string, member: StoredMember): void {
    this.#rooms.get(roomId)?.set(member.id, member);
    this.#note(roomId, member.id);
  }

  /** A message said the member is gone (left, or it is now held here); true if it was cached. */
  heardLeft(roomId: string, clientId: string): boolean {
    this.#note(roomId, clientId);
    return this.#rooms.get(roomId)?.delete(clientId) ?? false;
  }

  /**
   * Replaces the room's members by `fresh` (what Redis held when the read
   * ran, sent at mark() `since`), except members a message spoke of since
   * then; with `isSettling`, members are added but none removed. Returns
   * whether the room's members (their names) changed.
   */
  replace(roomId: string, fresh: Map<string, StoredMember>, since: number, isSettling: boolean): boolean {
    const cached = this.#rooms.get(roomId);
    if (!cached) return false;
    const heard = this.#heard.get(roomId);
    const now = Date.now();
    for (const [id, { seq, at }] of heard ?? []) {
      if (now - at > HEARD_MS) heard?.delete(id);
      else if (seq > since) {
        const member = cached.get(id);
        if (member) fresh.set(id, member);
        else fresh.delete(id);
      }
    }
    if (isSettling) for (const [id, member] of cached) if (!fresh.has(id)) fresh.set(id, member);
    let isChanged = false;
    for (const [id, member] of cached) if (fresh.get(id)?.username !== member.username) isChanged = true;
    // A newcomer without a name yet is not announced: Camus clients that see
    // it before its profile start an offer too early (ChatManager.handleConnect).
    for (const [id, member] of fresh) if (!cached.has(id) && member.username !== '') isChanged = true;
    this.#rooms.set(roomId, fresh);
    return isChanged;
  }

  #note(roomId: string, clientId: string): void {
    let heard = this.#heard.get(roomId);
    if (!heard) {
      heard = new Map<string, { seq: number; at: number }>();
      this.#heard.set(roomId, heard);
    }
    heard.set(clientId, { seq: ++this.#seq, at: Date.now() });
  }
}
