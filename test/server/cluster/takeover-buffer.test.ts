// The frames a node keeps for a client it is taking over (issue 13): only
// those that arrive after the `taken` marker (the earlier ones are in the
// replay log the node was given), for that client or for its room but not
// sent by it, in arrival order, and nothing once the takeover is settled.
import { describe, expect, it } from 'vitest';
import { TakeoverBuffer } from '../../../server/cluster/takeover-buffer.js';

describe('TakeoverBuffer', () => {
  it('keeps, from the marker on, the frames for the client and for its room but not those it sent, in order', () => {
    const buffer = new TakeoverBuffer();
    buffer.expect('r', 'ada');
    // Before the marker: published before the takeover, so in the log already.
    expect(buffer.captureForClient('r', 'ada', 'early')).toBe(false);
    buffer.captureForRoom('r', 'early-room', undefined);
    buffer.mark('r', 'ada');
    expect(buffer.captureForClient('r', 'ada', 'to-ada')).toBe(true);
    buffer.captureForRoom('r', 'to-room', 'bob');
    buffer.captureForRoom('r', 'from-ada', 'ada');
    buffer.captureForRoom('other', 'other-room', undefined);
    expect(buffer.captureForClient('r', 'bob', 'to-bob')).toBe(false);
    expect(buffer.settle('r', 'ada')).toEqual(['to-ada', 'to-room']);
  });

  it('keeps nothing once settled, nor for a client it was not told of', () => {
    const buffer = new TakeoverBuffer();
    buffer.mark('r', 'ada');
    expect(buffer.captureForClient('r', 'ada', 'x')).toBe(false);
    buffer.expect('r', 'ada');
    buffer.mark('r', 'ada');
    expect(buffer.settle('r', 'ada')).toEqual([]);
    expect(buffer.captureForClient('r', 'ada', 'late')).toBe(false);
    expect(buffer.settle('r', 'ada')).toEqual([]);
  });
});
