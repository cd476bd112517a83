import { describe, expect, it } from 'vitest';
import { OutgoingFrame } from '../../../server/core/outgoing-frame.js';

describe('OutgoingFrame', () => {
  it('gives text as its UTF-8 bytes, encoding once', () => {
    const frame = OutgoingFrame.ofText('{"text":"h\u00e9 \u{1F600}"}');
    const bytes = frame.bytes;
    expect(Buffer.from(bytes).equals(Buffer.from('{"text":"h\u00e9 \u{1F600}"}'))).toBe(true);
    expect(frame.bytes).toBe(bytes);
  });

  it('gives bytes as text, decoding a view of a larger buffer by its own range only', () => {
    const whole = Buffer.from('xx{"a":"\u00e9"}yy');
    const frame = OutgoingFrame.ofBytes(whole.subarray(2, whole.length - 2));
    expect(frame.text).toBe('{"a":"\u00e9"}');
  });
});
