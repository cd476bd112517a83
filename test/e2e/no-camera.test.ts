// A participant whose browser has no camera or microphone at all can still
// join: they see and hear the others and chat, and the others see an avatar.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';
import { closeAll, join, launchBrowser, openRoom, selfId, waitForRemoteVideos, type Participant } from './browser.js';

let server: RunningServer;
let withCamera: Browser;
let withoutCamera: Browser;
const people: Participant[] = [];

beforeAll(async () => {
  server = await startTestServer({}, path.resolve('dist/client'));
  withCamera = await launchBrowser();
  // No fake-device flag: this browser has no camera and no microphone.
  withoutCamera = await launchBrowser({ hasFakeMedia: false });
});
afterAll(async () => {
  await closeAll(
    withoutCamera,
    people.filter((p) => p.name === 'Nomad'),
  );
  await closeAll(
    withCamera,
    people.filter((p) => p.name !== 'Nomad'),
  );
  await server?.close();
});

describe('no camera or microphone', () => {
  it('still joins, receives video and chats both ways', async () => {
    const ada = await openRoom(withCamera, server.url, 'no-camera', 'Ada');
    const nomad = await openRoom(withoutCamera, server.url, 'no-camera', 'Nomad');
    people.push(ada, nomad);
    // The lobby says what is missing and that joining still works.
    await nomad.page.getByText(/No camera or microphone found/).waitFor();
    await nomad.page.getByText(/You can still join/).waitFor();

    await join(ada);
    // Nomad joins by keyboard: the name field has the focus, Enter joins.
    await nomad.page.waitForFunction(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.id === 'name';
    });
    await nomad.page.keyboard.type('Nomad');
    await nomad.page.keyboard.press('Enter');
    await waitForRemoteVideos(nomad.page, 1);
    const nomadId = await selfId(nomad.page);
    // Ada sees Nomad's tile with an avatar and a muted microphone, not a black picture.
    await ada.page.waitForFunction((id) => {
      const tile = deepAll(`video-tile[peer-id="${id}"]`)[0];
      const video = tile?.shadowRoot?.querySelector('video');
      return Boolean(video?.hidden && tile?.shadowRoot?.querySelector('.avatar') && tile.shadowRoot.textContent?.includes('Microphone off'));
    }, nomadId);
    expect(await nomad.page.getByRole('button', { name: 'Microphone', exact: true }).getAttribute('aria-pressed')).toBe('false');

    await nomad.page.getByRole('button', { name: /^chat/i }).click();
    await ada.page.getByRole('button', { name: /^chat/i }).click();
    await nomad.page.getByLabel('Message', { exact: true }).fill('I can see you, no camera here');
    await nomad.page.getByRole('button', { name: 'Send' }).click();
    await ada.page.getByText('I can see you, no camera here').waitFor();
    await ada.page.getByLabel('Message', { exact: true }).fill('Hi Nomad');
    await ada.page.getByRole('button', { name: 'Send' }).click();
    await nomad.page.getByText('Hi Nomad').waitFor();
  });
});
