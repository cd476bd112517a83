// Drives Debian's Chromium through playwright-core for the browser tests (and
// the screenshot script): one browser per test file, one context per
// participant, and page-side checks that wait for real decoded frames.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/lib/chromium/chromium';

/** Flags for a browser with a fake camera, microphone and screen. */
export const FAKE_MEDIA_FLAGS = [
  // Fake camera and microphone, and a fake screen for getDisplayMedia.
  '--use-fake-device-for-media-stream',
  // Grant camera, microphone and screen capture without a prompt.
  '--use-fake-ui-for-media-stream',
];
// No autoplay flag: the click on Join must be enough for remote sound to play, as for a user.
const COMMON_FLAGS = ['--allow-loopback-in-peer-connection'];

/**
 * A browser whose pages have a fake camera and microphone, or none at all.
 * With `deviceCount`, Chromium offers that many fake cameras (and always
 * three fake microphones and speakers, a "default" one among them).
 */
export function launchBrowser({ hasFakeMedia = true, deviceCount = 1 } = {}): Promise<Browser> {
  const media = deviceCount > 1 ? [`${FAKE_MEDIA_FLAGS[0]}=device-count=${deviceCount}`, ...FAKE_MEDIA_FLAGS.slice(1)] : FAKE_MEDIA_FLAGS;
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...COMMON_FLAGS, ...(hasFakeMedia ? media : [])],
  });
}

/**
 * Finds elements through every open shadow root; installed in each page.
 * Kept as source text: tsx/esbuild would wrap a named function in a helper
 * (__name) that does not exist in the page.
 */
const DEEP_QUERY_SCRIPT = `
  globalThis.deepAll = function deepAll(selector, root = document) {
    const found = [...root.querySelectorAll(selector)];
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) found.push(...deepAll(selector, el.shadowRoot));
    return found;
  };
`;

declare global {
  function deepAll(selector: string): Element[];
}

export interface Participant {
  name: string;
  context: BrowserContext;
  page: Page;
}

/**
 * Opens /r/<room> in a fresh context (its own storage, as a separate person
 * would have). `initScripts` run in the page before the app, e.g. to record
 * the app's RTCPeerConnections (peer-connections.ts).
 */
export async function openRoom(
  browser: Browser,
  baseUrl: string,
  room: string,
  name: string,
  viewport = { width: 1280, height: 800 },
  initScripts: string[] = [],
): Promise<Participant> {
  const context = await browser.newContext({ viewport });
  for (const content of [DEEP_QUERY_SCRIPT, ...initScripts]) await context.addInitScript({ content });
  const page = await context.newPage();
  // Loading a room page while other calls run takes over 30 s on this loaded 2-core machine (load 40-50).
  page.setDefaultNavigationTimeout(90_000);
  page.on('pageerror', (error) => console.error(`[${name}] page error:`, error.message));
  await page.goto(`${baseUrl}/r/${room}`);
  return { name, context, page };
}

/** Types the name and clicks Join; resolves with the page's clock at the click. */
export async function join({ page, name }: Participant): Promise<number> {
  await page.getByLabel(/name/i).fill(name);
  // The click time is taken in the page, so it shares a clock with the first frame.
  await page.evaluate(() =>
    document.addEventListener('click', () => ((globalThis as { joinClickedAt?: number }).joinClickedAt ??= performance.now()), { capture: true, once: true }),
  );
  await page.getByRole('button', { name: /join/i }).click();
  return page.evaluate(() => (globalThis as { joinClickedAt?: number }).joinClickedAt ?? -1);
}

/**
 * Waits until at least `count` remote videos (not the self view) have decoded
 * frames and are playing, and resolves with the page's clock when that was
 * first seen. With `isExact`, there must be exactly `count` remote videos.
 */
export async function waitForRemoteVideos(page: Page, count: number, { isExact = true, timeout = 60_000 } = {}): Promise<number> {
  const handle = await page.waitForFunction(
    ([n, exact]) => {
      const videos = deepAll('video[data-peer]:not([data-self])') as HTMLVideoElement[];
      const playing = videos.filter((v) => v.videoWidth > 0 && v.getVideoPlaybackQuality().totalVideoFrames > 0 && !v.paused);
      if (exact && videos.length !== n) return false;
      return playing.length >= n ? performance.now() : false;
    },
    [count, isExact] as const,
    { timeout, polling: 'raf' },
  );
  return Number(await handle.jsonValue());
}

/** Waits until a remote video shows a frame newer than now (requestVideoFrameCallback). */
export async function waitForNewFrame(page: Page, peerId: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (id) =>
      new Promise<boolean>((resolve) => {
        const video = deepAll(`video[data-peer="${id}"]`)[0] as HTMLVideoElement | undefined;
        if (!video) return resolve(false);
        video.requestVideoFrameCallback(() => resolve(true));
      }),
    peerId,
    { timeout },
  );
}

/** The focused element, looking inside shadow roots: its aria-label, else its id. */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.getAttribute('aria-label') || el?.id || el?.tagName.toLowerCase() || '';
  });
}

/** Presses `key` until the focus is on `name` (at most `limit` times). */
export async function tabTo(page: Page, name: string, key = 'Tab', limit = 20): Promise<void> {
  for (let i = 0; i < limit && (await focusedName(page)) !== name; i++) await page.keyboard.press(key);
  if ((await focusedName(page)) !== name) throw new Error(`${key} never reached "${name}"`);
}

/** The id the server gave this participant (from its self view). */
export async function selfId(page: Page): Promise<string> {
  const handle = await page.waitForFunction(() => deepAll('video[data-self]')[0]?.getAttribute('data-peer') || false);
  return handle.jsonValue() as Promise<string>;
}

/** Remote tiles currently shown, by peer id. */
export function remoteTileIds(page: Page): Promise<string[]> {
  return page.evaluate(() => deepAll('video[data-peer]:not([data-self])').map((v) => v.getAttribute('data-peer') ?? ''));
}

/** Closes every context, then the browser; never throws. */
export async function closeAll(browser: Browser | undefined, participants: Participant[] = []): Promise<void> {
  for (const p of participants) await p.context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
}
