// How loud each watched audio track is, and who is speaking: the lobby's
// microphone meter, the speaking highlight on the call's tiles and "You're
// muted". One AudioContext and one timer serve every track. An AnalyserNode
// per track is read 10 times a second, not on every animation frame: 10 Hz
// is plenty for a highlight, and a hidden tab's animation frames stop while
// its call goes on. bench/browser/speaking-cost.ts measures what it costs.
//
// Each read covers all the sound since the one before (a window longer than
// the interval) and reports its loudest ~11 ms block. Reading only the last
// 11 ms of every 100 ms heard a ninth of the sound: a tap on the microphone
// or a short word could be missed, and so could a periodic sound (Chromium's
// fake microphone beeps 20 ms every 500 ms) for as long as the timer's phase
// fell between the beeps.
//
// Each track is analysed through a clone of it: muting disables the track we
// send, and the clone still hears us, which is how "You're muted" knows that
// we are talking to nobody.
import { TypedEmitter } from '../../shared/typed-emitter.js';
import { SpeakingDetector, rms } from './speaking-detector.js';

export const READ_INTERVAL_MS = 100;
/** Samples read per track and tick: ~170 ms at 48 kHz, more than READ_INTERVAL_MS, so no sound falls between two reads. */
const WINDOW = 8192;
/** Samples per block whose RMS is a level: ~11 ms at 48 kHz, a syllable's attack. */
export const BLOCK = 512;

export type AudioLevelsEvents = {
  /** After each read: every watched track's level (RMS, 0 to 1). */
  levels: ReadonlyMap<string, number>;
  /** Someone started or stopped speaking. */
  speaking: { key: string; isSpeaking: boolean };
};

/** Reads one track's latest samples. */
export interface Analysis {
  read(into: Float32Array<ArrayBuffer>): void;
  stop(): void;
}

/** What AudioLevels needs of Web Audio, so unit tests can pass their own. */
export interface AudioGraph {
  readonly state: AudioContextState;
  analyse(track: MediaStreamTrack, size: number): Analysis;
  resume(): Promise<void>;
  close(): Promise<void>;
}

interface Watched {
  /** The track we were given (to tell a new one from the same). */
  track: MediaStreamTrack;
  analysis: Analysis;
  detector: SpeakingDetector;
}

function browserAudioGraph(): AudioGraph | undefined {
  if (typeof AudioContext !== 'function') return undefined;
  const context = new AudioContext();
  return {
    get state() {
      return context.state;
    },
    analyse(track, size) {
      const clone = track.clone();
      clone.enabled = true;
      const source = context.createMediaStreamSource(new MediaStream([clone]));
      const analyser = context.createAnalyser();
      analyser.fftSize = size;
      // Not connected onwards: an analyser needs no destination to be read, and nothing is played twice.
      source.connect(analyser);
      return {
        read: (into) => analyser.getFloatTimeDomainData(into),
        stop: () => {
          source.disconnect();
          clone.stop();
        },
      };
    },
    resume: () => context.resume(),
    close: () => context.close(),
  };
}

export class AudioLevels extends TypedEmitter<AudioLevelsEvents> {
  readonly #makeGraph: () => AudioGraph | undefined;
  readonly #now: () => number;
  #graph: AudioGraph | undefined;
  #watched = new Map<string, Watched>();
  #levels = new Map<string, number>();
  #samples: Float32Array<ArrayBuffer> = new Float32Array(WINDOW);
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(makeGraph: () => AudioGraph | undefined = browserAudioGraph, now: () => number = () => performance.now()) {
    super();
    this.#makeGraph = makeGraph;
    this.#now = now;
  }

  /** Starts (or keeps) watching `track` under `key`; a different track replaces the one before. */
  watch(key: string, track: MediaStreamTrack | undefined): void {
    const current = this.#watched.get(key);
    if (current?.track === track) return;
    if (current) this.unwatch(key);
    if (!track || track.kind !== 'audio' || track.readyState === 'ended') return;
    this.#graph ??= this.#makeGraph();
    const graph = this.#graph;
    if (!graph) return;
    this.#watched.set(key, { track, analysis: graph.analyse(track, WINDOW), detector: new SpeakingDetector() });
    this.resume();
    this.#timer ??= setInterval(() => this.#read(), READ_INTERVAL_MS);
  }

  unwatch(key: string): void {
    const watched = this.#watched.get(key);
    if (!watched) return;
    this.#watched.delete(key);
    this.#levels.delete(key);
    watched.analysis.stop();
    if (watched.detector.isSpeaking) this.emit('speaking', { key, isSpeaking: false });
    if (this.#watched.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
    }
  }

  /** Keeps only the keys given, dropping the rest. */
  retain(keys: Iterable<string>): void {
    const kept = new Set(keys);
    for (const key of [...this.#watched.keys()]) if (!kept.has(key)) this.unwatch(key);
  }

  level(key: string): number {
    return this.#levels.get(key) ?? 0;
  }

  isSpeaking(key: string): boolean {
    return this.#watched.get(key)?.detector.isSpeaking ?? false;
  }

  /**
   * An AudioContext made before any click starts suspended (the autoplay
   * rule), and hears nothing; the page calls this from its next click or key.
   */
  resume(): void {
    if (this.#graph?.state === 'suspended') void this.#graph.resume().catch(() => undefined);
  }

  /** Lets go of every track and the AudioContext; a later watch() starts afresh. */
  close(): void {
    for (const key of [...this.#watched.keys()]) this.unwatch(key);
    void this.#graph?.close().catch(() => undefined);
    this.#graph = undefined;
  }

  #read(): void {
    const now = this.#now();
    for (const [key, watched] of this.#watched) {
      watched.analysis.read(this.#samples);
      const level = loudestBlock(this.#samples);
      this.#levels.set(key, level);
      if (watched.detector.update(level, now)) this.emit('speaking', { key, isSpeaking: watched.detector.isSpeaking });
    }
    this.emit('levels', this.#levels);
  }
}

/** The highest RMS of the BLOCK-sample blocks of `samples`: the loudest moment of the window. */
export function loudestBlock(samples: Float32Array): number {
  let loudest = 0;
  for (let start = 0; start < samples.length; start += BLOCK) loudest = Math.max(loudest, rms(samples.subarray(start, start + BLOCK)));
  return loudest;
}
