// The room link's ?video=<width>x<height>: read when well-formed and within
// bounds, ignored (the default applies) otherwise.
import { describe, expect, it } from 'vitest';
import { videoSizeFromQuery } from '../../../client/media/video-size.js';

describe('videoSizeFromQuery', () => {
  it('reads a width and a height', () => {
    expect(videoSizeFromQuery('?video=320x240')).toEqual({ width: 320, height: 240 });
    expect(videoSizeFromQuery('?lang=en&video=1280x720')).toEqual({ width: 1280, height: 720 });
  });

  it('ignores anything else, and sizes out of bounds', () => {
    for (const search of [
      '',
      '?video=',
      '?video=low',
      '?video=320',
      '?video=320x240x1',
      '?video=-320x240',
      '?video=320X240',
      '?video=80x60',
      '?video=4096x2160',
      '?video=0320x0240x',
    ]) {
      expect(videoSizeFromQuery(search), search).toBeUndefined();
    }
  });
});
