// The soft sound played when someone joins (two notes up) or leaves (two
// notes down), made with WebAudio rather than loaded: two sine tones with a
// gentle attack and a short decay, quiet (peak gain 0.08), under half a
// second. One AudioContext for the page, made on first use; it may start
// suspended until the user has clicked (autoplay rules), and then the
// sound is skipped rather than queued.

/** [first, second] note in Hz: a rising fifth for a join, falling for a leave. */
const NOTES = { joined: [523.25, 783.99], left: [783.99, 523.25] } as const;
const PEAK_GAIN = 0.08;
const NOTE_S = 0.18;

export class Chime {
  #context: AudioContext | undefined;

  /** Plays the join or leave sound, if the page may play sound. */
  play(kind: 'joined' | 'left'): void {
    const context = (this.#context ??= new AudioContext());
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
    if (context.state === 'closed') return;
    const start = context.currentTime + 0.01;
    NOTES[kind].forEach((frequency, i) => {
      const at = start + i * NOTE_S * 0.8;
      const oscillator = new OscillatorNode(context, { type: 'sine', frequency });
      const gain = new GainNode(context, { gain: 0 });
      gain.gain.linearRampToValueAtTime(PEAK_GAIN, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + NOTE_S);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(at);
      oscillator.stop(at + NOTE_S + 0.02);
    });
  }

  close(): void {
    void this.#context?.close().catch(() => undefined);
    this.#context = undefined;
  }
}
