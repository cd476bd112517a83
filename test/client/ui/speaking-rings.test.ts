// @vitest-environment happy-dom
// The speaking ring: a change reaches that one tile's attribute, without a
// render of the grid or of any other tile (every change re-rendered the whole
// call view before, the cost bench/browser/speaking-cost.ts measured).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Participant } from '../../../client/call/manager.js';
import type { AudioLevelsEvents } from '../../../client/media/audio-levels.js';
import { TypedEmitter } from '../../../shared/typed-emitter.js';
import '../../../client/ui/video-grid.js';
import type { VideoGrid } from '../../../client/ui/video-grid.js';
import type { VideoTile } from '../../../client/ui/video-tile.js';

const status = { type: 'media-status', audio: true, video: true, screen: false } as const;
const person = (id: string, isSelf = false): Participant => ({
  id,
  tileKey: isSelf ? '' : id,
  username: id.toUpperCase(),
  isSelf,
  isReachable: true,
  state: 'connected',
  stream: undefined,
  status,
});

/** AudioLevels' speaking side, driven by the test, counting who listens. */
class FakeLevels extends TypedEmitter<AudioLevelsEvents> {
  readonly speakers = new Set<string>();
  listeners = 0;
  override on<K extends keyof AudioLevelsEvents>(event: K, listener: (payload: AudioLevelsEvents[K]) => void): () => void {
    this.listeners++;
    const off = super.on(event, listener);
    return () => {
      this.listeners--;
      off();
    };
  }
  isSpeaking(key: string): boolean {
    return this.speakers.has(key);
  }
  say(key: string, isSpeaking: boolean): void {
    if (isSpeaking) this.speakers.add(key);
    else this.speakers.delete(key);
    this.emit('speaking', { key, isSpeaking });
  }
}

async function render(participants: Participant[], levels: FakeLevels): Promise<VideoGrid> {
  const el = Object.assign(document.createElement('video-grid'), { participants, levels });
  document.body.append(el);
  await el.updateComplete;
  return el;
}
const tilesOf = (el: VideoGrid) => new Map([...el.shadowRoot!.querySelectorAll('video-tile')].map((t): [string, VideoTile] => [t.isSelf ? 'self' : t.peerId, t]));
const ringed = (el: VideoGrid) => [...tilesOf(el)].filter(([, t]) => t.hasAttribute('speaking')).map(([key]) => key);

afterEach(() => document.body.replaceChildren());

describe('speaking rings', () => {
  it('ring the tile of whoever speaks, ourselves under "self", and only while they speak', async () => {
    const levels = new FakeLevels();
    const el = await render([person('me', true), person('a'), person('b')], levels);
    levels.say('a', true);
    await tilesOf(el).get('a')!.updateComplete;
    expect(ringed(el)).toEqual(['a']);
    levels.say('self', true);
    levels.say('a', false);
    await Promise.all([...tilesOf(el).values()].map((t) => t.updateComplete));
    expect(ringed(el)).toEqual(['self']);
  });

  it('render neither the grid nor another tile on a change', async () => {
    const levels = new FakeLevels();
    const el = await render([person('me', true), person('a'), person('b')], levels);
    const tiles = tilesOf(el);
    const gridRenders = vi.spyOn(el, 'render');
    const tileRenders = new Map([...tiles].map(([key, tile]) => [key, vi.spyOn(tile, 'render')]));
    levels.say('b', true);
    await tiles.get('b')!.updateComplete;
    await el.updateComplete;
    expect(gridRenders).not.toHaveBeenCalled();
    expect([...tileRenders].filter(([, spy]) => spy.mock.calls.length > 0).map(([key]) => key)).toEqual(['b']);
  });

  it('give a tile that arrives while its person speaks the ring at once', async () => {
    const levels = new FakeLevels();
    const el = await render([person('me', true), person('a')], levels);
    levels.say('c', true);
    el.participants = [person('me', true), person('a'), person('c')];
    await el.updateComplete;
    await tilesOf(el).get('c')!.updateComplete;
    expect(ringed(el)).toEqual(['c']);
  });

  it('stop listening when the grid leaves the page, and follow a new source', async () => {
    const first = new FakeLevels();
    const el = await render([person('me', true), person('a')], first);
    el.remove();
    expect(first.listeners).toBe(0);
    document.body.append(el);
    expect(first.listeners).toBe(1);
    const second = new FakeLevels();
    el.levels = second;
    await el.updateComplete;
    expect([first.listeners, second.listeners]).toEqual([0, 1]);
  });
});
