// The browser scenario: the in-page WebRTC lower bound, measured in real
// Chromium (fake camera and microphone), and Parley's Join → first remote
// frame through the hook in join-to-first-frame.ts once the client exists.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import type { Pinning } from '../lib/cpu-pinning.js';
import { SERVERS } from '../lib/servers-under-test.js';
import { ServerProcess } from '../lib/server-process.js';
import { median } from '../lib/stats.js';
import { PENDING_REASON, parleyJoinToFirstFrame } from './join-to-first-frame.js';
import { LOWER_BOUND_PAGE } from './lower-bound-page.js';

export const CHROMIUM_PATH = '/usr/lib/chromium/chromium';

export interface FirstFrameSeries {
  label: string;
  participants: number;
  video: { width: number; height: number };
  firstFrameMs: number[];
  medianMs: number | null;
  framesDecoded: number[];
}

export interface BrowserResults {
  chromiumVersion: string;
  lowerBound: FirstFrameSeries[];
  parley: FirstFrameSeries[] | { pending: string };
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

async function measureParley(browser: Browser, runs: number, pinning: Pinning): Promise<BrowserResults['parley']> {
  const measure = parleyJoinToFirstFrame;
  if (!measure) return { pending: PENDING_REASON };
  const server = await ServerProcess.launch(SERVERS.parley, { pinning });
  try {
    const results: FirstFrameSeries[] = [];
    for (const { participants, video } of SERIES) {
      const samples = [];
      for (let i = 0; i < runs; i++) samples.push(await measure({ browser, baseUrl: `http://127.0.0.1:${server.port}`, participants, video }));
      results.push(series(`Parley, ${participants} participants (${video.width}×${video.height})`, participants, video, samples));
    }
    return results;
  } finally {
    await server.stop();
  }
}

function series(label: string, participants: number, video: { width: number; height: number }, samples: { firstFrameMs: number; framesDecoded: number }[]): FirstFrameSeries {
  const firstFrameMs = samples.map((s) => s.firstFrameMs);
  return { label, participants, video, firstFrameMs, medianMs: median(firstFrameMs), framesDecoded: samples.map((s) => s.framesDecoded) };
}

async function servePage(html: string): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}
