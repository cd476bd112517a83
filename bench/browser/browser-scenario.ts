// The browser scenario, in real Chromium (fake camera and microphone): the
// in-page WebRTC lower bound, and Parley's Join → first remote frame
// (join-to-first-frame.ts) for 2 and 4 participants, in the same run.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import type { Pinning } from '../lib/cpu-pinning.js';
import { SERVERS } from '../lib/servers-under-test.js';
import { ServerProcess } from '../lib/server-process.js';
import { median } from '../lib/stats.js';
import { parleyJoinToFirstFrame, type JoinToFirstFrameResult } from './join-to-first-frame.js';
import { LOWER_BOUND_PAGE } from './lower-bound-page.js';

export const CHROMIUM_PATH = '/usr/lib/chromium/chromium';

export interface FirstFrameSeries {
  label: string;
  participants: number;
  video: { width: number; height: number };
  firstFrameMs: number[];
  medianMs: number | null;
  framesDecoded: number[];
  /** Parley only: median over runs of each step's time after the Join click (join-steps-recorder.ts). */
  stepMedians?: Record<string, number | null>;
  /** Parley only: each run's step times, as the median's inputs. */
  runSteps?: Record<string, number>[];
  /** Parley only: the resolution the last participant's camera ran at, per run. */
  cameras?: ({ width: number; height: number } | null)[];
}

export interface BrowserResults {
  chromiumVersion: string;
  lowerBound: FirstFrameSeries[];
  parley: FirstFrameSeries[];
}

const SERIES = [
  { participants: 2 as const, video: { width: 640, height: 480 } },
  { participants: 4 as const, video: { width: 320, height: 240 } },
];

export async function runBrowserScenario(runs: number, pinning: Pinning): Promise<BrowserResults> {
  const page = await servePage(LOWER_BOUND_PAGE);
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required'],
  });
  try {
    const lowerBound: FirstFrameSeries[] = [];
    // The lower bound is two peers in any case; it is measured at both resolutions.
    for (const { video } of SERIES) {
      const tab = await browser.newPage();
      await tab.goto(page.url);
      const samples: { firstFrameMs: number; framesDecoded: number }[] = [];
      for (let i = 0; i < runs; i++) samples.push(await tab.evaluate((v) => (window as unknown as LowerBoundWindow).measureLowerBound(v), video));
      await tab.close();
      lowerBound.push(series(`in-page lower bound (2 peers, ${video.width}×${video.height})`, 2, video, samples));
    }
    return { chromiumVersion: browser.version(), lowerBound, parley: await measureParley(browser, runs, pinning) };
  } finally {
    await browser.close();
    await new Promise((resolve) => page.server.close(resolve));
  }
}

interface LowerBoundWindow {
  measureLowerBound(video: { width: number; height: number }): Promise<{ firstFrameMs: number; framesDecoded: number }>;
}

async function measureParley(browser: Browser, runs: number, pinning: Pinning): Promise<FirstFrameSeries[]> {
  const server = await ServerProcess.launch(SERVERS.parley, { pinning });
  try {
    const results: FirstFrameSeries[] = [];
    for (const { participants, video } of SERIES) {
      const samples: JoinToFirstFrameResult[] = [];
      for (let i = 0; i < runs; i++) samples.push(await parleyJoinToFirstFrame({ browser, baseUrl: `http://127.0.0.1:${server.port}`, participants, video }));
      const names = [...new Set(samples.flatMap((s) => Object.keys(s.steps)))];
      const stepMedians = Object.fromEntries(names.map((name) => [name, median(samples.map((s) => s.steps[name]).filter((v): v is number => typeof v === 'number'))]));
      results.push({
        ...series(`Parley, ${participants} participants (${video.width}×${video.height})`, participants, video, samples),
        stepMedians,
        runSteps: samples.map((s) => s.steps),
        cameras: samples.map((s) => s.camera),
      });
    }
    return results;
  } finally {
    await server.stop();
  }
}

function series(
  label: string,
  participants: number,
  video: { width: number; height: number },
  samples: { firstFrameMs: number; framesDecoded: number }[],
): FirstFrameSeries {
  const firstFrameMs = samples.map((s) => s.firstFrameMs);
  return { label, participants, video, firstFrameMs, medianMs: median(firstFrameMs), framesDecoded: samples.map((s) => s.framesDecoded) };
}

async function servePage(html: string): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}
