// Links that lead nowhere get Parley's own page, in Chromium against a real
// server: a 404 that says what is wrong, the fixed room when spaces or
// accents are all that is wrong (following it opens that room's lobby),
// "Start a new call" and "Home"; the home page's Open field offers the same fix.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';
import { launchBrowser } from './browser.js';

let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer({}, path.resolve('dist/client'));
  browser = await launchBrowser();
  page = await browser.newPage();
  page.setDefaultNavigationTimeout(90_000);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a path; resolves with the HTTP status and the page's headline once the app rendered it. */
async function visit(pathname: string): Promise<{ status: number; headline: string }> {
  const response = await page.goto(`${server.url}${pathname}`);
  const heading = page.getByRole('heading', { level: 1 });
  await heading.waitFor();
  return { status: response?.status() ?? 0, headline: (await heading.textContent()) ?? '' };
}

/** Waits for a room's lobby: its Join button and the room's name in the title. */
async function lobbyOf(room: string): Promise<void> {
  await page.getByRole('button', { name: /join/i }).waitFor();
  await page.waitForFunction((name) => document.title === `${name} · Parley`, room);
  expect(new URL(page.url()).pathname).toBe(`/r/${room}`);
}

describe('bad links', () => {
  it('a name with a space gets a 404 page offering the fixed link, which opens that lobby', async () => {
    expect(await visit('/r/a%20b')).toEqual({ status: 404, headline: '“a b” is not a room name' });
    await page.getByRole('link', { name: 'Open a-b' }).click();
    await lobbyOf('a-b');
  });

  it('a name with accents and capitals is fixed to its plain letters, capitals kept', async () => {
    expect(await visit('/r/%C3%9Cn%C3%AFcode')).toEqual({ status: 404, headline: '“Ünïcode” is not a room name' });
    await page.getByRole('link', { name: 'Open Unicode' }).click();
    await lobbyOf('Unicode');
  });

  it('a name that cannot be fixed says why, and offers Start a new call and Home', async () => {
    expect(await visit('/r/-bad')).toEqual({ status: 404, headline: '“-bad” is not a room name' });
    await expect(page.getByText('Room names start with a letter or a digit.').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('link', { name: /^Open / }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Start a new call' }).click();
    await page.getByRole('button', { name: /join/i }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/r\/[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  });

  it('a name over 64 characters, /r/ and an unknown page each say what is wrong, and Home goes home', async () => {
    expect(await visit(`/r/${'a'.repeat(65)}`)).toEqual({ status: 404, headline: 'This room name is too long' });
    await expect(page.getByText('Room names have at most 64 characters; this one has 65.').isVisible()).resolves.toBe(true);
    expect(await visit('/r/')).toEqual({ status: 404, headline: 'This link has no room name' });
    expect(await visit('/pricing')).toEqual({ status: 404, headline: 'There is no page here' });
    await page.getByRole('link', { name: 'Home' }).click();
    await page.getByRole('button', { name: 'Start a new call' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it("the home page's Open field offers the fixed room for a name with a space", async () => {
    await page.goto(`${server.url}/`);
    await page.getByLabel('Room link or code').fill(`${server.url}/r/team standup`);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('“team standup” is not a room name');
    await page.getByRole('button', { name: 'Open team-standup' }).click();
    await lobbyOf('team-standup');
  });
});
