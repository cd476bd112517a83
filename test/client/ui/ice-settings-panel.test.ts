// @vitest-environment happy-dom
// The connection settings panel over a real IceServerSource (its fetch
// faked): where the servers come from, saving the user's own list and going
// back, the relay-only note, and fresh credentials not wiping what the user
// is typing.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../../../client/ui/ice-settings-panel.js';
import type { IceSettingsPanel } from '../../../client/ui/ice-settings-panel.js';
import type { IceServerEditor } from '../../../client/ui/ice-server-editor.js';
import { IceServerSource, OVERRIDE_STORAGE_KEY, type SessionStore } from '../../../client/ice/ice-server-source.js';
import type { IceConfig } from '../../../shared/protocol.js';

// The clock is pinned at noon: an expiry an hour away is then always today,
// whatever time the suite runs (at 23:10 it fell on the next day, and the
// panel rightly showed a date instead of a time).
const NOON = new Date(2026, 5, 15, 12, 0, 0);
const IN_AN_HOUR = Math.floor(NOON.getTime() / 1000) + 3600;
let served: IceConfig;
let store: Map<string, string>;
let source: IceServerSource;

function makeSource(): IceServerSource {
  const storage: SessionStore = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v), removeItem: (k) => void store.delete(k) };
  return new IceServerSource({ fetchConfig: async () => structuredClone(served), storage });
}

async function render(): Promise<IceSettingsPanel> {
  const el = Object.assign(document.createElement('ice-settings-panel'), { source });
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const editorOf = (el: IceSettingsPanel) => el.shadowRoot!.querySelector('ice-server-editor') as IceServerEditor;
const text = (el: IceSettingsPanel, selector: string) => el.shadowRoot!.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim();

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOON });
  served = { iceServers: [{ urls: ['turn:turn.example.org:3478'], username: `${IN_AN_HOUR}:me`, credential: 'minted' }], iceTransportPolicy: 'all' };
  store = new Map();
  source = makeSource();
  await source.refresh();
});
afterEach(() => {
  vi.useRealTimers();
  source.dispose();
  document.body.replaceChildren();
});

describe('ice-settings-panel', () => {
  it("shows the server's list in the editor, and that its TURN credentials renew", async () => {
    const el = await render();
    expect(el.shadowRoot!.querySelector('[data-source]')!.getAttribute('data-source')).toBe('server');
    expect(text(el, '[data-source]')).toMatch(/renewed automatically \(these hold until \d{1,2}:\d\d.*\)/);
    expect(editorOf(el).servers).toEqual(served.iceServers);
    expect(editorOf(el).isOverridden).toBe(false);
    expect(el.shadowRoot!.querySelector('[data-policy]')).toBeNull();
  });

  it('gives the date too when the credentials hold past today', async () => {
    served.iceServers[0]!.username = `${IN_AN_HOUR + 86_400}:me`;
    await source.refresh();
    const el = await render();
    const tomorrow = new Date((IN_AN_HOUR + 86_400) * 1000).toLocaleDateString(undefined, { dateStyle: 'medium' });
    expect(text(el, '[data-source]')).toContain(`these hold until ${tomorrow}`);
  });

  it("uses the user's list once saved, says so, and keeps it for the session", async () => {
    const el = await render();
    const own = [{ urls: ['stun:stun.mine.example.org'] }];
    editorOf(el).dispatchEvent(new CustomEvent('ice-servers-save', { detail: { servers: own }, bubbles: true, composed: true }));
    await el.updateComplete;
    expect(source.current).toEqual({ iceServers: own, iceTransportPolicy: 'all' });
    expect(JSON.parse(store.get(OVERRIDE_STORAGE_KEY)!)).toEqual(own);
    expect(el.shadowRoot!.querySelector('[data-source]')!.getAttribute('data-source')).toBe('own');
    expect(text(el, '[role=status]')).toMatch(/Current calls switch to these servers now/);
    expect(editorOf(el).isOverridden).toBe(true);
  });

  it("goes back to the server's list", async () => {
    source.setOverride([{ urls: 'stun:stun.mine.example.org' }]);
    const el = await render();
    editorOf(el).dispatchEvent(new CustomEvent('ice-servers-reset', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(source.isOverridden).toBe(false);
    expect(editorOf(el).servers).toEqual(served.iceServers);
    expect(text(el, '[role=status]')).toBe("Back to the server's list, for current calls and new ones.");
  });

  it('shows why a list was refused, and keeps the one in use', async () => {
    const el = await render();
    editorOf(el).dispatchEvent(new CustomEvent('ice-servers-save', { detail: { servers: [{ urls: 'turn:t.example.org' }] }, bubbles: true, composed: true }));
    await el.updateComplete;
    expect(text(el, '[role=alert]')).toMatch(/^Not saved: .*needs a username and a credential/);
    expect(source.isOverridden).toBe(false);
  });

  it("warns that saved copies of the server's minted credentials will not be renewed", async () => {
    const el = await render();
    editorOf(el).dispatchEvent(new CustomEvent('ice-servers-save', { detail: { servers: served.iceServers }, bubbles: true, composed: true }));
    await el.updateComplete;
    expect(text(el, '.warn')).toMatch(/expire at \d{1,2}:\d\d.*; your own list is not renewed/);
  });

  it('explains relay-only calls when the server asks for them', async () => {
    served.iceTransportPolicy = 'relay';
    await source.refresh();
    const el = await render();
    expect(text(el, '[data-policy=relay]')).toMatch(/^Relay only\./);
  });

  it("keeps the editor's rows when only fresh credentials arrive, and follows a real change of servers", async () => {
    const el = await render();
    const shown = editorOf(el).servers;
    served.iceServers[0]!.credential = 'fresh';
    await source.refresh();
    await el.updateComplete;
    expect(editorOf(el).servers).toBe(shown); // unsaved edits survive someone joining
    served.iceServers = [{ urls: 'stun:moved.example.org' }];
    await source.refresh();
    await el.updateComplete;
    expect(editorOf(el).servers).toEqual([{ urls: 'stun:moved.example.org' }]);
  });

  it('closes with its button and with Escape', async () => {
    const el = await render();
    let closes = 0;
    el.addEventListener('close', () => closes++);
    el.shadowRoot!.querySelector<HTMLButtonElement>('button[aria-label="Close connection settings"]')!.click();
    // Keyboard events are composed: they reach the host from anywhere in the panel.
    el.shadowRoot!.querySelector('h2')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    el.shadowRoot!.querySelector('ice-server-editor')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    expect(closes).toBe(2);
  });

  it('links to the diagnostics page in a new tab', async () => {
    const el = await render();
    const link = el.shadowRoot!.querySelector<HTMLAnchorElement>('a[href="/diagnostics"]')!;
    expect(link.textContent).toBe('Run diagnostics');
    expect(link.target).toBe('_blank');
  });
});
