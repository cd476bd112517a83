// What the speaking detection (client/media/audio-levels.ts) costs a page in
// a call: four participants in one room, in real Chromium with fake devices,
// measured twice in the same run, with Web Audio and with it removed before
// the app loads (AudioLevels then does nothing). The figure is the main
// thread's busy time (CDP Performance.getMetrics TaskDuration) per second of
// call, summed over the four pages, and the difference between the two.
// Run: npm run bench:speaking [-- --seconds 20]
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { SERVERS } from '../lib/servers-under-test.js';
import { ServerProcess } from '../lib/server-process.js';
import { CHROMIUM_PATH } from './browser-scenario.js';

const PARTICIPANTS = 4;
const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 20;
const WITHOUT_WEB_AUDIO = 'delete window.AudioContext; delete window.webkitAudioContext;';
/**
 * Times AudioLevels' own work in the page: every AnalyserNode read (its 10 Hz
 * tick reads one per track), summed in the page, so the detection's direct
 * cost is told apart from the renders it causes.
 */
const TIME_ANALYSER_READS = `{
  const read = AnalyserNode.prototype.getFloatTimeDomainData;
  globalThis.analyserReads = { count: 0, ms: 0 };
  AnalyserNode.prototype.getFloatTimeDomainData = function (array) {
    const start = performance.now();
    read.call(this, array);
    globalThis.analyserReads.count++;
    globalThis.analyserReads.ms += performance.now() - start;
  };
}`;
/** Finds elements through every shadow root. Source text: tsx would wrap a named function in a helper the page lacks. */
declare global {
  function deepAll(selector: string): Element[];
  var analyserReads: { count: number; ms: number } | undefined;
}
const DEEP_ALL = `globalThis.deepAll = (selector, root = document) =>
  [...root.querySelectorAll(selector), ...[...root.querySelectorAll('*')].flatMap((el) => (el.shadowRoot ? deepAll(selector, el.shadowRoot) : []))];`;

interface Measured {
  label: string;
  /** Main-thread busy ms per second of call, summed over the pages. */
  busyMsPerSecond: number;
  /** Tiles showing the speaking ring at the end, as a check that detection ran (or did not). */
  ringsSeen: number;
  /** AnalyserNode reads per second and ms they took per second, summed over the pages (with Web Audio only). */
  reads?: { perSecond: number; msPerSecond: number };
}

async function measure(browser: Browser, baseUrl: string, label: string, initScript: string | undefined, room: string): Promise<Measured> {
  const pages: { page: Page; cdp: CDPSession }[] = [];
  try {
    for (let i = 0; i < PARTICIPANTS; i++) {
      const context = await browser.newContext({ viewport: { width: 960, height: 600 } });
      context.setDefaultTimeout(120_000);
      context.setDefaultNavigationTimeout(120_000);
      await context.addInitScript({ content: DEEP_ALL });
      await context.addInitScript({ content: initScript ?? TIME_ANALYSER_READS });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/r/${room}`);
      await page.getByLabel(/name/i).fill(`P${i}`);
      await page.getByRole('button', { name: /join/i }).click();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      pages.push({ page, cdp });
    }
    // Everyone sees everyone's video before the clock starts.
    for (const { page } of pages) {
      // A function, not source text: the page's CSP forbids evaluating strings.
      await page.waitForFunction((n) => deepAll('video:not([data-self])').filter((v) => (v as HTMLVideoElement).videoWidth > 0).length >= n, PARTICIPANTS - 1, {
        timeout: 120_000,
      });
    }
    const busy = async () => {
      let sum = 0;
      for (const { cdp } of pages) {
        const { metrics } = await cdp.send('Performance.getMetrics');
        sum += metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
      }
      return sum;
    };
    const reads = async () => {
      const sum = { count: 0, ms: 0 };
      for (const { page } of pages) {
        const one = await page.evaluate(() => globalThis.analyserReads);
        sum.count += one?.count ?? 0;
        sum.ms += one?.ms ?? 0;
      }
      return sum;
    };
    const readsBefore = await reads();
    const before = await busy();
    const startedAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    const busySeconds = (await busy()) - before;
    const elapsed = (performance.now() - startedAt) / 1000;
    const readsAfter = await reads();
    let ringsSeen = 0;
    for (const { page } of pages) {
      ringsSeen += await page.evaluate(() => deepAll('video-tile[speaking]').length);
    }
    const perSecond = (readsAfter.count - readsBefore.count) / elapsed;
    const msPerSecond = (readsAfter.ms - readsBefore.ms) / elapsed;
    return { label, busyMsPerSecond: (busySeconds * 1000) / elapsed, ringsSeen, ...(perSecond > 0 ? { reads: { perSecond, msPerSecond } } : {}) };
  } finally {
    for (const { page } of pages) await page.context().close();
  }
}

const server = await ServerProcess.launch(SERVERS.parley, { pinning: { isPinned: false } });
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required'],
});
try {
  const baseUrl = `http://127.0.0.1:${server.port}`;
  // Alternated, twice each, so a drift in the machine's load falls on both.
  const runs: Measured[] = [];
  for (const round of [1, 2]) {
    runs.push(await measure(browser, baseUrl, 'with speaking detection', undefined, `with-${round}`));
    runs.push(await measure(browser, baseUrl, 'without Web Audio', WITHOUT_WEB_AUDIO, `without-${round}`));
  }
  const mean = (label: string) => {
    const mine = runs.filter((r) => r.label === label);
    return mine.reduce((sum, r) => sum + r.busyMsPerSecond, 0) / mine.length;
  };
  const withIt = mean('with speaking detection');
  const without = mean('without Web Audio');
  const [load] = (await import('node:os')).loadavg();
  console.log(`speaking detection, ${PARTICIPANTS} pages in one call, ${SECONDS} s per run, load average ${load?.toFixed(1)}:`);
  for (const r of runs) {
    const reads = r.reads ? `; AnalyserNode reads: ${r.reads.perSecond.toFixed(0)} per s taking ${r.reads.msPerSecond.toFixed(2)} ms per s (4 pages)` : '';
    console.log(`  ${r.label}: ${r.busyMsPerSecond.toFixed(1)} ms main-thread busy per s (4 pages); rings shown at the end: ${r.ringsSeen}${reads}`);
  }
  console.log(
    `  cost: ${(withIt - without).toFixed(1)} ms per s over 4 pages (${((withIt - without) / PARTICIPANTS).toFixed(2)} ms per page), ratio ${(withIt / without).toFixed(3)}×`,
  );
} finally {
  await browser.close();
  await server.stop();
}
