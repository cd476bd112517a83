import { describe, expect, it } from 'vitest';
import { parsePeerMessage } from '../../../client/peers/peer-message.js';

describe('parsePeerMessage', () => {
  it('reads each kind of data-channel message, from text or bytes', () => {
    const status = { type: 'media-status', audio: false, video: true, screen: false };
    expect(parsePeerMessage(JSON.stringify(status))).toEqual(status);
    expect(parsePeerMessage(new TextEncoder().encode('{"type":"peer-request","action":"rebuild"}'))).toEqual({ type: 'peer-request', action: 'rebuild' });
    expect(parsePeerMessage('{"type":"rejoined","id":"b2"}')).toEqual({ type: 'rejoined', id: 'b2' });
  });

  it('refuses junk, unknown types and bad payloads', () => {
    for (const text of ['not json', 'null', '[]', '{"type":"hello"}', '{"type":"media-status","audio":"yes","video":true,"screen":false}', '{"type":"peer-request","action":"reboot"}', '{"type":"rejoined","id":""}', `{"type":"rejoined","id":"${'x'.repeat(129)}"}`]) {
      expect(parsePeerMessage(text), text).toBeUndefined();
    }
  });
});
