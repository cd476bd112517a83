// Our own camera, microphone and screen: what we show in the self view and
// send to every peer. The outgoing stream always holds exactly one audio and
// one video track, with silent/blank placeholders when a device is off, absent
// or denied, so that peers never need to renegotiate (see video-peer.ts).
import { TypedEmitter } from '../../shared/typed-emitter.js';
import type { MediaStatus } from './media-status.js';
import type { VideoSize } from './video-size.js';

export interface LocalMediaEvents extends Record<string, unknown> {
  /** The outgoing track of `kind` is now `track`: peers must swap theirs. */
  track: { kind: 'audio' | 'video'; track: MediaStreamTrack };
  /** Anything shown changed: status, devices, errors. */
  change: void;
}

/** The browser APIs LocalMedia uses, so tests can fake them. */
export interface MediaApi {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  getDisplayMedia(constraints: DisplayMediaStreamOptions): Promise<MediaStream>;
  enumerateDevices(): Promise<MediaDeviceInfo[]>;
  /** A track that sends nothing audible or visible. */
  placeholder(kind: 'audio' | 'video'): MediaStreamTrack;
  newStream(tracks: MediaStreamTrack[]): MediaStream;
}

/** Camera settings sized for a mesh: every peer gets its own encode. */
export const VIDEO_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 640 },
  height: { ideal: 360 },
  frameRate: { ideal: 24, max: 30 },
};
const AUDIO_CONSTRAINTS: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

export interface LocalMediaOptions {
  /** The camera resolution to ask for instead of VIDEO_CONSTRAINTS' (the room link's ?video=). */
  videoSize?: VideoSize;
}

export class LocalMedia extends TypedEmitter<LocalMediaEvents> {
  readonly #api: MediaApi;
  readonly #video: MediaTrackConstraints;
  #camera: MediaStreamTrack | undefined;
  #mic: MediaStreamTrack | undefined;
  #screen: MediaStreamTrack | undefined;
  #placeholders: Partial<Record<'audio' | 'video', MediaStreamTrack>> = {};
  #stream: MediaStream | undefined;
  #isMicOn = true;
  #isCameraOn = true;
  /** Why we have no camera or microphone, in words for the user. */
  problem = '';
  devices: MediaDeviceInfo[] = [];
  cameraId = '';
  micId = '';

  constructor(api: MediaApi = browserMediaApi(), { videoSize }: LocalMediaOptions = {}) {
    super();
    this.#api = api;
    this.#video = videoSize ? { ...VIDEO_CONSTRAINTS, width: { ideal: videoSize.width }, height: { ideal: videoSize.height } } : VIDEO_CONSTRAINTS;
  }

  get isMicOn(): boolean {
    return this.#isMicOn && this.#mic !== undefined;
  }

  get isCameraOn(): boolean {
    return this.#isCameraOn && this.#camera !== undefined;
  }

  get isSharingScreen(): boolean {
    return this.#screen !== undefined;
  }

  get hasMic(): boolean {
    return this.#mic !== undefined;
  }

  get hasCamera(): boolean {
    return this.#camera !== undefined;
  }

  /** The captured microphone, also while muted (disabled); undefined without one. */
  get micTrack(): MediaStreamTrack | undefined {
    return this.#mic;
  }

  /** The stream sent to peers: the current audio and video tracks. */
  get stream(): MediaStream {
    this.#stream ??= this.#api.newStream([this.#outgoing('audio'), this.#outgoing('video')]);
    return this.#stream;
  }

  /** What the self view shows: the screen while sharing, else the camera. */
  get previewTrack(): MediaStreamTrack | undefined {
    return this.#screen ?? (this.isCameraOn ? this.#camera : undefined);
  }

  status(): MediaStatus {
    return { type: 'media-status', audio: this.isMicOn, video: this.isCameraOn || this.isSharingScreen, screen: this.isSharingScreen };
  }

