// A frame encoded once with a placeholder sequence number, so the generator
// sends each one by concatenating three strings instead of re-serializing a
// 4 KB offer: the generator's cost must stay well below the server's.
const PLACEHOLDER = 987654321;

export class FrameTemplate {
  readonly #head: string;
  readonly #tail: string;

  /** `encode(seq)` must produce a frame holding `seq` exactly once as a number. */
  constructor(encode: (seq: number) => string) {
    const sample = encode(PLACEHOLDER);
    const at = sample.indexOf(String(PLACEHOLDER));
    if (at < 0 || sample.indexOf(String(PLACEHOLDER), at + 1) >= 0) throw new Error('frame template needs exactly one sequence number');
    this.#head = sample.slice(0, at);
    this.#tail = sample.slice(at + String(PLACEHOLDER).length);
  }

  with(seq: number): string {
    return this.#head + seq + this.#tail;
  }
}
