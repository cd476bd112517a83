// A hostile member of a room, for the hostile-peer browser test: a raw
// WebSocket client (TestClient) that joins like anyone and says whatever it
// likes, plus a plain RTCPeerConnection in a page of its own (no Parley code
// in it) that the test bridges to the WebSocket. Through that real peer
// connection the hostile member reaches the real pages' data channels the
// way any participant's browser would, and writes garbage into them.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TestClient, frameText, type Frame } from '../helpers/ws-client.js';

/**
 * The in-page half: one RTCPeerConnection per real page, answering their
 * offers (a new SDP session gets a new connection; the same one, an ICE
 * restart, is renegotiated in place) or offering itself, with the signals of
 * each peer handled strictly in order. Kept as source text: esbuild would
 * wrap named functions in a helper that does not exist in the page.
 */
const HOSTILE_PAGE_SCRIPT = `
  window.hostile = (() => {
    const peers = new Map();
    // One promise chain per real page: its signals are handled strictly in order.
    const chains = new Map();
    const inOrder = (peerId, task) => {
      const next = (chains.get(peerId) || Promise.resolve()).then(task).catch(() => undefined);
      chains.set(peerId, next);
      return next;
    };
    const sessionOf = (sdp) => (/^o=\\S+ (\\S+) /m.exec(sdp) || [])[1];
    const fresh = (peerId) => {
      const old = peers.get(peerId);
      if (old) old.pc.close();
      const pc = new RTCPeerConnection({ iceServers: [] });
      const entry = { pc, channel: undefined, session: undefined };
      pc.ondatachannel = (event) => (entry.channel = event.channel);
      pc.onicecandidate = (event) => {
        if (event.candidate && peers.get(peerId) === entry) window.hostileSend(peerId, 'icecandidate', event.candidate.toJSON());
      };
      peers.set(peerId, entry);
      return entry;
    };
    const handle = async (peerId, type, data) => {
      let entry = peers.get(peerId);
      if (type === 'offer') {
        if (!entry || entry.session !== sessionOf(data.sdp) || entry.pc.signalingState !== 'stable') entry = fresh(peerId);
        entry.session = sessionOf(data.sdp);
        await entry.pc.setRemoteDescription(data);
        await entry.pc.setLocalDescription(await entry.pc.createAnswer());
        window.hostileSend(peerId, 'answer', { type: 'answer', sdp: entry.pc.localDescription.sdp });
      } else if (type === 'answer' && entry && entry.pc.signalingState === 'have-local-offer') {
        await entry.pc.setRemoteDescription(data);
      } else if (type === 'icecandidate' && entry) {
        await entry.pc.addIceCandidate(data).catch(() => undefined);
      }
    };
    return {
      signal(peerId, type, data) {
        inOrder(peerId, () => handle(peerId, type, data));
      },
      offer(peerId) {
        return inOrder(peerId, async () => {
          const entry = fresh(peerId);
          entry.channel = entry.pc.createDataChannel('hostile');
          await entry.pc.setLocalDescription(await entry.pc.createOffer());
          entry.session = sessionOf(entry.pc.localDescription.sdp);
          window.hostileSend(peerId, 'offer', { type: 'offer', sdp: entry.pc.localDescription.sdp });
        });
      },
      isOpen(peerId) {
        const entry = peers.get(peerId);
        return !!entry && !!entry.channel && entry.channel.readyState === 'open';
      },
      send(peerId, messages) {
        const channel = peers.get(peerId).channel;
        for (const m of messages) channel.send(typeof m === 'string' ? m : new Uint8Array(m));
      },
    };
  })();
`;

export class HostileMember {
  private constructor(
    readonly socket: TestClient,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /**
   * Joins `room` as a raw WebSocket client and opens its peer-connection
   * page (on the server's origin, a secure context, where a microphone
   * permission makes Chromium offer plain host candidates rather than mDNS
   * names). The bridge carries signals between the two from the start, so no
   * offer a real page sends is missed.
   */
  static async join(browser: Browser, baseUrl: string, room: string): Promise<HostileMember> {
    const socket = await TestClient.connect(baseUrl, room);
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(120_000); // the machine running the tests is loaded; every wait is for an event
    await page.goto(`${baseUrl}/healthz`);
    await page.exposeFunction('hostileSend', (receiver: string, type: string, data: unknown) => socket.send({ receiver, type, data }));
    await page.evaluate(HOSTILE_PAGE_SCRIPT);
    await page.evaluate(() => navigator.mediaDevices.getUserMedia({ audio: true }).then((s) => s.getTracks().forEach((t) => t.stop())));
    socket.ws.on('message', (bytes, isBinary) => {
      if (isBinary) return;
      const frame = JSON.parse(frameText(bytes)) as Frame;
      if (frame.type !== 'offer' && frame.type !== 'answer' && frame.type !== 'icecandidate') return;
      void page
        .evaluate(([sender, type, data]) => (window as unknown as HostileWindow).hostile.signal(sender, type, data), [frame.sender, frame.type, frame.data] as const)
        .catch(() => undefined); // the page closes at the end of the test
    });
    return new HostileMember(socket, context, page);
  }

  get id(): string {
    return this.socket.id;
  }

  /** Sends a frame as it is: an object is serialized, a string goes raw. */
  send(frame: unknown): void {
    this.socket.send(frame);
  }

  /** Opens a data channel to the real page `peerId`: offers when the id rule says we do, else answers its offer. */
  async connect(peerId: string): Promise<void> {
    if (this.id < peerId) await this.page.evaluate((id) => (window as unknown as HostileWindow).hostile.offer(id), peerId);
    await this.page.waitForFunction((id) => (window as unknown as HostileWindow).hostile.isOpen(id), peerId);
  }

  /** Writes each message into the data channel to `peerId`: strings as text, number arrays as binary. */
  async sendData(peerId: string, messages: (string | number[])[]): Promise<void> {
    await this.page.evaluate(([id, m]) => (window as unknown as HostileWindow).hostile.send(id, m), [peerId, messages] as const);
  }

  async close(): Promise<void> {
    await this.socket.close();
    await this.context.close().catch(() => undefined);
  }
}

interface HostileWindow {
  hostile: {
    signal(peerId: string | undefined, type: string, data: unknown): void;
    offer(peerId: string): Promise<void>;
    isOpen(peerId: string): boolean;
    send(peerId: string, messages: readonly (string | number[])[]): void;
  };
}
