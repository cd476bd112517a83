// The camera resolution a room link may ask for: `/r/<room>?video=320x240`.
// Every peer in a mesh gets its own encode of our camera, so a big room or a
// slow machine or link is better served by a smaller picture; the benchmark
// (bench/browser/join-to-first-frame.ts) uses it to measure signaling rather
// than the encoder. It is asked for as an ideal, like the default: a camera
// that cannot give it gives the nearest it can.

export interface VideoSize {
  width: number;
  height: number;
}

/** Sizes outside these bounds are ignored, as is anything that is not `<width>x<height>`. */
export const VIDEO_SIZE_LIMITS = { minWidth: 160, maxWidth: 1920, minHeight: 120, maxHeight: 1080 } as const;

/** The size in `search` (a URL's query string), or undefined for the default. */
export function videoSizeFromQuery(search: string): VideoSize | undefined {
  const value = new URLSearchParams(search).get('video');
  const match = value === null ? null : /^(\d{3,4})x(\d{3,4})$/.exec(value);
  if (!match) return undefined;
  const [width, height] = [Number(match[1]), Number(match[2])];
  const { minWidth, maxWidth, minHeight, maxHeight } = VIDEO_SIZE_LIMITS;
  if (width < minWidth || width > maxWidth || height < minHeight || height > maxHeight) return undefined;
  return { width, height };
}
