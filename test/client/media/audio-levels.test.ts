import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AudioLevels, BLOCK, READ_INTERVAL_MS, loudestBlock, type AudioGraph } from '../../../client/media/audio-levels.js';
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

  // Guards the dark meter of issue 14: reading only the last 512 samples of
  // each 100 ms missed short sounds, and missed the fake microphone's 20 ms
  // beep for good on a page whose timer fell between beeps.
  it('hears a short sound anywhere since the last read, at its own loudness', () => {
    let windowSize = 0;
    const graph: AudioGraph = {
      state: 'running',
      analyse: (_track, size) => {
        windowSize = size;
        return {
          // Silence, but for one 20 ms beep (48 kHz) at the start of the window.
          read: (into) => {
            into.fill(0);
            into.fill(0.5, 100, 100 + 960);
          },
          stop: () => undefined,
        };
      },
      resume: () => Promise.resolve(),
      close: () => Promise.resolve(),
    };
    const levels = new AudioLevels(() => graph);
    levels.watch('mic', track());
    // The window spans more than one interval even at 48 kHz.
    expect((windowSize / 48_000) * 1000).toBeGreaterThan(READ_INTERVAL_MS);
    vi.advanceTimersByTime(READ_INTERVAL_MS);
    expect(levels.level('mic')).toBeCloseTo(0.5);
    levels.close();
  });
});

describe('loudestBlock', () => {
  it('is the RMS of the loudest block, not of the whole window', () => {
    const samples = new Float32Array(BLOCK * 4);
    samples.fill(0.1);
    samples.fill(-0.8, BLOCK * 2, BLOCK * 3);
    expect(loudestBlock(samples)).toBeCloseTo(0.8);
    expect(loudestBlock(new Float32Array(0))).toBe(0);
  });
});
