// LocalMedia with a fake MediaApi: devices that work, are missing or are
// denied; the outgoing stream keeps one track of each kind throughout.
import { describe, expect, it } from 'vitest';
import { LocalMedia, VIDEO_CONSTRAINTS, describeMediaError, type MediaApi } from '../../../client/media/local-media.js';

class FakeTrack extends EventTarget {
  enabled = true;
  isStopped = false;
  contentHint = '';
  constructor(
    readonly kind: 'audio' | 'video',
    readonly label: string,
  ) {
    super();
  }
  stop(): void {
    this.isStopped = true;
  }
  getSettings(): MediaTrackSettings {
    return { deviceId: `${this.label}-id` };
  }
}

class FakeStream {
  constructor(private tracks: FakeTrack[]) {}
  getTracks = () => [...this.tracks];
  getAudioTracks = () => this.tracks.filter((t) => t.kind === 'audio');
  getVideoTracks = () => this.tracks.filter((t) => t.kind === 'video');
  addTrack = (t: FakeTrack) => void this.tracks.push(t);
  removeTrack = (t: FakeTrack) => void (this.tracks = this.tracks.filter((x) => x !== t));
}

function error(name: string): Error {
  return Object.assign(new Error(name), { name });
}

/** A fake browser where `has` says which devices exist and `deny` which are refused. */
function fakeApi({ has = ['audio', 'video'], deny = [] as string[] } = {}) {
  let count = 0;
  const api: MediaApi = {
    async getUserMedia(c) {
      const kinds = (['audio', 'video'] as const).filter((k) => c[k]);
      if (kinds.some((k) => deny.includes(k))) throw error('NotAllowedError');
      if (kinds.some((k) => !has.includes(k))) throw error('NotFoundError');
      return new FakeStream(kinds.map((k) => new FakeTrack(k, `${k === 'audio' ? 'mic' : 'cam'}${++count}`))) as unknown as MediaStream;
    },
    async getDisplayMedia() {
      return new FakeStream([new FakeTrack('video', 'screen')]) as unknown as MediaStream;
    },
    async enumerateDevices() {
      return [];
    },
    placeholder: (kind) => new FakeTrack(kind, `placeholder-${kind}`) as unknown as MediaStreamTrack,
    newStream: (tracks) => new FakeStream(tracks as unknown as FakeTrack[]) as unknown as MediaStream,
  };
  return api;
}

const labels = (media: LocalMedia) => media.stream.getTracks().map((t) => t.label);

describe('LocalMedia', () => {
  it('sends the camera and microphone when both work', async () => {
    const media = new LocalMedia(fakeApi());
    await media.start();
    expect(labels(media)).toEqual(['mic1', 'cam2']);
    expect(media.status()).toEqual({ type: 'media-status', audio: true, video: true, screen: false });
    expect(media.problem).toBe('');
  });

  it('goes on with placeholders and says why when there is no camera or microphone', async () => {
    const media = new LocalMedia(fakeApi({ has: [] }));
    await media.start();
    expect(labels(media)).toEqual(['placeholder-audio', 'placeholder-video']);
    expect(media.status()).toEqual({ type: 'media-status', audio: false, video: false, screen: false });
    expect(media.problem).toBe('No camera or microphone found.');
  });

  it('keeps the microphone when only the camera is denied', async () => {
    const media = new LocalMedia(fakeApi({ deny: ['video'] }));
    await media.start();
    expect(labels(media)).toEqual(['mic1', 'placeholder-video']);
    expect(media.problem).toBe('Access to the camera was denied.');
  });

  it('mutes by disabling the microphone track, and turns the camera off by releasing it', async () => {
    const media = new LocalMedia(fakeApi());
    await media.start();
    const swaps: string[] = [];
    media.on('track', ({ kind, track }) => swaps.push(`${kind}:${track.label}`));
    const [mic, cam] = media.stream.getTracks() as unknown as FakeTrack[];
    media.setMicOn(false);
    expect(mic!.enabled).toBe(false);
    await media.setCameraOn(false);
    expect(cam!.isStopped).toBe(true);
    expect(media.previewTrack).toBeUndefined();
    await media.setCameraOn(true);
    expect(swaps).toEqual(['video:placeholder-video', 'video:cam3']);
    expect(media.status()).toMatchObject({ audio: false, video: true });
  });

  it('presents the screen apart from the camera, which stays in the stream and the preview, until the browser ends it', async () => {
    const media = new LocalMedia(fakeApi());
    await media.start();
    const screens: (MediaStreamTrack | undefined)[] = [];
    media.on('screen', () => screens.push(media.screenTrack));
    expect(await media.startScreenShare()).toBe(true);
    // The camera goes on being sent (peers give the screen a transceiver of its own) and shown in the self view.
    expect(labels(media)).toEqual(['mic1', 'cam2']);
    expect(media.previewTrack?.label).toBe('cam2');
    const screen = media.screenTrack as unknown as FakeTrack;
    expect(screen.label).toBe('screen');
    expect(screen.contentHint).toBe('detail');
    expect(media.status()).toEqual({ type: 'media-status', audio: true, video: true, screen: true });
    // The browser's own "stop sharing" ends the track.
    screen.dispatchEvent(new Event('ended'));
    expect(media.screenTrack).toBeUndefined();
    expect(labels(media)).toEqual(['mic1', 'cam2']);
    expect(media.status().screen).toBe(false);
    expect(screens.map((t) => t?.label)).toEqual(['screen', undefined]);
  });

  it('asks the camera for the size the room link gives, and for the mesh default otherwise', async () => {
    const asked: MediaStreamConstraints[] = [];
    const record = (api: MediaApi): MediaApi => ({ ...api, getUserMedia: (c) => (asked.push(c), api.getUserMedia(c)) });
    await new LocalMedia(record(fakeApi()), { videoSize: { width: 320, height: 240 } }).start();
    await new LocalMedia(record(fakeApi())).start();
    expect(asked.map((c) => c.video)).toEqual([{ ...VIDEO_CONSTRAINTS, width: { ideal: 320 }, height: { ideal: 240 } }, VIDEO_CONSTRAINTS]);
  });

  it('describes device errors in words', () => {
    expect(describeMediaError('video', error('NotReadableError'))).toBe('The camera is in use by another app.');
    expect(describeMediaError('audio', new TypeError('no mediaDevices'))).toBe('The microphone is not available.');
  });
});
