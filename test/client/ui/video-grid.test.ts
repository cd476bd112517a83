// @vitest-environment happy-dom
// The video grid: ourselves inset with one other person, equal cells
// otherwise, and an invitation while alone.
import { afterEach, describe, expect, it } from 'vitest';
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

async function render(participants: Participant[], isAlone = false): Promise<VideoGrid> {
  const el = Object.assign(document.createElement('video-grid'), { participants, isAlone });
  document.body.append(el);
  await el.updateComplete;
  return el;
}
const tiles = (el: VideoGrid) => [...el.shadowRoot!.querySelectorAll('video-tile')].map((t) => [t.peerId, t.classList.contains('pip')]);

afterEach(() => document.body.replaceChildren());

describe('video-grid', () => {
  it('shows the other person large and ourselves inset when there are two', async () => {
    const el = await render([person('me', true), person('a')]);
    expect(tiles(el)).toEqual([
      ['a', false],
      ['me', true],
    ]);
  });

  it('gives everyone an equal cell when there are three or more', async () => {
    const el = await render([person('me', true), person('a'), person('b')]);
    expect(tiles(el)).toEqual([
      ['me', false],
      ['a', false],
      ['b', false],
    ]);
  });

  it("keeps each participant's tile element as people come and go", async () => {
    // A rebuilt tile is a new video player for the same stream (video-grid.ts).
    const el = await render([person('me', true)]);
    const tile = (id: string) => [...el.shadowRoot!.querySelectorAll('video-tile')].find((t) => t.peerId === id);
    const mine = tile('me');
    el.participants = [person('me', true), person('a')];
    await el.updateComplete;
    expect(tile('me')).toBe(mine);
    const theirs = tile('a');
    el.participants = [person('me', true), person('a'), person('b')];
    await el.updateComplete;
    expect([tile('me'), tile('a')]).toEqual([mine, theirs]);
    el.participants = [person('me', true), person('b')];
    await el.updateComplete;
    expect(tile('me')).toBe(mine);
    expect(tiles(el)).toEqual([
      ['b', false],
      ['me', true],
    ]);
  });

  it('keeps the tile (and its video) of a connection filed under a new id after a fresh rejoin', async () => {
    const el = await render([person('me', true), person('a'), person('b')]);
    const before = [...el.shadowRoot!.querySelectorAll('video-tile')];
    el.participants = [
      { ...person('me2', true), tileKey: '' },
      { ...person('a2'), tileKey: 'a' },
      { ...person('b2'), tileKey: 'b' },
    ];
    await el.updateComplete;
    const after = [...el.shadowRoot!.querySelectorAll('video-tile')];
    expect(after.map((t, i) => t === before[i])).toEqual([true, true, true]); // the same elements
    expect(after.map((t) => t.peerId)).toEqual(['me2', 'a2', 'b2']);
  });

  it('invites others while we are alone, and asks for the link on request', async () => {
    const el = await render([person('me', true)], true);
    let asked = 0;
    el.addEventListener('copy-link', () => asked++);
    expect(el.shadowRoot!.querySelector('h2')!.textContent).toBe("You're the first one here");
    el.shadowRoot!.querySelector<HTMLButtonElement>('.card button')!.click();
    expect(asked).toBe(1);
    el.isAlone = false;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.waiting')).toBeNull();
  });

  it('puts a pinned tile large and the others in a strip, with the same tile elements, until unpinned', async () => {
    const el = await render([person('me', true), person('a'), person('b')]);
    const before = [...el.shadowRoot!.querySelectorAll('video-tile')];
    const tileOf = (id: string) => before.find((t) => t.peerId === id)!;
    tileOf('b').dispatchEvent(new CustomEvent('pin-tile', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(el.hasAttribute('staged')).toBe(true);
    expect(before.map((t) => [t.peerId, t.className, t.isPinned])).toEqual([
      ['me', 'strip', false],
      ['a', 'strip', false],
      ['b', 'large', true],
    ]);
    expect([...el.shadowRoot!.querySelectorAll('video-tile')]).toEqual(before); // not rebuilt, not moved
    tileOf('b').dispatchEvent(new CustomEvent('pin-tile', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(el.hasAttribute('staged')).toBe(false);
    expect(before.map((t) => t.className)).toEqual(['', '', '']);
  });

  it("shows another's shared screen large and their camera first in the strip, and our own as a banner with Stop beside our camera", async () => {
    const sharing = { ...status, screen: true };
    const [camera, screen] = [new MediaStream(), new MediaStream()];
    const el = await render([person('me', true), { ...person('a'), status: sharing, stream: camera, screen }, person('b')]);
    const shown = () =>
      [...el.shadowRoot!.querySelectorAll('video-tile')].map((t) => [
        t.name,
        t.peerId,
        t.className,
        t.isScreen,
        t.isCameraOn,
        t.stream === screen ? 'screen' : t.stream === camera ? 'camera' : '',
      ]);
    expect(shown()).toEqual([
      ['ME', 'me', 'strip', false, true, ''],
      ['A', 'a', 'strip presenter', false, true, 'camera'],
      ['B', 'b', 'strip', false, true, ''],
      ['A (presenting)', 'a', 'large', true, true, 'screen'],
    ]);
    expect(el.shadowRoot!.querySelector('presenting-banner')).toBeNull();

    // They stop: the screen's tile goes, their camera's stays.
    el.participants = [person('me', true), { ...person('a'), stream: camera }, person('b')];
    await el.updateComplete;
    expect(shown()).toEqual([
      ['ME', 'me', '', false, true, ''],
      ['A', 'a', '', false, true, 'camera'],
      ['B', 'b', '', false, true, ''],
    ]);

    el.participants = [{ ...person('me', true), status: sharing }, person('a'), person('b')];
    await el.updateComplete;
    // No mirror of our own screen: our tile shows our camera, and nothing is large.
    expect(shown()).toEqual([
      ['ME', 'me', '', false, true, ''],
      ['A', 'a', '', false, true, ''],
      ['B', 'b', '', false, true, ''],
    ]);
    let stops = 0;
    el.addEventListener('stop-presenting', () => stops++);
    // The banner's code comes on first use (a chunk of its own).
    await customElements.whenDefined('presenting-banner');
    const banner = el.shadowRoot!.querySelector('presenting-banner')!;
    await banner.updateComplete;
    banner.shadowRoot!.querySelector('button')!.click();
    expect(stops).toBe(1);
  });

  it('in speaker view puts whoever speaks large', async () => {
    const el = await render([person('me', true), person('a'), person('b')]);
    const levels = new SpeakingLevels();
    el.levels = levels;
    el.view = 'speaker';
    levels.say('b', true);
    await el.updateComplete;
    const large = () => [...el.shadowRoot!.querySelectorAll<VideoTile>('video-tile.large')].map((t) => t.peerId);
    expect(large()).toEqual(['b']);
    levels.say('b', false);
    levels.say('a', true);
    await el.updateComplete;
    expect(large()).toEqual(['a']);
    expect(el.pipKey).toBe('a');
  });
});

/** AudioLevels' speaking side, driven by the test. */
class SpeakingLevels extends TypedEmitter<AudioLevelsEvents> {
  readonly #speakers = new Set<string>();
  isSpeaking(key: string): boolean {
    return this.#speakers.has(key);
  }
  say(key: string, isSpeaking: boolean): void {
    if (isSpeaking) this.#speakers.add(key);
    else this.#speakers.delete(key);
    this.emit('speaking', { key, isSpeaking });
  }
}
