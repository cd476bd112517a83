// readable-stream's `string_decoder`, which it loads only for a stream given
// an encoding (setEncoding): simple-peer's never is, as Parley reads the data
// channel's bytes. So the browser's TextDecoder does the decoding, for the
// two encodings it decodes as Node does (its "latin1" is windows-1252), and
// any other is refused with Node's error, instead of bundling the package and
// its safe-buffer (~1.5 kB gzipped). build/node-shims-plugin.ts aliases `string_decoder` here.

/** Node's names for an encoding, and the TextDecoder label for each. */
const LABELS: Readonly<Record<string, 'utf-8' | 'utf-16le'>> = {
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  utf16le: 'utf-16le',
  'utf-16le': 'utf-16le',
  ucs2: 'utf-16le',
  'ucs-2': 'utf-16le',
};

/** Node's StringDecoder: bytes in, text out, a character split between two writes kept until the next. */
export class StringDecoder {
  /** The encoding's normalized name, as Node gives it ('utf8', 'utf16le'). */
  readonly encoding: 'utf8' | 'utf16le';
  readonly #decoder: TextDecoder;

  constructor(encoding: string | null = 'utf8') {
    const label = LABELS[(encoding ?? 'utf8').toLowerCase()];
    if (!label) throw new TypeError(`Unknown encoding: ${encoding}`);
    this.encoding = label === 'utf-8' ? 'utf8' : 'utf16le';
    this.#decoder = new TextDecoder(label);
  }

  write(bytes: Uint8Array): string {
    return this.#decoder.decode(bytes, { stream: true });
  }

  /** The rest: a character still incomplete becomes U+FFFD, as in Node. */
  end(bytes?: Uint8Array): string {
    return (bytes ? this.write(bytes) : '') + this.#decoder.decode();
  }
}
