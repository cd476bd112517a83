// Fakes for the client's unit tests: a WebSocket the test plays the server
// through, and a simple-peer whose signals and events the test drives.
import type { PeerOptions, SignalData } from 'simple-peer/simplepeer.min.js';
import type { WebSocketLike } from '../../client/signaler.js';
import type { SimplePeerLike } from '../../client/video-peer.js';

type Listener = (event: never) => void;

export class FakeSocket implements WebSocketLike {
  readyState = 0;
  readonly sent: Record<string, unknown>[] = [];
  closedWith: { code?: number; reason?: string } | undefined;
  readonly #listeners = new Map<string, Listener[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: Listener): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }

  send(text: string): void {
    if (this.readyState !== 1) throw new Error('send() on a socket that is not open');
    this.sent.push(JSON.parse(text));
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  /** The server side: open, and greet the client as `id`. */
  open(id = 'self'): void {
    this.readyState = 1;
    this.#fire('open', {});
    this.receive({ sender: 'ground control', receiver: id, type: 'greeting', data: 'hi' });
  }

  receive(frame: unknown): void {
    this.#fire('message', { data: typeof frame === 'string' ? frame : JSON.stringify(frame) });
  }

  serverClose(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.#fire('close', { code, reason });
  }

  /** The frames sent of one type. */
  ofType(type: string): Record<string, unknown>[] {
    return this.sent.filter((f) => f.type === type);
  }

  #fire(type: string, event: unknown): void {
    for (const listener of this.#listeners.get(type) ?? []) (listener as (e: unknown) => void)(event);
  }
}

/** A simple-peer stand-in: records what it was told and lets the test fire its events. */
export class FakePeer implements SimplePeerLike {
  static created: FakePeer[] = [];
  readonly signals: unknown[] = [];
  readonly sentData: string[] = [];
  readonly replaced: { kind: string; track: unknown }[] = [];
  /** What the app did to the RTCPeerConnection's ICE, in order: 'set <json>', 'restart', 'negotiate'. */
  readonly iceLog: string[] = [];
  isDestroyed = false;
  readonly #listeners = new Map<string, ((...args: never[]) => void)[]>();
  readonly _pc: SimplePeerLike['_pc'];

  constructor(readonly options: PeerOptions) {
    FakePeer.created.push(this);
    const replaced = this.replaced;
    const transceiver = (kind: string) => ({ receiver: { track: { kind } }, sender: { replaceTrack: async (track: unknown) => void replaced.push({ kind, track }) } });
    let configuration: RTCConfiguration = { ...options.config };
    const iceLog = this.iceLog;
    this._pc = {
      getTransceivers: () => [transceiver('audio'), transceiver('video')] as unknown as RTCRtpTransceiver[],
      getStats: async () => new Map() as unknown as RTCStatsReport,
      getConfiguration: () => ({ ...configuration }),
      setConfiguration: (next?: RTCConfiguration) => {
        configuration = { ...next };
        iceLog.push(`set ${JSON.stringify(next?.iceServers)}`);
      },
      restartIce: () => void iceLog.push('restart'),
    };
  }

  static reset(): void {
    FakePeer.created = [];
  }

  static last(): FakePeer {
    const peer = FakePeer.created[FakePeer.created.length - 1];
    if (!peer) throw new Error('no peer created');
    return peer;
  }

  on(event: string, listener: (...args: never[]) => void): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }

  signal(data: unknown): void {
    this.signals.push(data);
  }

  send(data: string): void {
    this.sentData.push(data);
  }

  destroy(): void {
    this.isDestroyed = true;
  }

  negotiate(): void {
    this.iceLog.push('negotiate');
  }

  fire(event: 'signal', data: SignalData): void;
  fire(event: 'connect' | 'close'): void;
  fire(event: 'data', data: Uint8Array): void;
  fire(event: 'stream', stream: unknown): void;
  fire(event: 'error', error: Error): void;
  fire(event: 'iceStateChange', state: string): void;
  fire(event: string, ...args: unknown[]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }
}
