// The hook where Parley's own browser measurement plugs in: time from Join to
// the first remote frame, in real Chromium against a running Parley server.
// It needs the browser client (issue 3); until that client is merged, the
// hook is empty and the report says the measurement is pending, instead of
// inventing a number.
import type { Browser } from 'playwright-core';

export interface JoinToFirstFrameOptions {
  browser: Browser;
  /** Base URL of a Parley server started for this measurement (serves the built client). */
  baseUrl: string;
  /** Participants in the call: 2, or 4 at low resolution so it measures signaling, not the encoder. */
  participants: 2 | 4;
  video: { width: number; height: number };
}

export interface JoinToFirstFrameResult {
  /** From the last participant's Join click until it presented a first frame from every other participant. */
  firstFrameMs: number;
  /** framesDecoded of that participant's inbound video, summed: proves frames were decoded. */
  framesDecoded: number;
}

export type JoinToFirstFrame = (options: JoinToFirstFrameOptions) => Promise<JoinToFirstFrameResult>;

/**
 * Set this when the browser client lands: open `participants` pages at
 * `${baseUrl}/r/<room>`, pass each lobby, click Join on all but the last,
 * wait until they are in the call, then time the last one's Join to its first
 * remote frame (requestVideoFrameCallback), as the lower bound does.
 */
export const parleyJoinToFirstFrame: JoinToFirstFrame | undefined = undefined;

export const PENDING_REASON = 'the browser client (issue 3) is not on this branch yet; bench/browser/join-to-first-frame.ts is the hook';
