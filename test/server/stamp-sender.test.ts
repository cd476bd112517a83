import { describe, expect, it } from 'vitest';
import { stampSender } from '../../server/stamp-sender.js';

describe('stampSender', () => {
  it('appends the sender when the frame has none, keeping the original bytes', () => {
    const raw = '{"receiver":"b","type":"offer","data":{"type":"offer","sdp":"v=0"}}';
    const out = stampSender(raw, JSON.parse(raw), 'a');
    expect(out.startsWith(raw.slice(0, -1))).toBe(true);
    expect(JSON.parse(out)).toEqual({ ...JSON.parse(raw), sender: 'a' });
  });

  it('passes the bytes through untouched when the sender is already right', () => {
    const raw = '{"sender":"a","receiver":"b","type":"ping"}';
    expect(stampSender(raw, JSON.parse(raw), 'a')).toBe(raw);
  });

  it('replaces a forged sender, leaving no second sender key', () => {
    const raw = '{"sender":"c","receiver":"b","type":"ping","data":1}';
    const out = stampSender(raw, JSON.parse(raw), 'a');
    expect(JSON.parse(out)).toEqual({ sender: 'a', receiver: 'b', type: 'ping', data: 1 });
    expect(out.match(/"sender"/g)).toHaveLength(1);
  });

  it('handles trailing whitespace and a nested sender key', () => {
    const raw = '{"receiver":"b","type":"text","data":{"sender":"x","text":"}"}}  \n';
    expect(JSON.parse(stampSender(raw, JSON.parse(raw), 'a'))).toEqual({ receiver: 'b', type: 'text', data: { sender: 'x', text: '}' }, sender: 'a' });
  });

  it('escapes an id that needs it', () => {
    const raw = '{"receiver":"b","type":"ping"}';
    expect(JSON.parse(stampSender(raw, JSON.parse(raw), 'a"b')).sender).toBe('a"b');
  });
});
