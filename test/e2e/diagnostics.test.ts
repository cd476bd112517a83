// The /diagnostics page in Chromium against a real coturn: it reports relay
// and media over the relay when Parley and coturn share the secret, and says
// the credentials were refused when they do not. Screenshots at phone and
// desktop width go to .screens/ for a person to look at.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { launchChromium } from '../helpers/chromium.js';
import { startCoturn, type Coturn } from '../helpers/coturn.js';
import { startTestServer } from '../helpers/test-server.js';

const SECRET = 'diagnostics-secret-51c2';
const SCREENS = path.resolve('.screens');
/** The client `npm test` builds before running the suite. */
const CLIENT_DIR = path.resolve('dist/client');

let coturn: Coturn | undefined;
let server: RunningServer | undefined;
let wrongSecretServer: RunningServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  coturn = await startCoturn({ secret: SECRET });
  const env = { STUN_URLS: `stun:127.0.0.1:${coturn.port}`, TURN_URLS: `${coturn.udpUrl},${coturn.tcpUrl}` };
  server = await startTestServer({ ...env, TURN_SECRET: SECRET }, CLIENT_DIR);
  wrongSecretServer = await startTestServer({ ...env, TURN_SECRET: 'not-the-coturn-secret' }, CLIENT_DIR);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  await server?.close().catch(() => undefined);
  await wrongSecretServer?.close().catch(() => undefined);
  await coturn?.stop();
});

async function openDiagnostics(target: RunningServer, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const page = await browser!.newPage({ viewport });
  await page.goto(`${target.url}/diagnostics`);
  // The page is done when the button offers to run again.
  await page.getByRole('button', { name: 'Run again' }).waitFor({ timeout: 40_000 });
  return page;
}

