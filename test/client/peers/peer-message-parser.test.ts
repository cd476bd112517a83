import { describe, expect, it } from 'vitest';
import { MAX_PEER_MESSAGE_BYTES, parsePeerMessage } from '../../../client/peers/peer-message-parser.js';
import { REACTIONS } from '../../../client/peers/peer-gesture.js';
import { MAX_JSON_DEPTH } from '../../../shared/protocol.js';

describe('parsePeerMessage', () => {
  it('reads each kind of data-channel message, from text or bytes', () => {
    const status = { type: 'media-status', audio: false, video: true, screen: false };
    expect(parsePeerMessage(JSON.stringify(status))).toEqual(status);
    expect(parsePeerMessage(new TextEncoder().encode('{"type":"peer-request","action":"rebuild"}'))).toEqual({ type: 'peer-request', action: 'rebuild' });
    expect(parsePeerMessage('{"type":"rejoined","id":"b2"}')).toEqual({ type: 'rejoined', id: 'b2' });
    expect(parsePeerMessage('{"type":"hand","raised":true}')).toEqual({ type: 'hand', raised: true });
    for (const emoji of REACTIONS) expect(parsePeerMessage(JSON.stringify({ type: 'reaction', emoji }))).toEqual({ type: 'reaction', emoji });
  });

  it('refuses junk, unknown types and bad payloads', () => {
    for (const text of [
      'not json',
      'null',
      '[]',
      '{"type":"hello"}',
      '{"type":"media-status","audio":"yes","video":true,"screen":false}',
      '{"type":"peer-request","action":"reboot"}',
      '{"type":"rejoined","id":""}',
      `{"type":"rejoined","id":"${'x'.repeat(129)}"}`,
      '{"type":"hand","raised":"yes"}',
      '{"type":"hand"}',
      // Only the offered reactions: no other emoji, no text, no markup.
      '{"type":"reaction","emoji":"💩"}',
      '{"type":"reaction","emoji":"👍👍"}',
      '{"type":"reaction","emoji":"<img src=x onerror=alert(1)>"}',
      '{"type":"reaction"}',
    ]) {
      expect(parsePeerMessage(text), text).toBeUndefined();
    }
  });

  it('bounds size and nesting before parsing: the other side is anyone in the room (issue 10)', () => {
    const status = { type: 'media-status', audio: true, video: true, screen: false };
    // Nesting `levels` deep in all, the message object itself counted.
    const nested = (levels: number) => JSON.stringify(status).replace(/}$/, `,"x":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`);
    expect(parsePeerMessage(nested(MAX_JSON_DEPTH))).toEqual({ ...status, x: expect.any(Array) });
    expect(parsePeerMessage(nested(MAX_JSON_DEPTH + 1))).toBeUndefined();
    expect(parsePeerMessage(new TextEncoder().encode(nested(100_000)))).toBeUndefined();
    const padded = (length: number) => JSON.stringify({ ...status, pad: '' }).replace('""', `"${'p'.repeat(length)}"`);
    const fits = padded(MAX_PEER_MESSAGE_BYTES - padded(0).length);
    expect(fits).toHaveLength(MAX_PEER_MESSAGE_BYTES);
    expect(parsePeerMessage(fits)).toMatchObject(status);
    expect(parsePeerMessage(`${fits} `)).toBeUndefined();
    expect(parsePeerMessage(new TextEncoder().encode(`${fits} `))).toBeUndefined();
  });
});
