// The media one remote peer sends us, as what its tiles show: one stream
// (camera and microphone) and, while a Parley peer presents, one screen.
// Built from the tracks the connection receives rather than from the streams
// the sender claims: WebRTC lets a track come without a stream (`a=msid:-`,
// what a client that adds tracks with addTransceiver and no stream sends,
// Camus 0.3 among them), and the browser then fires `track` with no stream.
//
// Which video track is the screen is never guessed: a Parley peer names the
// mid of the transceiver it presents on (its `screenMid`, in media-status;
// a mid is the same on both sides of a connection). Every other video track
// is the camera, and a newer one replaces an older (a client that renegotiates
// its camera); a track that ends is dropped. The result depends only on what
// has arrived, not on the order: a screen track that comes before the status
// naming its mid is taken for the camera until the status comes. One camera
// slot and one screen slot, whatever a peer sends: at most MAX_VIDEO_TRACKS
// video tracks are kept. Each change makes new MediaStreams, so a <video>
// always gets a fresh srcObject and never has to notice swapped tracks.

/** Video tracks kept per peer (a Parley peer sends two: camera and screen); older ones are forgotten. */
export const MAX_VIDEO_TRACKS = 4;

/** What a peer's tiles show: its camera and microphone, and its screen while it presents. */
export interface RemoteStreams {
  stream: MediaStream | undefined;
  screen: MediaStream | undefined;
}

interface ReceivedVideo {
  track: MediaStreamTrack;
  mid: string | null;
}

export class RemoteMedia {
  #audio: MediaStreamTrack | undefined;
  /** Oldest first. */
  #videos: ReceivedVideo[] = [];
  #screenMid: string | undefined;
  #isPresenting = false;
  /** The tracks shown now: the microphone, the camera and the screen. */
  #shown: (MediaStreamTrack | undefined)[] = [];
  #streams: RemoteStreams = { stream: undefined, screen: undefined };
  readonly #onChange: (streams: RemoteStreams) => void;
  readonly #makeStream: (tracks: MediaStreamTrack[]) => MediaStream;

  constructor(onChange: (streams: RemoteStreams) => void, makeStream = (tracks: MediaStreamTrack[]) => new MediaStream(tracks)) {
    this.#onChange = onChange;
    this.#makeStream = makeStream;
  }

  /** The camera and microphone, or none before the first track. */
  get stream(): MediaStream | undefined {
    return this.#streams.stream;
  }

  /** The shared screen, while the peer presents on its own transceiver. */
  get screen(): MediaStream | undefined {
    return this.#streams.screen;
  }

  /** A track the connection received on the transceiver `mid`. */
  add(track: MediaStreamTrack, mid: string | null): void {
    if (track.readyState === 'ended') return;
    if (track.kind === 'audio') {
      if (this.#audio === track) return;
      this.#audio = track;
    } else {
      if (this.#videos.some((v) => v.track === track)) return;
      this.#videos = [...this.#videos.filter((v) => v.mid !== mid || mid === null), { track, mid }].slice(-MAX_VIDEO_TRACKS);
    }
    track.addEventListener('ended', () => this.#drop(track), { once: true });
    this.#update();
  }

  /** The peer's media status: the mid its screen goes on (kept once named), and whether it presents now. */
  setScreen(mid: string | undefined, isPresenting: boolean): void {
    if (mid !== undefined) this.#screenMid = mid;
    this.#isPresenting = isPresenting;
    this.#update();
  }

  /** Forgets every track (the connection they came on is gone); the streams stay shown until new tracks come. */
  clear(): void {
    this.#audio = undefined;
    this.#videos = [];
    this.#screenMid = undefined;
  }

  #drop(track: MediaStreamTrack): void {
    if (this.#audio === track) this.#audio = undefined;
    this.#videos = this.#videos.filter((v) => v.track !== track);
    this.#update();
  }

  #update(): void {
    const isScreen = (v: ReceivedVideo) => this.#screenMid !== undefined && v.mid === this.#screenMid;
    const camera = this.#videos.filter((v) => !isScreen(v)).at(-1)?.track;
    const screen = this.#isPresenting ? this.#videos.find(isScreen)?.track : undefined;
    const [audio, video, shownScreen] = this.#shown;
    const isOwnSame = audio === this.#audio && video === camera;
    if (isOwnSame && shownScreen === screen) return;
    this.#shown = [this.#audio, camera, screen];
    // Only the stream that changed is new: the other <video> plays on undisturbed.
    const own = [camera, this.#audio].filter((t) => t !== undefined);
    this.#streams = {
      stream: isOwnSame ? this.#streams.stream : own.length > 0 ? this.#makeStream(own) : undefined,
      screen: shownScreen === screen ? this.#streams.screen : screen && this.#makeStream([screen]),
    };
    this.#onChange(this.#streams);
  }
}
