// The foreign client of the mixed-room browser tests (foreign-peer/foreign-peer.js:
// perfect negotiation, tracks without a stream, no data channel, Camus's
// message types only), opened on the server's own origin so the room's
// WebSocket accepts it, and page-side watchers of the frames a page shows.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { Participant } from './browser.js';

const SCRIPT = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'foreign-peer', 'foreign-peer.js'), 'utf8');

/** After the server goes: `stay` never reconnects (Camus 0.2); `rejoin` comes back under a new id with the same name. */
export type ForeignMode = 'stay' | 'rejoin';

/** What the foreign page exposes, as the test reads it. */
export interface ForeignState {
  id: string;
  /** Every id the server gave it, in order. */
  ids: string[];
  /** Message types it had no handler for (it threw on each). */
  unknownTypes: string[];
  /** RTCPeerConnections it made. */
  connectionsMade: number;
}

/**
 * Opens the foreign client in `room` as `name`, in its own context. The
 * page is a document of the server's origin (its /healthz), rewritten by
 * the test: the server knows nothing of it, no Parley code runs in it, and
 * the room's WebSocket takes it as same-origin. (A page the test served
 * itself, with page.route, counts as a public site to Chromium, which then
 * blocks its connections to the loopback server.) CSP is bypassed for it
 * alone: the server's policy forbids the inline script.
 */
export async function openForeignPeer(browser: Browser, baseUrl: string, room: string, name: string, mode: ForeignMode): Promise<Participant> {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${name}, foreign] page error:`, error.message));
  const query = new URLSearchParams({ room, name, mode });
  await page.goto(`${baseUrl}/healthz?${query.toString()}`);
  await page.setContent('<!doctype html><title>Foreign peer</title><body></body>');
  await page.addScriptTag({ content: SCRIPT });
  return { name, context, page };
}

export function foreignState(page: Page): Promise<ForeignState> {
  return page.evaluate(() => {
    const f = (window as unknown as { foreign: ForeignState }).foreign;
    return { id: f.id, ids: [...f.ids], unknownTypes: [...f.unknownTypes], connectionsMade: f.connectionsMade };
  });
}

/** Waits until the foreign page shows `count` remote videos that have decoded frames. */
export async function waitForForeignVideos(page: Page, count: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const videos = [...document.querySelectorAll('video[data-remote]')] as HTMLVideoElement[];
      return videos.filter((v) => v.videoWidth > 0 && v.getVideoPlaybackQuality().totalVideoFrames > 0).length >= n;
    },
    count,
    { timeout, polling: 'raf' },
  );
}

/** The selector of the remote video on a Parley page and on the foreign page. */
export const PARLEY_REMOTE_VIDEO = 'video[data-peer]:not([data-self])';
export const FOREIGN_REMOTE_VIDEO = 'video[data-remote]';

/**
 * Starts watching the frames shown by the first element matching `selector`
 * (found again if it is replaced), with requestVideoFrameCallback: when the
 * watch began, the last frame's time, how many frames and the longest wait
 * between two. Source text: esbuild would wrap named functions in a helper
 * the page lacks.
 */
export function watchFrames(page: Page, selector: string): Promise<void> {
  return page.evaluate(`(() => {
    const find = (root) => {
      const hit = root.querySelector(${JSON.stringify(selector)});
      if (hit) return hit;
      for (const el of root.querySelectorAll('*')) {
        const inner = el.shadowRoot && find(el.shadowRoot);
        if (inner) return inner;
      }
      return null;
    };
    const watch = (globalThis.frameWatch = { start: performance.now(), last: performance.now(), frames: 0, maxGap: 0 });
    let watched;
    const onFrame = (video) => (now) => {
      watch.maxGap = Math.max(watch.maxGap, now - watch.last);
      watch.last = now;
      watch.frames++;
      if (watched === video) video.requestVideoFrameCallback(onFrame(video));
    };
    const look = () => {
      const video = find(document);
      if (video && video !== watched) {
        watched = video;
        video.requestVideoFrameCallback(onFrame(video));
      }
      requestAnimationFrame(look);
    };
    look();
  })()`);
}

export interface FrameWatch {
  /** Milliseconds from the start of the watch to the last frame shown. */
  span: number;
  frames: number;
  /** The longest wait between two frames shown (or from the start to the first). */
  maxGap: number;
}

/** Waits until the watched video has shown a frame `ms` after the watch began (it keeps playing that long), and reports. */
export async function waitForPlayedFor(page: Page, ms: number, timeout = ms + 30_000): Promise<FrameWatch> {
  await page.waitForFunction(
    (span) => {
      const w = (globalThis as unknown as { frameWatch: { start: number; last: number } }).frameWatch;
      return w.last - w.start >= span;
    },
    ms,
    { timeout, polling: 250 },
  );
  return page.evaluate(() => {
    const w = (globalThis as unknown as { frameWatch: { start: number; last: number; frames: number; maxGap: number } }).frameWatch;
    return { span: Math.round(w.last - w.start), frames: w.frames, maxGap: Math.round(w.maxGap) };
  });
}
