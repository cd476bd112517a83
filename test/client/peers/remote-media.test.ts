// RemoteMedia's rule for what a peer's tiles show: the screen is the video
// track on the mid the peer's media-status names, every other video track is
// the camera (a newer one replacing an older), whatever order the track and
// the status come in, and whatever a peer sends: one camera, one screen.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { MAX_VIDEO_TRACKS, RemoteMedia, type RemoteStreams } from '../../../client/peers/remote-media.js';
import { fakeTrack, stubMediaStream } from '../fakes.js';

beforeEach(() => stubMediaStream());
afterEach(() => vi.unstubAllGlobals());

/** A RemoteMedia and what it last handed its tiles, as track ids. */
function setUp() {
  const changes: RemoteStreams[] = [];
  const media = new RemoteMedia((streams) => changes.push(streams));
  const ids = (stream: MediaStream | undefined) => stream?.getTracks().map((t) => t.id);
  return { media, changes, shown: () => ({ stream: ids(media.stream), screen: ids(media.screen) }) };
}

describe('RemoteMedia', () => {
  it('shows the track on the mid the status names as the screen, and the other video as the camera', () => {
    const { media, shown } = setUp();
    media.add(fakeTrack('audio', 'mic'), '0');
    media.add(fakeTrack('video', 'cam'), '1');
    media.setScreen('3', true);
    media.add(fakeTrack('video', 'screen'), '3');
    expect(shown()).toEqual({ stream: ['cam', 'mic'], screen: ['screen'] });
  });

  it('ends up the same when the screen track comes before the status that names its mid', () => {
    const { media, shown } = setUp();
    media.add(fakeTrack('video', 'cam'), '1');
    media.add(fakeTrack('video', 'screen'), '3');
    // Unnamed yet, it is taken for a new camera (the rule for clients that send no status)...
    expect(shown()).toEqual({ stream: ['screen'], screen: undefined });
    media.setScreen('3', true);
    // ...until the status comes: the camera is back, the screen on its own.
    expect(shown()).toEqual({ stream: ['cam'], screen: ['screen'] });
  });

  it('hides the screen while the peer does not present, and keeps it out of the camera slot', () => {
    const { media, shown } = setUp();
    media.add(fakeTrack('video', 'cam'), '1');
    media.setScreen('3', false);
    media.add(fakeTrack('video', 'slot'), '3');
    expect(shown()).toEqual({ stream: ['cam'], screen: undefined });
    media.setScreen('3', true);
    expect(shown()).toEqual({ stream: ['cam'], screen: ['slot'] });
    // A later status without the mid (as any) keeps the slot it named.
    media.setScreen(undefined, false);
    expect(shown()).toEqual({ stream: ['cam'], screen: undefined });
  });

  it('makes a new stream only for the tile whose tracks changed', () => {
    const { media, changes } = setUp();
    media.add(fakeTrack('video', 'cam'), '1');
    const camera = media.stream;
    media.setScreen('3', true);
    media.add(fakeTrack('video', 'screen'), '3');
    expect(media.stream).toBe(camera);
    const screen = media.screen;
    media.setScreen('3', true); // the same status again (a mic toggle): nothing to redo
    media.add(fakeTrack('audio', 'mic'), '0');
    expect(media.screen).toBe(screen);
    expect(media.stream).not.toBe(camera);
    expect(changes).toHaveLength(3);
  });

  it('drops an ended screen, and shows no screen for a mid that carries none (a bogus one)', () => {
    const { media, shown } = setUp();
    media.add(fakeTrack('video', 'cam'), '1');
    media.setScreen('no such mid', true);
    expect(shown()).toEqual({ stream: ['cam'], screen: undefined });
    const screen = fakeTrack('video', 'screen');
    media.setScreen('3', true);
    media.add(screen, '3');
    screen.end();
    expect(shown()).toEqual({ stream: ['cam'], screen: undefined });
  });

  it('keeps one camera and one screen whatever a peer sends, and only the newest few tracks', () => {
    const { media, shown } = setUp();
    media.setScreen('3', true);
    for (let i = 0; i < 10; i++) media.add(fakeTrack('video', `v${i}`), String(10 + i));
    media.add(fakeTrack('video', 'screen'), '3');
    expect(shown()).toEqual({ stream: ['v9'], screen: ['screen'] });
    // A second track on the screen's mid replaces the first.
    media.add(fakeTrack('video', 'screen 2'), '3');
    expect(shown()).toEqual({ stream: ['v9'], screen: ['screen 2'] });
    // Bounded: the oldest are forgotten, so ending the newest camera falls back only as far as is kept.
    for (let i = 0; i < MAX_VIDEO_TRACKS; i++) media.add(fakeTrack('video', `w${i}`), String(30 + i));
    expect(shown().stream).toEqual([`w${MAX_VIDEO_TRACKS - 1}`]);
  });

  it('a client that sends no status: a new video replaces the old, an ended one goes (issue 15)', () => {
    const { media, shown } = setUp();
    const first = fakeTrack('video', 'v1');
    media.add(first, '1');
    const second = fakeTrack('video', 'v2');
    media.add(second, '4');
    expect(shown()).toEqual({ stream: ['v2'], screen: undefined });
    first.end();
    expect(shown()).toEqual({ stream: ['v2'], screen: undefined });
    second.end();
    expect(shown()).toEqual({ stream: undefined, screen: undefined });
  });
});
