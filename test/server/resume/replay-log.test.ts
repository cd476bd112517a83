import { describe, expect, it } from 'vitest';
import { ReplayLog } from '../../../server/resume/replay-log.js';

function logOf(...frames: string[]): ReplayLog {
  const log = new ReplayLog();
  for (const frame of frames) log.append(frame);
  return log;
}

describe('ReplayLog', () => {
  it('numbers frames from 1 and replays those after what the client saw', () => {
    const log = logOf('a', 'b', 'c');
    expect(log.nextSeq).toBe(4);
    expect([...log.after(0)]).toEqual(['a', 'b', 'c']);
    expect([...log.after(2)]).toEqual(['c']);
    expect([...log.after(3)]).toEqual([]);
  });

  it('drops confirmed frames, and can no longer replay from before them', () => {
    const log = logOf('a', 'b', 'c');
    log.confirm(2);
    expect(log.firstSeq).toBe(3);
    expect(log.bytes).toBe(1);
    expect(log.canReplayAfter(1)).toBe(false);
    expect(log.canReplayAfter(2)).toBe(true);
    expect([...log.after(2)]).toEqual(['c']);
    log.confirm(10);
    expect(log.firstSeq).toBe(4);
    expect(log.canReplayAfter(3)).toBe(true);
  });

  it('trims to a byte bound from the oldest end', () => {
    const log = logOf('aaa', 'bbb', 'ccc');
    log.trimTo(6);
    expect([...log.after(0)]).toEqual(['bbb', 'ccc']);
    expect(log.canReplayAfter(0)).toBe(false);
    log.trimTo(0);
    expect(log.bytes).toBe(0);
    expect(log.firstSeq).toBe(log.nextSeq);
  });

  it('keeps its numbering across compaction of a long history', () => {
    const log = new ReplayLog();
    for (let i = 1; i <= 2000; i++) {
      log.append(String(i));
      if (i % 7 === 0) log.confirm(i - 3);
    }
    expect(log.firstSeq).toBe(1993); // the last confirm was at 1995, of up to 1992
    expect([...log.after(1995)]).toEqual(['1996', '1997', '1998', '1999', '2000']);
  });
});
