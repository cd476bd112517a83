// Screenshots of the lobby's refusals and the call's reconnecting banner, at
// phone and desktop width; test/screenshots.ts runs them after the others.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openRoom, waitForRemoteVideos, type Participant } from './e2e/browser.js';
import { startTestServer } from './helpers/test-server.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const SIZES = [
  ['desktop', DESKTOP],
  ['phone', PHONE],
] as const;

type Shot = (page: Page, name: string) => Promise<void>;

/** Fills the lobby's password field (opening it first if it is not shown) and joins. */
async function joinWithPassword(p: Participant, password: string): Promise<void> {
  await p.page.getByLabel(/name/i).fill(p.name);
  const field = p.page.locator('#password');
  if (!(await field.isVisible())) await p.page.getByRole('button', { name: /lock this room/i }).click();
  await field.fill(password);
  await p.page.getByRole('button', { name: /join/i }).click();
}

export async function reliabilityShots(browser: Browser, shot: Shot, people: Participant[]): Promise<void> {
  // Rooms of two, so the third person is turned away.
  const server = await startTestServer({ MAX_ROOM_SIZE: '2' }, path.resolve('dist/client'));
  try {
    // A locked room: the host sets the password, the guest is asked for it.
    const host = await openRoom(browser, server.url, 'board-meeting', 'Grace Hopper', DESKTOP);
    people.push(host);
    await host.page.getByLabel(/name/i).fill(host.name);
    await host.page.getByRole('button', { name: /lock this room/i }).click();
    await host.page.locator('#password').fill('correct horse');
    // The lobby setting a password, and a locked room asking for it: test/screenshots-lock.ts.
    await host.page.getByRole('button', { name: /join/i }).click();
    await host.page.getByText('Connected', { exact: true }).waitFor();

    for (const [label, viewport] of SIZES) {
      const guest = await openRoom(browser, server.url, 'board-meeting', 'Linus', viewport);
      people.push(guest);
      await guest.page.getByLabel(/name/i).fill(guest.name);
      await guest.page.waitForFunction(() => deepAll('video').some((v) => (v as HTMLVideoElement).videoWidth > 0));
      // The lobby knows the room is locked before Join, and asks for the password up front.
      await guest.page.getByText(/This room is locked/).waitFor();
      await guest.page.locator('#password').fill('battery staple');
      await guest.page.getByRole('button', { name: /join/i }).click();
      await guest.page.getByText(/Wrong password/).waitFor();
      await shot(guest.page, `lobby-wrong-password-${label}`);
      await guest.context.close();
    }

    // A full room: two are in, the third is told.
    const second = await openRoom(browser, server.url, 'board-meeting', 'Linus', DESKTOP);
    people.push(second);
    await joinWithPassword(second, 'correct horse');
    await waitForRemoteVideos(second.page, 1);
    await waitForRemoteVideos(host.page, 1);
    for (const [label, viewport] of SIZES) {
      const late = await openRoom(browser, server.url, 'board-meeting', 'Margaret', viewport);
      people.push(late);
      await joinWithPassword(late, 'correct horse');
      await late.page.getByText(/This room is full/).waitFor();
      await shot(late.page, `lobby-room-full-${label}`);
      await late.context.close();
    }
  } finally {
    await server.close();
  }
}

/** The call while the server is away: reconnecting, then offline. Ends with the server closed. */
export async function reconnectingShots(shot: Shot, desktop: Participant, phone: Participant, closeServer: () => Promise<void>): Promise<void> {
  await closeServer();
  for (const [p, label] of [
    [desktop, 'desktop'],
    [phone, 'phone'],
  ] as const) {
    await p.page
      .getByText(/Reconnecting…/)
      .first()
      .waitFor();
    await shot(p.page, `call-reconnecting-${label}`);
  }
  // Past the server's grace period (20 s by default) with nobody answering.
  for (const [p, label] of [
    [desktop, 'desktop'],
    [phone, 'phone'],
  ] as const) {
    await p.page.getByText(/the server is gone/).waitFor({ timeout: 60_000 });
    await shot(p.page, `call-offline-${label}`);
  }
}