describe('/diagnostics with a working coturn', () => {
  it('reports a relay candidate for each TURN URL and media over the relay', async () => {
    const page = await openDiagnostics(server!);
    try {
      for (const url of [coturn!.udpUrl, coturn!.tcpUrl]) {
        const item = page.locator(`li[data-url="${url}"]`);
        await expect(item.locator('.headline').textContent()).resolves.toMatch(/^TURN works: relay candidate obtained in \d+ ms$/);
      }
      await expect(page.locator('#relay-call-result .headline').textContent()).resolves.toMatch(/^Media flows over the relay/);
      await expect(page.locator('[part=summary]').getAttribute('data-level')).resolves.toBe('ok');
      await expect(page.locator('#signaling ~ * .headline').textContent()).resolves.toMatch(/^Signaling works/);
      await page.screenshot({ path: path.join(SCREENS, 'diagnostics-ok-desktop.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });

  it('lays out on a phone', async () => {
    const page = await openDiagnostics(server!, { width: 390, height: 844 });
    try {
      await expect(page.locator('[part=summary]').getAttribute('data-level')).resolves.toBe('ok');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, 'the page scrolls sideways on a phone').toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(SCREENS, 'diagnostics-ok-phone.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });
});

describe("/diagnostics, the user's own check", () => {
  it('counts the camera frames it shows, hears the microphone, asks about the test sound, and says it all in plain words', async () => {
    const page = await openDiagnostics(server!);
    try {
      const frames = page.locator('figcaption[data-frames]');
      const count = async () => Number(await frames.getAttribute('data-frames'));
      // Frames keep coming: the count rises past what it was.
      await page.waitForFunction((el) => Number(el?.getAttribute('data-frames')) > 5, await frames.elementHandle());
      const before = await count();
      await page.waitForFunction(([el, n]) => Number(el?.getAttribute('data-frames')) > n, [await frames.elementHandle(), before] as const);
      expect(await page.locator('device-check video').evaluate((v) => (v as HTMLVideoElement).getVideoPlaybackQuality().totalVideoFrames)).toBeGreaterThan(0);
      await expect(page.locator('li[data-check="camera"][data-level="ok"]').textContent()).resolves.toContain('Your camera works: others will see you.');
      // The meter's AudioContext starts on the first click; the fake microphone beeps every second.
      await page.getByRole('button', { name: 'Play test sound' }).click();
      await page.locator('li[data-check="microphone"][data-level="ok"]').waitFor();
      await page.getByRole('button', { name: 'Yes' }).click();
      await expect(page.locator('li[data-check="speaker"][data-level="ok"]').textContent()).resolves.toContain('Your speaker works: you will hear the others.');
      await expect(page.locator('li[data-check="connection"][data-level="ok"]').textContent()).resolves.toContain('Calls can connect from this network.');
      await expect(page.locator('.verdict strong').textContent()).resolves.toBe('You are ready for calls.');
      // The operator's guide the page links to is there.
      const guide = await page.request.get(`${server!.url}${await page.getByRole('link', { name: /STUN and TURN guide/ }).getAttribute('href')}`);
      expect(guide.status()).toBe(200);
      expect(await guide.text()).toContain('## Checking it: /diagnostics');
    } finally {
      await page.close();
    }
  });
});

describe('/diagnostics with a wrong secret', () => {
  it('says the credentials were refused, and that TURN does not work', async () => {
    const page = await openDiagnostics(wrongSecretServer!);
    try {
      const item = page.locator(`li[data-url="${coturn!.udpUrl}"]`);
      await expect(item.locator('.headline').textContent()).resolves.toBe('No relay candidate: the TURN server refused the credentials (401)');
      await expect(item.locator('.detail').textContent()).resolves.toContain("TURN_SECRET must equal coturn's static-auth-secret");
      await expect(page.locator('[part=summary] strong').textContent()).resolves.toBe('TURN does not work: calls across strict networks will fail');
      await expect(page.locator('#relay-call-result .headline').textContent()).resolves.toBe('The relay test call could not run');
      await page.screenshot({ path: path.join(SCREENS, 'diagnostics-wrong-secret-desktop.png'), fullPage: true });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: path.join(SCREENS, 'diagnostics-wrong-secret-phone.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });
});

describe("/diagnostics with the user's own list", () => {
  it("tests an edited list for this session, survives a reload, and goes back to the server's list", async () => {
    const page = await openDiagnostics(server!);
    try {
      await page.getByText('Try other ICE servers (this session only)').click();
      // Keep only the UDP TURN URL, with a credential coturn will refuse.
      const rows = page.locator('ice-server-editor [part=row]');
      await expect(rows.count()).resolves.toBe(2);
      await page.getByRole('button', { name: 'Remove server 1' }).click();
      await rows.first().locator('[name=urls]').fill(coturn!.udpUrl);
      await rows.first().locator('input[name=credential]').fill('made-up');
      await page.screenshot({ path: path.join(SCREENS, 'diagnostics-editor-desktop.png'), fullPage: true });
      await page.getByRole('button', { name: 'Use for this session' }).click();
      await page.getByRole('button', { name: 'Run again' }).waitFor({ timeout: 40_000 });
      await expect(page.locator('.meta').textContent()).resolves.toMatch(/^Your own list for this session\./);
      await expect(page.locator('li.probe').count()).resolves.toBe(1);
      await expect(page.locator(`li[data-url="${coturn!.udpUrl}"] .headline`).textContent()).resolves.toBe(
        'No relay candidate: the TURN server refused the credentials (401)',
      );

      await page.reload();
      await page.getByRole('button', { name: 'Run again' }).waitFor({ timeout: 40_000 });
      await expect(page.locator('.meta').textContent()).resolves.toMatch(/^Your own list for this session\./);

      await page.getByText('Try other ICE servers (this session only)').click();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: path.join(SCREENS, 'diagnostics-editor-phone.png'), fullPage: true });
      await page.getByRole('button', { name: "Back to the server's list" }).click();
      await page.getByRole('button', { name: 'Run again' }).waitFor({ timeout: 40_000 });
      await expect(page.locator('.meta').textContent()).resolves.toMatch(/^From the server, credentials valid until/);
      await expect(page.locator('[part=summary]').getAttribute('data-level')).resolves.toBe('ok');
    } finally {
      await page.close();
    }
  });
});