  /** Asks for camera and microphone; with either missing or denied we go on without it. */
  async start(): Promise<void> {
    const problems: string[] = [];
    try {
      const both = await this.#api.getUserMedia({ audio: this.#audioConstraints(), video: this.#videoConstraints() });
      this.#mic = both.getAudioTracks()[0];
      this.#camera = both.getVideoTracks()[0];
    } catch {
      // One device may work where both together fail.
      this.#mic = await this.#tryDevice('audio', problems);
      this.#camera = await this.#tryDevice('video', problems);
    }
    // "No microphone found. No camera found." reads better as one sentence.
    this.problem = problems.length === 2 && problems.every((p) => p.startsWith('No ')) ? 'No camera or microphone found.' : problems.join(' ');
    this.micId = this.#mic?.getSettings().deviceId ?? '';
    this.cameraId = this.#camera?.getSettings().deviceId ?? '';
    if (this.#mic) this.#mic.enabled = this.#isMicOn;
    await this.refreshDevices();
    this.#publish('audio');
    this.#publish('video');
  }

  async refreshDevices(): Promise<void> {
    try {
      this.devices = (await this.#api.enumerateDevices()).filter((d) => d.deviceId !== '');
    } catch {
      this.devices = [];
    }
    this.emit('change', undefined);
  }

  setMicOn(isOn: boolean): void {
    this.#isMicOn = isOn;
    // Muting disables the track rather than stopping it: unmuting is instant.
    if (this.#mic) this.#mic.enabled = isOn;
    this.emit('change', undefined);
  }

  async setCameraOn(isOn: boolean): Promise<void> {
    this.#isCameraOn = isOn;
    if (!isOn) {
      // Stopping the camera turns its light off; peers get the placeholder.
      this.#camera?.stop();
      this.#camera = undefined;
    } else if (!this.#camera) {
      const problems: string[] = [];
      this.#camera = await this.#tryDevice('video', problems);
      this.problem = problems.join(' ');
    }
    this.#publish('video');
  }

  async selectDevice(kind: 'audio' | 'video', deviceId: string): Promise<void> {
    if (kind === 'audio') this.micId = deviceId;
    else this.cameraId = deviceId;
    if (kind === 'video' && !this.#isCameraOn) return this.emit('change', undefined);
    const problems: string[] = [];
    const track = await this.#tryDevice(kind, problems);
    if (!track) {
      this.problem = problems.join(' ');
      return this.emit('change', undefined);
    }
    if (kind === 'audio') {
      this.#mic?.stop();
      this.#mic = track;
      track.enabled = this.#isMicOn;
    } else {
      this.#camera?.stop();
      this.#camera = track;
    }
    this.#publish(kind);
  }

  /** Shares a screen or window; resolves false when the user cancels. */
  async startScreenShare(): Promise<boolean> {
    if (this.#screen) return true;
    let track: MediaStreamTrack | undefined;
    try {
      track = (await this.#api.getDisplayMedia({ video: true, audio: false })).getVideoTracks()[0];
    } catch {
      return false; // cancelled or refused: nothing to tell
    }
    if (!track) return false;
    // Text on a screen must stay sharp: keep resolution, drop frame rate.
    track.contentHint = 'detail';
    track.addEventListener('ended', () => this.stopScreenShare());
    this.#screen = track;
    this.#publish('video');
    return true;
  }

  stopScreenShare(): void {
    if (!this.#screen) return;
    this.#screen.stop();
    this.#screen = undefined;
    this.#publish('video');
  }

  /** Releases every device. */
  stop(): void {
    for (const track of [this.#camera, this.#mic, this.#screen, ...Object.values(this.#placeholders)]) track?.stop();
    this.#camera = this.#mic = this.#screen = undefined;
  }

  #audioConstraints(): MediaTrackConstraints {
    return this.micId ? { ...AUDIO_CONSTRAINTS, deviceId: { exact: this.micId } } : AUDIO_CONSTRAINTS;
  }

  #videoConstraints(): MediaTrackConstraints {
    return this.cameraId ? { ...this.#video, deviceId: { exact: this.cameraId } } : this.#video;
  }

  async #tryDevice(kind: 'audio' | 'video', problems: string[]): Promise<MediaStreamTrack | undefined> {
    const constraints = kind === 'audio' ? { audio: this.#audioConstraints() } : { video: this.#videoConstraints() };
    try {
      const stream = await this.#api.getUserMedia(constraints);
      return kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
    } catch (error) {
      problems.push(describeMediaError(kind, error));
      return undefined;
    }
  }

  #outgoing(kind: 'audio' | 'video'): MediaStreamTrack {
    const real = kind === 'audio' ? this.#mic : (this.#screen ?? this.#camera);
    return real ?? (this.#placeholders[kind] ??= this.#api.placeholder(kind));
  }

  /** Puts the current track of `kind` into the outgoing stream and tells the peers. */
  #publish(kind: 'audio' | 'video'): void {
    const track = this.#outgoing(kind);
    const stream = this.stream;
    for (const old of kind === 'audio' ? stream.getAudioTracks() : stream.getVideoTracks()) {
      if (old !== track) stream.removeTrack(old);
    }
    if (!stream.getTracks().includes(track)) stream.addTrack(track);
    this.emit('track', { kind, track });
    this.emit('change', undefined);
  }
}

/** A sentence for the lobby about why a device is missing. */
export function describeMediaError(kind: 'audio' | 'video', error: unknown): string {
  const device = kind === 'audio' ? 'microphone' : 'camera';
  const name = typeof error === 'object' && error !== null && 'name' in error && typeof error.name === 'string' ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return `Access to the ${device} was denied.`;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return `No ${device} found.`;
    case 'NotReadableError':
      return `The ${device} is in use by another app.`;
    default:
      return `The ${device} is not available.`;
  }
}

function browserMediaApi(): MediaApi {
  let audioContext: AudioContext | undefined;
  return {
    getUserMedia: (c) => navigator.mediaDevices.getUserMedia(c),
    getDisplayMedia: (c) => navigator.mediaDevices.getDisplayMedia(c),
    enumerateDevices: () => navigator.mediaDevices.enumerateDevices(),
    newStream: (tracks) => new MediaStream(tracks),
    placeholder(kind) {
      if (kind === 'audio') {
        audioContext ??= new AudioContext();
        const track = audioContext.createMediaStreamDestination().stream.getAudioTracks()[0]!;
        track.enabled = false;
        return track;
      }
      // A canvas stream at 0 fps produces no frames: nothing to encode.
      const canvas = Object.assign(document.createElement('canvas'), { width: 2, height: 2 });
      return canvas.captureStream(0).getVideoTracks()[0]!;
    },
  };
}
