// What a client must remember to take its slot back after a dropped socket
// (docs/protocol-reliability.md §3-4): the resume token, the grace period,
// when the drop happened, and how many numbered frames it has received. From
// these it builds the URL of the next connection: a resumption while within
// the grace period, a fresh join after.
import { GROUND_CONTROL, WsQuery, type SessionData } from '../../shared/protocol.js';

export class ResumeTicket {
  #token: string | undefined;
  #graceMs = 0;
  #seen = 0;
  /** Frames count only after the session's first `session` frame. */
  #isCounting = false;
  #droppedAt: number | undefined;

  /**
   * @param baseUrl the room's WebSocket URL, without a query
   * @param password given on every connection, so a fresh join after the grace period gets in again;
   *   replaced when the room is locked or unlocked from inside the call
   * @param participant this browser's participant key, given on every connection (docs/protocol-history.md §3)
   */
  constructor(
    readonly baseUrl: string,
    public password = '',
    readonly participant = '',
  ) {}

  /** Frames received in this session, as the server counts them. */
  get seen(): number {
    return this.#seen;
  }

  get hasToken(): boolean {
    return this.#token !== undefined;
  }

  /** Whether a connection opened at `now` would ask to resume (rather than join fresh). */
  canResume(now: number): boolean {
    return this.#token !== undefined && this.#droppedAt !== undefined && now - this.#droppedAt < this.#graceMs;
  }

  /** The URL of the next connection. */
  url(now: number): string {
    const query = new URLSearchParams();
    if (this.canResume(now)) {
      query.set(WsQuery.resume, this.#token!);
      query.set(WsQuery.seen, String(this.#seen));
    } else {
      query.set(WsQuery.session, '1');
    }
    // URLSearchParams percent-encodes it; the server never logs the query.
    if (this.password) query.set(WsQuery.password, this.password);
    if (this.participant) query.set(WsQuery.participant, this.participant);
    return `${this.baseUrl}?${query}`;
  }

  /** A `session` frame arrived: keep its token; a session that was not resumed starts counting afresh. */
  handleSession(data: SessionData): void {
    this.#token = data.token;
    this.#graceMs = data.grace_ms;
    if (!data.resumed) this.#seen = 0;
    this.#isCounting = true;
    this.#droppedAt = undefined;
  }

  /** Counts one received frame, unless it is ground control's greeting or session (the counting rule, §3). */
  handleFrame(sender: string | undefined, type: string | undefined): void {
    if (!this.#isCounting) return;
    if (sender === GROUND_CONTROL && (type === 'greeting' || type === 'session')) return;
    this.#seen++;
  }

  /** The socket dropped at `now`; the grace period runs from the first drop until a session frame. */
  handleDrop(now: number): void {
    this.#droppedAt ??= now;
  }
}
