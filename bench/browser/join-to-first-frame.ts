// Parley's own Join → first remote frame, in real Chromium (fake camera)
// against a running Parley server: N pages of the built client in one room,
// N−1 joined and connected first, then the last one's Join click timed to the
// first frame presented from every other participant. The page's steps on
// the way (join-steps-recorder.ts) come back with it, so the report can say
// where the time goes.
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { JOIN_STEPS_RECORDER, stepTimes, type RecordedJoin } from './join-steps-recorder.js';

export interface JoinToFirstFrameOptions {
  browser: Browser;
  /** Base URL of a Parley server started for this measurement (serves the built client). */
  baseUrl: string;
  /** Participants in the call: 2, or 4 at low resolution so it measures signaling, not the encoder. */
  participants: 2 | 4;
  /** The camera resolution every participant asks for (the room link's ?video=). */
  video: { width: number; height: number };
}

export interface JoinToFirstFrameResult {
  /** From the last participant's Join click until it presented a first frame from every other participant. */
  firstFrameMs: number;
  /** framesDecoded of that participant's inbound video, summed: proves frames were decoded. */
  framesDecoded: number;
  /**
   * Milliseconds from the click to each step of the join: in the newcomer's
   * page, and (prefixed "others:") in the pages already in the call, when the
   * last of them got there.
   */
  steps: Record<string, number>;
  /** The resolution the last participant's camera actually runs at. */
  camera: { width: number; height: number } | null;
}

export type JoinToFirstFrame = (options: JoinToFirstFrameOptions) => Promise<JoinToFirstFrameResult>;

const TIMEOUT_MS = 30_000;

declare global {
  interface Window {
    parleyBench: RecordedJoin & { framesDecoded(): Promise<number>; hasCameraPreview(): boolean };
  }
}

export const parleyJoinToFirstFrame: JoinToFirstFrame = async ({ browser, baseUrl, participants, video }) => {
  const room = `bench-${randomUUID()}`;
  const contexts: BrowserContext[] = [];
  try {
    const pages: Page[] = [];
    for (let i = 0; i < participants; i++) {
      const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
      contexts.push(context);
      await context.addInitScript({ content: JOIN_STEPS_RECORDER });
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT_MS);
      await page.goto(`${baseUrl}/r/${room}?video=${video.width}x${video.height}`);
      await passLobby(page, `Bench ${i + 1}`);
      pages.push(page);
    }
    // Everyone but the last joins and sees everyone before them: the last
    // Join then times one newcomer entering a settled call.
    for (const [i, page] of pages.slice(0, -1).entries()) {
      await clickJoin(page);
      await page.waitForFunction(
        (n) => window.parleyBench.log.some(([, step]) => step === 'room-info received') && Object.keys(window.parleyBench.firstFrames).length >= n,
        i,
        { polling: 50 },
      );
    }
    const last = pages.at(-1)!;
    await clickJoin(last);
    await last.waitForFunction((n) => Object.keys(window.parleyBench.firstFrames).length >= n, participants - 1, { polling: 50 });
    const [recorded, ...others] = await Promise.all([last, ...pages.slice(0, -1)].map((page) => page.evaluate(readRecord)));
    const framesDecoded = await last.evaluate(() => window.parleyBench.framesDecoded());
    return summarize(recorded!, others, framesDecoded);
  } finally {
    for (const context of contexts) await context.close().catch(() => undefined);
  }
};

/** Types a name and waits for the camera preview, as a person would before joining. */
async function passLobby(page: Page, name: string): Promise<void> {
  await page.getByLabel(/name/i).fill(name);
  await page.waitForFunction(() => window.parleyBench.hasCameraPreview());
}

async function clickJoin(page: Page): Promise<void> {
  await page.getByRole('button', { name: /join/i }).click();
}

function readRecord(): RecordedJoin {
  const { clickedAt, log, firstFrames, camera } = window.parleyBench;
  return { clickedAt, log, firstFrames, camera };
}

function summarize(newcomer: RecordedJoin, others: RecordedJoin[], framesDecoded: number): JoinToFirstFrameResult {
  const clickedAt = newcomer.clickedAt;
  if (clickedAt === undefined) throw new Error('the Join click was not seen in the page');
  const firstFrameMs = Math.max(...Object.values(newcomer.firstFrames)) - clickedAt;
  const steps: Record<string, number> = { ...stepTimes(newcomer.log, clickedAt), 'first remote frame (last peer)': firstFrameMs };
  // The others' side of the same join: when the last of them got to each step.
  for (const other of others) {
    const theirs: Record<string, number> = { ...stepTimes(other.log, clickedAt) };
    const newcomerFrame = Object.values(other.firstFrames).filter((at) => at >= clickedAt);
    if (newcomerFrame.length) theirs['first frame of the newcomer'] = Math.min(...newcomerFrame) - clickedAt;
    for (const [name, ms] of Object.entries(theirs)) steps[`others: ${name}`] = Math.max(steps[`others: ${name}`] ?? -Infinity, ms);
  }
  const { width, height } = newcomer.camera ?? {};
  return { firstFrameMs, framesDecoded, steps, camera: width && height ? { width, height } : null };
}
