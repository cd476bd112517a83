// @vitest-environment happy-dom
// The call view says where the link to the server stands, in words: the top
// bar's status, and a banner while it is down or after it ended, driven by a
// real Manager whose Signaler talks to a fake socket.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../../../client/ui/call-view.js';
import type { CallView } from '../../../client/ui/call-view.js';
import { LocalMedia } from '../../../client/media/local-media.js';
import { Manager } from '../../../client/call/manager.js';
import { Signaler } from '../../../client/signaling/signaler.js';
import { FakePeer, FakeSocket, noDevices, serveIceConfig } from '../fakes.js';

let sockets: FakeSocket[];
let manager: Manager;
let view: CallView;
const latest = () => sockets[sockets.length - 1]!;

async function inCall(graceMs: number): Promise<void> {
  const media = new LocalMedia(noDevices);
  await media.start();
  const signaler = new Signaler('ws://test/r/r/ws', {
    backoff: { random: () => 0.5 },
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
  });
  manager = new Manager({ signaler, media, peerOptions: { createPeer: (o) => new FakePeer(o) } });
  const joined = manager.join('Mia');
  latest().open('m', { grace_ms: graceMs });
  serveIceConfig(latest(), 'm', { iceServers: [], iceTransportPolicy: 'all' });
  await vi.waitFor(() => expect(latest().ofType('get-room-info')).toHaveLength(1));
  latest().receive({
    sender: 'ground control',
    receiver: 'm',
    type: 'room-info',
    id: latest().ofType('get-room-info')[0]!.id,
    data: { room_id: 'r', clients: [{ id: 'm', username: 'Mia' }] },
  });
  await joined;
  view = Object.assign(document.createElement('call-view'), { manager, media, room: 'r' });
  document.body.append(view);
  await view.updateComplete;
}

const text = (selector: string) => view.shadowRoot!.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
/** The top bar's word for the link, once <link-status> has rendered. */
async function linkWord(): Promise<string> {
  const status = view.shadowRoot!.querySelector('link-status')!;
  await status.updateComplete;
  return status.shadowRoot!.querySelector('[role="status"]')!.textContent.trim();
}

beforeEach(() => {
  sockets = [];
  FakePeer.reset();
});
afterEach(() => {
  manager.leave();
  document.body.replaceChildren();
  vi.useRealTimers();
});

describe('call-view: the link to the server', () => {
  it('says connected, then reconnecting with a banner, then connected again', async () => {
    await inCall(20_000);
    expect(await linkWord()).toBe('Connected');
    expect(view.shadowRoot!.querySelector('[role="alert"]')).toBeNull();
    vi.useFakeTimers();
    latest().serverClose(1006);
    await view.updateComplete;
    expect(await linkWord()).toBe('Reconnecting…');
    expect(text('[role="alert"]')).toMatch(/^Lost the connection to the server\. Reconnecting…\s*The call goes on meanwhile\.$/);
    await vi.advanceTimersByTimeAsync(500);
    latest().open('m', { resumed: true });
    await view.updateComplete;
    expect(await linkWord()).toBe('Connected');
    expect(view.shadowRoot!.querySelector('[role="alert"]')).toBeNull();
  });

  it('says offline once the server has been gone past its grace period', async () => {
    await inCall(1000);
    vi.useFakeTimers();
    latest().serverClose(1006);
    await vi.advanceTimersByTimeAsync(500);
    latest().serverClose(1006); // the next try would come 1.5 s after the drop
    await view.updateComplete;
    expect(await linkWord()).toBe('Offline');
    expect(text('[role="alert"]')).toMatch(/^Offline: the server is gone\. Still trying to reconnect…/);
  });

  it('says why the call ended, with a way back in', async () => {
    await inCall(20_000);
    latest().serverClose(4000, 'session-replaced');
    await view.updateComplete;
    expect(await linkWord()).toBe('Disconnected');
    expect(text('[role="alert"] p')).toBe('This call was opened in another tab or on another device.');
    expect(text('[role="alert"] button')).toBe('Rejoin');
  });
});

describe('call-view: panels loaded on first use', () => {
  /** Presses a control-bar button the way the bar reports it. */
  const press = (action: string) =>
    view.shadowRoot!.querySelector('control-bar')!.dispatchEvent(new CustomEvent('control', { detail: { action }, bubbles: true, composed: true }));

  it('renders no chat panel until the chat is opened, says it is loading, then shows it', async () => {
    await inCall(20_000);
    expect(view.shadowRoot!.querySelector('chat-panel')).toBeNull();
    press('chat');
    await view.updateComplete;
    expect(text('aside .loading [role="status"]')).toBe('Loading the chat…');
    await vi.waitFor(() => expect(view.shadowRoot!.querySelector('chat-panel')).not.toBeNull());
    await view.updateComplete;
    expect(view.shadowRoot!.querySelector('aside .loading')).toBeNull();
    expect(view.shadowRoot!.querySelector('chat-panel')!.hidden).toBe(false);
    press('chat');
    await vi.waitFor(() => expect(view.shadowRoot!.querySelector('aside')!.hidden).toBe(true));
  });

  it('renders the participant list once People is pressed, with the join-sound switch inside', async () => {
    await inCall(20_000);
    expect(view.shadowRoot!.querySelector('participant-list')).toBeNull();
    press('people');
    await vi.waitFor(() => expect(view.shadowRoot!.querySelector('participant-list join-sound-toggle')).not.toBeNull());
    expect(customElements.get('participant-list')).toBeDefined();
  });
});
