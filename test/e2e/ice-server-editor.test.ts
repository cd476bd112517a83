// <ice-server-editor> in real Chromium: it shows the list, edits a copy,
// fires ice-servers-save only for a list a browser can use, and names the
// server and the problem otherwise.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IceServer } from '../../shared/protocol.js';
import { bundleModule } from '../helpers/bundle.js';
import { launchChromium } from '../helpers/chromium.js';

let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  const code = await bundleModule('client/ui/ice-server-editor.ts');
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ content: code, type: 'module' });
  await page.waitForFunction(() => customElements.get('ice-server-editor') !== undefined);
});

afterAll(async () => {
  await browser?.close();
});

const SERVED: IceServer[] = [
  { urls: ['stun:stun.example.org:3478'] },
  { urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:443'], username: '1700000600:me', credential: 'c2VjcmV0' },
];

/** Renders a fresh editor and records the events it fires. */
async function mount(servers: IceServer[], isOverridden = false): Promise<void> {
  await page.evaluate(
    async ({ servers, isOverridden }) => {
      document.body.innerHTML = '';
      const events: { type: string; detail: unknown }[] = [];
      Object.assign(window, { events });
      const el = document.createElement('ice-server-editor');
      el.servers = servers;
      el.isOverridden = isOverridden;
      for (const type of ['ice-servers-save', 'ice-servers-reset']) {
        el.addEventListener(type, (e) => events.push({ type, detail: (e as CustomEvent).detail ?? null }));
      }
      document.body.append(el);
      await el.updateComplete;
    },
    { servers, isOverridden },
  );
}

function events(): Promise<{ type: string; detail: unknown }[]> {
  return page.evaluate(() => (window as unknown as { events: { type: string; detail: unknown }[] }).events);
}

async function settled(): Promise<void> {
  await page.evaluate(() => document.querySelector('ice-server-editor')!.updateComplete);
}

const row = (index: number) => page.locator(`ice-server-editor [part=row][data-index="${index}"]`);

beforeEach(async () => {
  await mount(SERVED);
});

describe('<ice-server-editor>', () => {
  it('shows one row per server, URLs joined, the credential masked', async () => {
    await expect(page.locator('ice-server-editor [part=row]').count()).resolves.toBe(2);
    await expect(row(1).locator('[name=urls]').inputValue()).resolves.toBe('turn:turn.example.org:3478?transport=udp\nturns:turn.example.org:443');
    await expect(row(1).locator('input[name=username]').inputValue()).resolves.toBe('1700000600:me');
    await expect(row(1).locator('input[name=credential]').getAttribute('type')).resolves.toBe('password');
  });

  it('fires ice-servers-save with the edited list, URLs split and empty fields left out', async () => {
    await row(0).locator('[name=urls]').fill('stun:a.example.org, stun:b.example.org');
    await page.getByRole('button', { name: 'Add server' }).click();
    await settled();
    await row(2).locator('[name=urls]').fill('turn:mine.example.org:3478');
    await row(2).locator('input[name=username]').fill('me');
    await row(2).locator('input[name=credential]').fill('pw');
    await page.getByRole('button', { name: 'Use for this session' }).click();
    expect(await events()).toEqual([
      {
        type: 'ice-servers-save',
        detail: {
          servers: [{ urls: ['stun:a.example.org', 'stun:b.example.org'] }, SERVED[1], { urls: ['turn:mine.example.org:3478'], username: 'me', credential: 'pw' }],
        },
      },
    ]);
  });

  it('names the server and the problem, and fires nothing, for a list a browser cannot use', async () => {
    await row(1).locator('input[name=credential]').fill('');
    await row(0).locator('[name=urls]').fill('http://stun.example.org');
    await page.getByRole('button', { name: 'Use for this session' }).click();
    await settled();
    const alerts = await page.locator('ice-server-editor [role=alert]').allTextContents();
    expect(alerts).toEqual([
      'Server 1: "http://stun.example.org" is not a stun: or stuns: or turn: or turns: URI like stun:host:port',
      'Server 2: turn:turn.example.org:3478?transport=udp needs a username and a credential',
    ]);
    expect(await events()).toEqual([]);
  });

  it('removes a server, and refuses to save an empty list', async () => {
    await page.getByRole('button', { name: 'Remove server 2' }).click();
    await page.getByRole('button', { name: 'Remove server 1' }).click();
    await settled();
    await expect(page.locator('ice-server-editor [part=row]').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Use for this session' }).click();
    await settled();
    await expect(page.locator('ice-server-editor [role=alert]').textContent()).resolves.toBe("Add at least one server, or go back to the server's list.");
    expect(await events()).toEqual([]);
  });

  it("offers the server's list back only when the user's own list is in use", async () => {
    await expect(page.locator('ice-server-editor [part=reset]').count()).resolves.toBe(0);
    await mount(SERVED, true);
    await page.getByRole('button', { name: "Back to the server's list" }).click();
    expect(await events()).toEqual([{ type: 'ice-servers-reset', detail: null }]);
  });

  it('starts over from new servers when they are set, dropping unsaved edits', async () => {
    await row(0).locator('[name=urls]').fill('stun:draft.example.org');
    await page.evaluate(async () => {
      const el = document.querySelector('ice-server-editor')!;
      el.servers = [{ urls: 'stun:fresh.example.org' }];
      await el.updateComplete;
    });
    await expect(row(0).locator('[name=urls]').inputValue()).resolves.toBe('stun:fresh.example.org');
    await expect(page.locator('ice-server-editor [part=row]').count()).resolves.toBe(1);
  });
});
