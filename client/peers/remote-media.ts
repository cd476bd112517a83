// The media one remote peer sends us, as one MediaStream for its tile, built
// from the tracks the connection receives rather than from the streams the
// sender claims: WebRTC lets a track come without a stream (`a=msid:-`, what
// a client that adds tracks with addTransceiver and no stream sends, Camus
// 0.3 among them), and the browser then fires `track` with no stream at all.
// At most one track of each kind is shown: a new audio or video track
// replaces the one of its kind, and a track that ends is dropped. Each change
// makes a new MediaStream, so a <video> always gets a fresh srcObject and
// never has to notice tracks swapped inside the one it plays.
export class RemoteMedia {
  #tracks = new Map<string, MediaStreamTrack>();
  #stream: MediaStream | undefined;
  readonly #onChange: (stream: MediaStream | undefined) => void;
  readonly #makeStream: (tracks: MediaStreamTrack[]) => MediaStream;

  constructor(onChange: (stream: MediaStream | undefined) => void, makeStream = (tracks: MediaStreamTrack[]) => new MediaStream(tracks)) {
    this.#onChange = onChange;
    this.#makeStream = makeStream;
  }

  /** The stream to show, or none before the first track. */
  get stream(): MediaStream | undefined {
    return this.#stream;
  }

  /** A track the connection received: it replaces the one of its kind. */
  add(track: MediaStreamTrack): void {
    if (track.readyState === 'ended' || this.#tracks.get(track.kind) === track) return;
    this.#tracks.set(track.kind, track);
    track.addEventListener('ended', () => this.#drop(track), { once: true });
    this.#update();
  }

  /** Forgets every track (the connection they came on is gone); the stream stays shown until new tracks come. */
  clear(): void {
    this.#tracks = new Map();
  }

  #drop(track: MediaStreamTrack): void {
    if (this.#tracks.get(track.kind) !== track) return; // already replaced
    this.#tracks.delete(track.kind);
    this.#update();
  }

  #update(): void {
    const tracks = [...this.#tracks.values()];
    this.#stream = tracks.length > 0 ? this.#makeStream(tracks) : undefined;
    this.#onChange(this.#stream);
  }
}
