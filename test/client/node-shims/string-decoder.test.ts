// readable-stream's string_decoder in the browser (client/node-shims/
// string-decoder.ts): Node's results for UTF-8 and UTF-16LE, and Node's error
// for an encoding it does not decode.
import { StringDecoder as NodeStringDecoder } from 'node:string_decoder';
import { describe, expect, it } from 'vitest';
import { StringDecoder } from '../../../client/node-shims/string-decoder.js';

const text = 'héllo wörld 👍 ✓';

/** Decodes `bytes` in pieces of `size`, then ends: what a stream with setEncoding does. */
function decodeInPieces(decoder: { write(bytes: Uint8Array): string; end(): string }, bytes: Uint8Array, size: number): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += size) out += decoder.write(bytes.subarray(i, i + size));
  return out + decoder.end();
}

describe('StringDecoder (the browser shim)', () => {
  it('decodes UTF-8 split anywhere, a character across two writes included, as Node does', () => {
    const bytes = new TextEncoder().encode(text);
    for (const size of [1, 2, 3, 5, bytes.length]) {
      expect(decodeInPieces(new StringDecoder('utf8'), bytes, size)).toBe(text);
      expect(decodeInPieces(new StringDecoder('utf8'), bytes, size)).toBe(decodeInPieces(new NodeStringDecoder('utf8'), bytes, size));
    }
  });

  it('decodes UTF-16LE under its Node names', () => {
    const bytes = new Uint8Array(Buffer.from(text, 'utf16le'));
    for (const name of ['utf16le', 'UCS2', 'utf-16le']) expect(decodeInPieces(new StringDecoder(name), bytes, 3)).toBe(text);
  });

  it("gives the encoding's normalized name, utf8 by default (readable-stream's setEncoding reads it)", () => {
    expect(new StringDecoder().encoding).toBe('utf8');
    expect(new StringDecoder(null).encoding).toBe('utf8');
    expect(new StringDecoder('UTF-8').encoding).toBe('utf8');
    expect(new StringDecoder('ucs2').encoding).toBe('utf16le');
  });

  it('ends an incomplete character as U+FFFD, as Node does', () => {
    const decoder = new StringDecoder('utf8');
    expect(decoder.write(new Uint8Array([0x68, 0xe2, 0x9c]))).toBe('h');
    expect(decoder.end()).toBe(new NodeStringDecoder('utf8').end(Buffer.from([0xe2, 0x9c])));
    expect(decoder.end(new Uint8Array([0x6f, 0x6b]))).toBe('ok');
  });

  it("refuses an encoding TextDecoder does not decode as Node would, with Node's error", () => {
    for (const name of ['hex', 'base64', 'latin1', 'nonsense']) expect(() => new StringDecoder(name)).toThrow(new TypeError(`Unknown encoding: ${name}`));
  });
});
