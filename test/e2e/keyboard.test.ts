// The call from the keyboard (issue 14), seen from the other side: Ctrl+D
// mutes and Ctrl+E turns the camera off for the peer too, holding Space talks
// while muted and letting go mutes again, "?" and More options open the
// shortcut sheet, the focus lands on the toolbar after Join and on Rejoin
// after Leave, the chat takes Shift+Enter as a new line, and while the server
// is away the chat field says why its messages wait.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwoInCall, type TwoInCall } from './two-in-call.js';
import { focusedName, waitForNewFrame, type Participant } from './browser.js';

let call: TwoInCall | undefined;
let ada: Participant;
let bob: Participant;
let adaId: string;

// Two joins with video take over 90 s at a load average of 70 on this 2-core machine.
beforeAll(async () => {
  call = await startTwoInCall('keyboard');
  ({ ada, bob, adaId } = call);
}, 240_000);
afterAll(() => call?.close());

/** Whether Bob's page shows Ada's microphone as off. */
function bobSeesAdaMuted(isMuted: boolean): Promise<unknown> {
  return bob.page.waitForFunction(([id, want]) => deepAll(`video-tile[peer-id="${id}"]`)[0]?.shadowRoot?.textContent?.includes('Microphone off') === want, [
    adaId,
    isMuted,
  ] as const);
}

async function micPressed(page: Page, isPressed: boolean): Promise<void> {
  await page.waitForFunction((want) => deepAll('button[data-action="mic"]')[0]?.getAttribute('aria-pressed') === String(want), isPressed);
}

/** The text of the focused element, looking inside shadow roots. */
function focusedText(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.textContent?.trim() ?? '';
  });
}

/** Takes the focus off any button or field, as after a click on the video. */
async function focusNothing(page: Page): Promise<void> {
  await page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    (el as HTMLElement | null)?.blur();
  });
}

// At a load average of 70 a single keypress's round trip to the peer took 30 s.
describe('the call from the keyboard', { timeout: 240_000 }, () => {
  it('puts the focus on the call toolbar after Join', async () => {
    expect(await focusedName(ada.page)).toBe('Call controls');
    expect(await focusedName(bob.page)).toBe('Call controls');
  });

  it('Ctrl+D mutes, taking the key from the browser, and the peer sees it; Ctrl+D again unmutes', async () => {
    const mic = ada.page.getByRole('button', { name: 'Microphone', exact: true });
    await expect(mic.getAttribute('title')).resolves.toBe('Mute microphone (Ctrl+D)');
    await ada.page.evaluate(() => addEventListener('keydown', (e) => ((globalThis as { lastPrevented?: boolean }).lastPrevented = e.defaultPrevented)));
    await ada.page.keyboard.press('Control+d');
    await micPressed(ada.page, false);
    expect(await ada.page.evaluate(() => (globalThis as { lastPrevented?: boolean }).lastPrevented)).toBe(true);
    await bobSeesAdaMuted(true);
    await ada.page.keyboard.press('Control+d');
    await bobSeesAdaMuted(false);
  });

  it('Ctrl+E turns the camera off for the peer, and on again with frames flowing', async () => {
    await ada.page.keyboard.press('Control+e');
    await bob.page.waitForFunction((id) => (deepAll(`video[data-peer="${id}"]`)[0] as HTMLVideoElement).hidden, adaId);
    await ada.page.keyboard.press('Control+e');
    await bob.page.waitForFunction((id) => !(deepAll(`video[data-peer="${id}"]`)[0] as HTMLVideoElement).hidden, adaId);
    await waitForNewFrame(bob.page, adaId);
  });

  it('holding Space talks while muted, and letting go mutes again', async () => {
    await ada.page.keyboard.press('Control+d');
    await bobSeesAdaMuted(true);
    await focusNothing(ada.page);
    await ada.page.keyboard.down('Space');
    await micPressed(ada.page, true);
    await bobSeesAdaMuted(false);
    await ada.page.keyboard.up('Space');
    await micPressed(ada.page, false);
    await bobSeesAdaMuted(true);
    // Typing a space in the chat is only a space.
    // From the keyboard: muted, the fake microphone's beeps bring up "You're muted" over the bar.
    await ada.page.getByRole('button', { name: 'Chat', exact: true }).focus();
    await ada.page.keyboard.press('Enter');
    await ada.page.getByLabel('Message', { exact: true }).focus();
    await ada.page.keyboard.down('Space');
    await ada.page.keyboard.up('Space');
    await expect(ada.page.getByLabel('Message', { exact: true }).inputValue()).resolves.toBe(' ');
    await micPressed(ada.page, false);
    await ada.page.getByLabel('Message', { exact: true }).fill('');
    await ada.page.keyboard.press('Control+d');
    await bobSeesAdaMuted(false);
  });

  it('Shift+Enter starts a new line in the chat and Enter sends both lines', async () => {
    const field = ada.page.getByLabel('Message', { exact: true });
    await field.focus();
    await ada.page.keyboard.type('first line');
    await ada.page.keyboard.press('Shift+Enter');
    await ada.page.keyboard.type('second line');
    await expect(field.inputValue()).resolves.toBe('first line\nsecond line');
    await ada.page.keyboard.press('Enter');
    await expect(field.inputValue()).resolves.toBe('');
    await bob.page.getByRole('button', { name: 'Chat, 1 unread' }).click();
    await bob.page.waitForFunction(() => deepAll('.bubble').some((b) => b.textContent === 'first line\nsecond line'));
  });

  it('"?" opens the shortcut sheet, Escape closes it, and More options opens it too', async () => {
    const page = bob.page;
    await focusNothing(page);
    await page.keyboard.press('Shift+?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await sheet.waitFor();
    await expect(sheet.getByText('Ctrl+D').isVisible()).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'More options' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: /Keyboard shortcuts/ }).waitFor();
    expect(await focusedText(page)).toMatch(/^Keyboard shortcuts/);
    await page.keyboard.press('Enter');
    await sheet.waitFor();
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'hidden' });
  });

  it('while the server is away the chat says its messages wait, and after Leave the focus is on Rejoin', async () => {
    await call!.closeServer();
    await ada.page.getByText('The server is away. Your messages wait here and go out when it is back.').waitFor({ timeout: 30_000 });
    await ada.page.getByRole('button', { name: 'Leave' }).click();
    await ada.page.getByRole('button', { name: 'Rejoin' }).waitFor();
    expect(await focusedText(ada.page)).toBe('Rejoin');
  });
});
