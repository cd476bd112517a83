// Our own camera, microphone and screen: what we show in the self view and
// send to every peer. The outgoing stream always holds exactly one audio and
// one video track (the camera), with silent/blank placeholders when a device
// is off, absent or denied, so that peers never need to renegotiate for them
// (see video-peer.ts). The screen we present is apart: peers send it on a
// transceiver of its own (client/peers/screen-slot.ts).
// Just over ~300 lines for a reason: the three sources share one set of
// rules (placeholders, devices lost and replaced, the one status peers see).
import { TypedEmitter } from '../../shared/typed-emitter.js';
import { deviceLabel, isDeviceGone, type DeviceKind } from './device-list.js';
import type { DeviceMemory } from './device-memory.js';
import { browserMediaApi, type MediaApi } from './media-api.js';
import { describeMediaError, isNotFound } from './media-errors.js';
import type { MediaStatus } from './media-status.js';

export type { MediaApi } from './media-api.js';
export { describeMediaError } from './media-errors.js';
import type { VideoSize } from './video-size.js';

export interface LocalMediaEvents extends Record<string, unknown> {
  /** The outgoing track of `kind` is now `track`: peers must swap theirs. */
  track: { kind: 'audio' | 'video'; track: MediaStreamTrack };
  /** We started or stopped presenting (screenTrack). */
  screen: void;
  /** Anything shown changed: status, devices, errors. */
  change: void;
  /** The device of `kind` in use went away (unplugged): the default one replaced it. */
  'device-lost': { kind: DeviceKind; label: string };
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
  /** Where the user's picks are remembered for the session (device-memory.ts). */
  memory?: DeviceMemory;
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
  /** The speaker remote sound plays on ('' = the system's default). */
  speakerId = '';
  readonly #memory: DeviceMemory | undefined;
  #unwatch: (() => void) | undefined;
  /** Kinds whose lost device is being replaced: an unplug ends the track and changes the device list, one replacement is enough. */
  readonly #replacing = new Set<'audio' | 'video'>();
  readonly #watched = new WeakSet<MediaStreamTrack>();

  constructor(api: MediaApi = browserMediaApi(), { videoSize, memory }: LocalMediaOptions = {}) {
    super();
    this.#api = api;
    this.#memory = memory;
    const choice = memory?.load();
    if (choice) ({ mic: this.micId, camera: this.cameraId, speaker: this.speakerId } = choice);
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

  /** The captured camera; undefined while it is off or absent. */
  get cameraTrack(): MediaStreamTrack | undefined {
    return this.#camera;
  }

  /** The screen we present, while we do. */
  get screenTrack(): MediaStreamTrack | undefined {
    return this.#screen;
  }

  /** The stream sent to peers and shown in the self view: the current audio and camera tracks. */
  get stream(): MediaStream {
    this.#stream ??= this.#api.newStream([this.#outgoing('audio'), this.#outgoing('video')]);
    return this.#stream;
  }

  /** What the lobby's preview shows: the camera, while on. */
  get previewTrack(): MediaStreamTrack | undefined {
    return this.isCameraOn ? this.#camera : undefined;
  }

  status(): MediaStatus {
    return { type: 'media-status', audio: this.isMicOn, video: this.isCameraOn, screen: this.isSharingScreen };
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
    this.#unwatch ??= this.#api.onDeviceChange?.(() => void this.handleDeviceChange());
    this.#publish('audio');
    this.#publish('video');
  }

  /**
   * Devices were plugged in or out: the lists follow, and a device in use
   * that has gone is replaced by the default one, as Meet does.
   */
  async handleDeviceChange(): Promise<void> {
    const before = this.devices;
    await this.refreshDevices();
    if (this.#mic && isDeviceGone(this.devices, 'mic', this.micId)) await this.#replaceLost('audio', deviceLabel(before, 'mic', this.micId));
    if (this.#camera && isDeviceGone(this.devices, 'camera', this.cameraId)) await this.#replaceLost('video', deviceLabel(before, 'camera', this.cameraId));
    if (this.speakerId && isDeviceGone(this.devices, 'speaker', this.speakerId)) {
      const label = deviceLabel(before, 'speaker', this.speakerId);
      this.speakerId = '';
      this.emit('device-lost', { kind: 'speaker', label });
      this.emit('change', undefined);
    }
  }

  /** Plays remote sound on speaker `id` ('' = the default); the call view applies it. */
  selectSpeaker(id: string): void {
    this.speakerId = id;
    this.#memory?.save('speaker', id);
    this.emit('change', undefined);
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

  /** Switches to microphone or camera `deviceId` ('' = the default): the new track goes to every peer (the 'track' event). */
  async selectDevice(kind: 'audio' | 'video', deviceId: string): Promise<void> {
    if (kind === 'audio') this.micId = deviceId;
    else this.cameraId = deviceId;
    this.#memory?.save(kind === 'audio' ? 'mic' : 'camera', deviceId);
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
      this.micId = track.getSettings().deviceId ?? deviceId;
    } else {
      this.#camera?.stop();
      this.#camera = track;
      this.cameraId = track.getSettings().deviceId ?? deviceId;
    }
    this.#publish(kind);
  }

  /** The device in use of `kind` went away: the default one takes over, and the user is told. */
  async #replaceLost(kind: 'audio' | 'video', label: string): Promise<void> {
    if (this.#replacing.has(kind)) return;
    this.#replacing.add(kind);
    try {
      await this.selectDevice(kind, '');
    } finally {
      this.#replacing.delete(kind);
    }
    this.emit('device-lost', { kind: kind === 'audio' ? 'mic' : 'camera', label });
  }

  /** A track that ends by itself was unplugged (or taken by the system); stop() does not fire 'ended'. */
  #watchEnded(kind: 'audio' | 'video', track: MediaStreamTrack | undefined): void {
    if (!track || this.#watched.has(track)) return;
    this.#watched.add(track);
    track.addEventListener('ended', () => {
      if (track === (kind === 'audio' ? this.#mic : this.#camera)) void this.#replaceLost(kind, track.label);
    });
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
    this.#publishScreen();
    return true;
  }

  stopScreenShare(): void {
    if (!this.#screen) return;
    this.#screen.stop();
    this.#screen = undefined;
    this.#publishScreen();
  }

  #publishScreen(): void {
    this.emit('screen', undefined);
    this.emit('change', undefined);
  }

  /** Releases every device. */
  stop(): void {
    this.#unwatch?.();
    this.#unwatch = undefined;
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
      const chosen = kind === 'audio' ? this.micId : this.cameraId;
      if (chosen && isNotFound(error)) {
        // The picked (or remembered) device is not there any more: the default one will do.
        if (kind === 'audio') this.micId = '';
        else this.cameraId = '';
        return this.#tryDevice(kind, problems);
      }
      problems.push(describeMediaError(kind, error));
      return undefined;
    }
  }

  #outgoing(kind: 'audio' | 'video'): MediaStreamTrack {
    const real = kind === 'audio' ? this.#mic : this.#camera;
    return real ?? (this.#placeholders[kind] ??= this.#api.placeholder(kind));
  }

  /** Puts the current track of `kind` into the outgoing stream and tells the peers. */
  #publish(kind: 'audio' | 'video'): void {
    this.#watchEnded(kind, kind === 'audio' ? this.#mic : this.#camera);
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
