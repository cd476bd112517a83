import { describe, expect, it } from 'vitest';
import { senderTail, stampSender } from '../../../server/core/stamp-sender.js';

describe('stampSender', () => {
  const stampBytes = (raw: string, id = 'a'): string => {
    const out = stampSender(Buffer.from(raw), JSON.parse(raw), id, senderTail(id));
    return typeof out === 'string' ? out : Buffer.from(out).toString();
  };

  it('splices the sender in before the last brace, keeping the original bytes before it', () => {
    const raw = '{"receiver":"b","type":"offer","data":{"type":"offer","sdp":"v=0"}}';
    const out = stampSender(Buffer.from(raw), JSON.parse(raw), 'a', senderTail('a'));
    expect(out).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(out as Uint8Array).toString()).toBe(`${raw.slice(0, -1)},"sender":"a"}`);
  });

  it('finds the brace among multi-byte characters and trailing whitespace', () => {
    const raw = '{"receiver":"b","type":"text","data":{"text":"h\u00e9 \u{1F600} }"}} \r\n\t';
    expect(JSON.parse(stampBytes(raw))).toEqual({ ...JSON.parse(raw), sender: 'a' });
  });

  it('passes the same bytes through when the sender is already right', () => {
    const raw = Buffer.from('{"sender":"a","receiver":"b","type":"ping"}');
    expect(stampSender(raw, { sender: 'a' }, 'a', senderTail('a'))).toBe(raw);
  });

  it('replaces a forged sender, leaving no second sender key', () => {
    const out = stampBytes('{"sender":"c","receiver":"b","type":"ping","data":1}');
    expect(JSON.parse(out)).toEqual({ sender: 'a', receiver: 'b', type: 'ping', data: 1 });
    expect(out.match(/"sender"/g)).toHaveLength(1);
  });

  it('leaves a nested sender key alone and adds the top-level one', () => {
    const raw = '{"receiver":"b","type":"text","data":{"sender":"x","text":"}"}}  \n';
    expect(JSON.parse(stampBytes(raw))).toEqual({ receiver: 'b', type: 'text', data: { sender: 'x', text: '}' }, sender: 'a' });
  });

  it('escapes an id that needs it', () => {
    expect(JSON.parse(stampBytes('{"receiver":"b","type":"ping"}', 'a"\u00e9')).sender).toBe('a"\u00e9');
  });
});
