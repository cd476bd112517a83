// LocalMedia switching devices, with a fake browser whose devices can be
// picked by id and unplugged: a switch sends the new track to the peers
// (the 'track' event the mesh turns into replaceTrack), picks are
// remembered, and a device that goes is replaced by the default one once.
import { describe, expect, it } from 'vitest';
import { DeviceMemory } from '../../../client/media/device-memory.js';
import { LocalMedia, type MediaApi } from '../../../client/media/local-media.js';

class FakeTrack extends EventTarget {
  enabled = true;
  isStopped = false;
  constructor(
    readonly kind: 'audio' | 'video',
    readonly deviceId: string,
    readonly label: string,
  ) {
    super();
  }
  stop(): void {
    this.isStopped = true;
  }
  getSettings(): MediaTrackSettings {
    return { deviceId: this.deviceId };
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

interface Device {
  kind: MediaDeviceKind;
  deviceId: string;
  label: string;
}

const fail = (name: string) => Object.assign(new Error(name), { name });

/** A browser with `devices`; `unplug` takes one away and fires devicechange, as a real one does. */
function fakeBrowser(initial: Device[]) {
  let devices = [...initial];
  let onChange: (() => void) | undefined;
  const granted: FakeTrack[] = [];
  const pick = (kind: 'audio' | 'video', constraint: boolean | MediaTrackConstraints | undefined): FakeTrack => {
    const browserKind = kind === 'audio' ? 'audioinput' : 'videoinput';
    const wanted =
      typeof constraint === 'object' && typeof constraint.deviceId === 'object' && !Array.isArray(constraint.deviceId) ? constraint.deviceId.exact : undefined;
    const device = devices.find((d) => d.kind === browserKind && (wanted === undefined || d.deviceId === wanted));
    if (!device) throw fail(wanted === undefined ? 'NotFoundError' : 'OverconstrainedError');
    const track = new FakeTrack(kind, device.deviceId, device.label);
    granted.push(track);
    return track;
  };
  const api: MediaApi = {
    async getUserMedia(c) {
      const tracks = (['audio', 'video'] as const).filter((k) => c[k]).map((k) => pick(k, c[k]));
      return new FakeStream(tracks) as unknown as MediaStream;
    },
    getDisplayMedia: () => Promise.reject(fail('NotAllowedError')),
    enumerateDevices: async () => devices.map((d) => ({ ...d, groupId: '', toJSON: () => d })),
    placeholder: (kind) => new FakeTrack(kind, '', `placeholder-${kind}`) as unknown as MediaStreamTrack,
    newStream: (tracks) => new FakeStream(tracks as unknown as FakeTrack[]) as unknown as MediaStream,
    onDeviceChange(listener) {
      onChange = listener;
      return () => (onChange = undefined);
    },
  };
  return {
    api,
    granted,
    get isWatched() {
      return onChange !== undefined;
    },
    /** Unplugs `id`: its live tracks end (if `endsTracks`), and devicechange fires. */
    unplug(id: string, { endsTracks = true } = {}) {
      devices = devices.filter((d) => d.deviceId !== id);
      if (endsTracks) for (const t of granted.filter((t) => t.deviceId === id && !t.isStopped)) t.dispatchEvent(new Event('ended'));
      onChange?.();
    },
  };
}

const DEVICES: Device[] = [
  { kind: 'audioinput', deviceId: 'mic-a', label: 'Headset' },
  { kind: 'audioinput', deviceId: 'mic-b', label: 'Built-in microphone' },
  { kind: 'videoinput', deviceId: 'cam-a', label: 'FaceTime HD' },
  { kind: 'videoinput', deviceId: 'cam-b', label: 'USB camera' },
  { kind: 'audiooutput', deviceId: 'spk-a', label: 'Speakers' },
  { kind: 'audiooutput', deviceId: 'spk-b', label: 'Headphones' },
];

function memoryStore() {
  const items = new Map<string, string>();
  return new DeviceMemory({ getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) });
}

/** The devices of the outgoing stream's tracks, audio then video. */
const outgoing = (media: LocalMedia) => [...media.stream.getAudioTracks(), ...media.stream.getVideoTracks()].map((t) => (t as unknown as FakeTrack).deviceId);

/** Resolves when `media` has emitted `event` `count` times. */
function events<K extends 'track' | 'device-lost'>(media: LocalMedia, event: K, count: number) {
  const seen: unknown[] = [];
  return new Promise<unknown[]>((resolve) => {
    media.on(event, (payload) => {
      seen.push(payload);
      if (seen.length === count) resolve(seen);
    });
  });
}

describe('LocalMedia switching devices', () => {
  it('swaps the outgoing track for the picked camera, stops the old one, and tells the peers', async () => {
    const browser = fakeBrowser(DEVICES);
    const media = new LocalMedia(browser.api);
    await media.start();
    const old = media.cameraTrack as unknown as FakeTrack;
    const swaps: string[] = [];
    media.on('track', ({ kind, track }) => swaps.push(`${kind}:${(track as unknown as FakeTrack).deviceId}`));
    await media.selectDevice('video', 'cam-b');
    expect(swaps).toEqual(['video:cam-b']);
    expect(old.isStopped).toBe(true);
    expect(outgoing(media)).toEqual(['mic-a', 'cam-b']);
    expect(media.cameraId).toBe('cam-b');
  });

  it('keeps the microphone muted across a switch', async () => {
    const media = new LocalMedia(fakeBrowser(DEVICES).api);
    await media.start();
    media.setMicOn(false);
    await media.selectDevice('audio', 'mic-b');
    expect(outgoing(media)).toEqual(['mic-b', 'cam-a']);
    expect(media.micTrack?.enabled).toBe(false);
    expect(media.isMicOn).toBe(false);
  });

  it('starts with the devices picked earlier in the session, the speaker too', async () => {
    const memory = memoryStore();
    const first = new LocalMedia(fakeBrowser(DEVICES).api, { memory });
    await first.start();
    await first.selectDevice('audio', 'mic-b');
    await first.selectDevice('video', 'cam-b');
    first.selectSpeaker('spk-b');
    const next = new LocalMedia(fakeBrowser(DEVICES).api, { memory });
    await next.start();
    expect(outgoing(next)).toEqual(['mic-b', 'cam-b']);
    expect(next.speakerId).toBe('spk-b');
  });

  it('starts with the default device, and no problem, when the remembered one is gone', async () => {
    const memory = memoryStore();
    memory.save('camera', 'cam-unplugged');
    const media = new LocalMedia(fakeBrowser(DEVICES).api, { memory });
    await media.start();
    expect(outgoing(media)).toEqual(['mic-a', 'cam-a']);
    expect(media.problem).toBe('');
  });

  it('replaces an unplugged camera with the default one, once, and says which went', async () => {
    const browser = fakeBrowser(DEVICES);
    const media = new LocalMedia(browser.api);
    await media.start();
    await media.selectDevice('video', 'cam-b');
    const lost = events(media, 'device-lost', 1);
    const swapped = events(media, 'track', 1);
    browser.unplug('cam-b'); // ends the track and fires devicechange: one replacement
    expect(await lost).toEqual([{ kind: 'camera', label: 'USB camera' }]);
    await swapped;
    expect(outgoing(media)).toEqual(['mic-a', 'cam-a']);
    await media.handleDeviceChange(); // nothing more to replace
    expect(browser.granted.filter((t) => t.kind === 'video').map((t) => t.deviceId)).toEqual(['cam-a', 'cam-b', 'cam-a']);
  });

  it('replaces an unplugged microphone found only by the device list (its track did not end)', async () => {
    const browser = fakeBrowser(DEVICES);
    const media = new LocalMedia(browser.api);
    await media.start();
    const lost = events(media, 'device-lost', 1);
    browser.unplug('mic-a', { endsTracks: false });
    expect(await lost).toEqual([{ kind: 'mic', label: 'Headset' }]);
    expect(outgoing(media)).toEqual(['mic-b', 'cam-a']);
    expect(media.devices.filter((d) => d.kind === 'audioinput').map((d) => d.deviceId)).toEqual(['mic-b']);
  });

  it('goes back to the default speaker when the chosen one is unplugged', async () => {
    const browser = fakeBrowser(DEVICES);
    const media = new LocalMedia(browser.api);
    await media.start();
    media.selectSpeaker('spk-b');
    const lost = events(media, 'device-lost', 1);
    browser.unplug('spk-b');
    expect(await lost).toEqual([{ kind: 'speaker', label: 'Headphones' }]);
    expect(media.speakerId).toBe('');
  });

  it('stops listening for device changes when stopped', async () => {
    const browser = fakeBrowser(DEVICES);
    const media = new LocalMedia(browser.api);
    await media.start();
    expect(browser.isWatched).toBe(true);
    media.stop();
    expect(browser.isWatched).toBe(false);
  });
});
