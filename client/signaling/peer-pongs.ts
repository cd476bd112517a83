// Whether to answer a peer's ping. Each pong is a frame we send, counted
// against our own rate limit and frame size by the server: a member who
// pinged us fast, or with data just under MAX_FRAME_BYTES addressed to the
// short "room", would get us cut off as a flood or with 1009. So peers, all
// together, get at most PEER_PONGS_PER_SECOND pongs a second, and only for
// small data. Ground control's pings are always answered (by the Signaler).

/** Pongs peers' pings get from us per second, all peers together. */
export const PEER_PONGS_PER_SECOND = 2;
/** Largest ping data, serialized, that a peer gets echoed. */
export const MAX_PEER_PONG_DATA_CHARS = 1024;

export class PeerPongs {
  /** The second (now / 1000) that #count counts in. */
  #second = 0;
  #count = 0;

  /** Whether a peer's ping with `data`, at `now` (ms), gets a pong; counts it if so. */
  mayAnswer(data: unknown, now: number): boolean {
    const second = Math.floor(now / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#count = 0;
    }
    if (this.#count >= PEER_PONGS_PER_SECOND) return false;
    if (data !== undefined && JSON.stringify(data).length > MAX_PEER_PONG_DATA_CHARS) return false;
    this.#count++;
    return true;
  }
}
