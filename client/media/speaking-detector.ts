// Decides from a stream of loudness samples whether someone is speaking. A
// single threshold would flicker between words and on every breath, so it
// has two: speech starts above START_LEVEL and ends only after HOLD_MS below
// STOP_LEVEL. Meet and Jitsi hold the highlight for about the same time.
// Pure: the caller passes the time, so tests need no clock.

/** RMS of the signal (full scale = 1) above which speech starts: about -40 dBFS. */
export const START_LEVEL = 0.01;
/** RMS below which speech may end: about -46 dBFS. */
export const STOP_LEVEL = 0.005;
/** How long the level must stay below STOP_LEVEL before speech ends. */
export const HOLD_MS = 700;

export class SpeakingDetector {
  #isSpeaking = false;
  /** When the level last was at or above STOP_LEVEL while speaking. */
  #lastLoudAt = 0;

  get isSpeaking(): boolean {
    return this.#isSpeaking;
  }

  /** Takes one sample; returns true when isSpeaking changed. */
  update(level: number, now: number): boolean {
    if (!this.#isSpeaking) {
      if (level < START_LEVEL) return false;
      this.#isSpeaking = true;
      this.#lastLoudAt = now;
      return true;
    }
    if (level >= STOP_LEVEL) {
      this.#lastLoudAt = now;
      return false;
    }
    if (now - this.#lastLoudAt < HOLD_MS) return false;
    this.#isSpeaking = false;
    return true;
  }
}

/** The root mean square of a block of samples: its loudness, 0 to 1. */
export function rms(samples: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
}
