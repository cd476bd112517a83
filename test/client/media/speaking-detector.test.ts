import { describe, expect, it } from 'vitest';
import { HOLD_MS, START_LEVEL, STOP_LEVEL, SpeakingDetector, rms } from '../../../client/media/speaking-detector.js';

describe('SpeakingDetector', () => {
  it('starts at the first loud sample and ends only after HOLD_MS below the stop level', () => {
    const d = new SpeakingDetector();
    expect(d.update(START_LEVEL / 2, 0)).toBe(false);
    expect(d.update(START_LEVEL, 100)).toBe(true);
    expect(d.isSpeaking).toBe(true);
    // Quiet between words, but not for long enough.
    expect(d.update(0, 200)).toBe(false);
    expect(d.update(0, 100 + HOLD_MS - 1)).toBe(false);
    expect(d.isSpeaking).toBe(true);
    expect(d.update(0, 100 + HOLD_MS)).toBe(true);
    expect(d.isSpeaking).toBe(false);
  });

  it('keeps speaking through a level between the two thresholds (no flicker on a soft syllable)', () => {
    const d = new SpeakingDetector();
    d.update(1, 0);
    const between = (START_LEVEL + STOP_LEVEL) / 2;
    for (let t = 100; t <= 5000; t += 100) expect(d.update(between, t)).toBe(false);
    expect(d.isSpeaking).toBe(true);
    // ...and does not start on it either.
    const quiet = new SpeakingDetector();
    expect(quiet.update(STOP_LEVEL, 0)).toBe(false);
  });
});

describe('rms', () => {
  it('is the root mean square, 0 for silence and for no samples', () => {
    expect(rms(new Float32Array([0.5, -0.5, 0.5, -0.5]))).toBeCloseTo(0.5);
    expect(rms(new Float32Array(8))).toBe(0);
    expect(rms(new Float32Array(0))).toBe(0);
  });
});
