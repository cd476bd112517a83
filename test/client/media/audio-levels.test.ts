import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AudioLevels, READ_INTERVAL_MS, type AudioGraph } from '../../../client/media/audio-levels.js';
import { HOLD_MS } from '../../../client/media/speaking-detector.js';

/** A fake Web Audio: each track "plays" the level its test sets. */
function fakeGraph() {
  const levels = new Map<MediaStreamTrack, number>();
  const stopped: MediaStreamTrack[] = [];
  let state: AudioContextState = 'suspended';
  const graph: AudioGraph = {
    get state() {
      return state;
    },
    analyse: (track) => ({ read: (into) => into.fill(levels.get(track) ?? 0), stop: () => stopped.push(track) }),
    resume: () => {
      state = 'running';
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  return { graph, levels, stopped, made: vi.fn(() => graph) };
}

function track(kind = 'audio'): MediaStreamTrack {
  return { kind, readyState: 'live' } as MediaStreamTrack;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('AudioLevels', () => {
  it('reads every watched track on one timer, reports speaking as it starts and ends', () => {
    const fake = fakeGraph();
    const levels = new AudioLevels(fake.made, () => Date.now());
    const changes: string[] = [];
    levels.on('speaking', ({ key, isSpeaking }) => changes.push(`${key}:${isSpeaking}`));
    const ada = track();
    const bob = track();
    levels.watch('ada', ada);
    levels.watch('bob', bob);
    expect(fake.made).toHaveBeenCalledTimes(1);
    fake.levels.set(ada, 0.2);
    vi.advanceTimersByTime(READ_INTERVAL_MS);
    expect(levels.level('ada')).toBeCloseTo(0.2);
    expect(levels.isSpeaking('ada')).toBe(true);
    expect(levels.isSpeaking('bob')).toBe(false);
    fake.levels.set(ada, 0);
    vi.advanceTimersByTime(HOLD_MS + READ_INTERVAL_MS);
    expect(changes).toEqual(['ada:true', 'ada:false']);
  });

  it('resumes a suspended context, and ignores video tracks and ended ones', () => {
    const fake = fakeGraph();
    const levels = new AudioLevels(fake.made);
    levels.watch('cam', track('video'));
    levels.watch('gone', { kind: 'audio', readyState: 'ended' } as MediaStreamTrack);
    expect(fake.made).not.toHaveBeenCalled();
    levels.watch('mic', track());
    expect(fake.graph.state).toBe('running');
  });

  it('swaps the analysis when a key gets a new track, and lets go of what it no longer watches', () => {
    const fake = fakeGraph();
    const levels = new AudioLevels(fake.made);
    const first = track();
    const second = track();
    levels.watch('ada', first);
    levels.watch('ada', first);
    expect(fake.stopped).toEqual([]);
    levels.watch('ada', second);
    expect(fake.stopped).toEqual([first]);
    levels.watch('bob', track());
    levels.retain(['ada']);
    expect(fake.stopped).toHaveLength(2);
    // Someone who leaves while speaking stops speaking.
    const changes: boolean[] = [];
    levels.on('speaking', ({ isSpeaking }) => changes.push(isSpeaking));
    fake.levels.set(second, 1);
    vi.advanceTimersByTime(READ_INTERVAL_MS);
    levels.close();
    expect(changes).toEqual([true, false]);
    // Nothing left to read: the timer is gone.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does nothing where the browser has no Web Audio', () => {
    const levels = new AudioLevels(() => undefined);
    levels.watch('mic', track());
    vi.advanceTimersByTime(1000);
    expect(levels.level('mic')).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
