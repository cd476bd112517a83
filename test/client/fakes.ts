// Fakes for the client's unit tests: a WebSocket the test plays the server
// through, and a simple-peer whose signals and events the test drives.
import type { PeerOptions, SignalData } from 'simple-peer';
import { vi } from 'vitest';
import type { LocalMediaEvents, MediaApi } from '../../client/media/local-media.js';
import type { MediaLike } from '../../client/call/manager.js';
import type { MediaStatus } from '../../client/media/media-status.js';
import type { WebSocketLike } from '../../client/signaling/signaler.js';
import { TypedEmitter } from '../../shared/typed-emitter.js';
import type { IceConfig, SessionData } from '../../shared/protocol.js';
import type { SimplePeerLike } from '../../client/peers/video-peer.js';

type Listener = (event: never) => void;

export class FakeSocket implements WebSocketLike {
  readyState = 0;
  readonly sent: Record<string, unknown>[] = [];
  /** Called with each frame the client sends (after it is recorded): the test's server logic. */
  onSend: ((frame: Record<string, unknown>) => void) | undefined;
  closedWith: { code?: number; reason?: string } | undefined;
  readonly #listeners = new Map<string, Listener[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: Listener): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }

  send(text: string): void {
    if (this.readyState !== 1) throw new Error('send() on a socket that is not open');
    const frame = JSON.parse(text);
    this.sent.push(frame);
    this.onSend?.(frame);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }

  /**
   * The server side: open, greet the client as `id`, and admit it with a
   * `session` frame (a fresh session unless `session` says otherwise).
   */
  open(id = 'self', session: Partial<SessionData> = {}): void {
    this.readyState = 1;
    this.#fire('open', {});
    this.receive({ sender: 'ground control', receiver: id, type: 'greeting', data: 'hi' });
    this.receive({ sender: 'ground control', receiver: id, type: 'session', data: { token: `token-${id}`, resumed: false, grace_ms: 20_000, ...session } });
  }

  /** The server side of a refusal: one `error` frame to receiver "", then the close code (docs/protocol-reliability.md §1). */
  refuse(code: number, errorCode: string, description: string): void {
    this.readyState = 1;
    this.#fire('open', {});
    this.receive({ sender: 'ground control', receiver: '', type: 'error', data: { code: errorCode, description } });
    this.serverClose(code, errorCode);
  }

  /** The query of the URL the socket was opened with. */
  get query(): URLSearchParams {
    return new URL(this.url).searchParams;
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

const answeredIceRequests = new WeakMap<FakeSocket, Set<unknown>>();

/**
 * Makes the fake server answer every `get-ice-config` from `id` with
 * `config()` (a function, so a test can change what is served), as the real
 * one does, on a later microtask.
 */
export function serveIceConfig(socket: FakeSocket, id: string, config: IceConfig | (() => IceConfig)): void {
  const current = typeof config === 'function' ? config : () => config;
  const answered = answeredIceRequests.get(socket) ?? new Set<unknown>();
  answeredIceRequests.set(socket, answered);
  const answer = (frame: Record<string, unknown>) => {
    if (answered.has(frame.id)) return;
    answered.add(frame.id);
    queueMicrotask(() => socket.receive({ sender: 'ground control', receiver: id, type: 'ice-config', id: frame.id, data: current() }));
  };
  for (const frame of socket.ofType('get-ice-config')) answer(frame);
  socket.onSend = (frame) => {
    if (frame.type === 'get-ice-config') answer(frame);
  };
}

/** An RTCRtpTransceiver as far as the app uses it; replaceTrack records into FakePeer.replaced. */
export interface FakeTransceiver {
  mid: string | null;
  direction: RTCRtpTransceiverDirection;
  currentDirection: RTCRtpTransceiverDirection | null;
  receiver: { track: { kind: string } };
  sender: { track: unknown; replaceTrack(track: unknown): Promise<void> };
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
  /** The RTCPeerConnection's transceivers, in m-line order: audio and video, then any added. */
  readonly transceivers: FakeTransceiver[] = [];
  readonly #pc = { state: 'new' as RTCPeerConnectionState, signalingState: 'stable' as RTCSignalingState, map: new Map<string, ((event: never) => void)[]>() };

  constructor(readonly options: PeerOptions) {
    FakePeer.created.push(this);
    const replaced = this.replaced;
    const transceivers = this.transceivers;
    const transceiver = (kind: string, label: string, mid: string | null, direction: RTCRtpTransceiverDirection): FakeTransceiver => {
      const t: FakeTransceiver = {
        mid,
        direction,
        currentDirection: mid === null ? null : 'sendrecv',
        receiver: { track: { kind } },
        sender: {
          track: null,
          replaceTrack: async (track: unknown) => {
            t.sender.track = track;
            replaced.push({ kind: label, track });
          },
        },
      };
      return t;
    };
    transceivers.push(transceiver('audio', 'audio', '0', 'sendrecv'), transceiver('video', 'video', '1', 'sendrecv'));
    let configuration: RTCConfiguration = { ...options.config };
    const iceLog = this.iceLog;
    const pcListeners = this.#pc;
    this._pc = {
      getTransceivers: () => [...transceivers] as unknown as RTCRtpTransceiver[],
      addTransceiver: (kind: string, init?: RTCRtpTransceiverInit) => {
        const t = transceiver(kind, `${kind} ${transceivers.length}`, null, init?.direction ?? 'sendrecv');
        transceivers.push(t);
        return t as unknown as RTCRtpTransceiver;
      },
      get signalingState() {
        return pcListeners.signalingState;
      },
      getStats: async () => new Map(),
      getConfiguration: () => ({ ...configuration }),
      setConfiguration: (next?: RTCConfiguration) => {
        configuration = { ...next };
        iceLog.push(`set ${JSON.stringify(next?.iceServers)}`);
      },
      restartIce: () => void iceLog.push('restart'),
      get connectionState() {
        return pcListeners.state;
      },
      addEventListener: (type: string, listener: (event: never) => void) => {
        pcListeners.map.set(type, [...(pcListeners.map.get(type) ?? []), listener]);
      },
    } as unknown as SimplePeerLike['_pc'];
  }

  /** Plays the browser setting the signaling state (stable between negotiations). */
  setSignalingState(state: RTCSignalingState): void {
    this.#pc.signalingState = state;
  }

  /** The RTCPeerConnection's own events: 'track' with a track (on the transceiver `mid`), 'connectionstatechange' with the new state. */
  firePc(type: 'track', track: unknown, mid?: string | null): void;
  firePc(type: 'connectionstatechange', state: RTCPeerConnectionState): void;
  firePc(type: string, payload: unknown, mid: string | null = null): void {
    if (type === 'connectionstatechange') this.#pc.state = payload as RTCPeerConnectionState;
    const event = type === 'track' ? { track: payload, streams: [], transceiver: { mid } } : {};
    for (const listener of this.#pc.map.get(type) ?? []) (listener as (e: unknown) => void)(event);
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
  fire(event: 'error', error: Error): void;
  fire(event: 'iceStateChange', state: string): void;
  fire(event: string, ...args: unknown[]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }
}

/** LocalMedia as far as the Manager sees it: a status the test sets, and track swaps it fires. */
export class FakeMedia extends TypedEmitter<LocalMediaEvents> implements MediaLike {
  readonly stream = { id: 'local', getVideoTracks: () => [] } as unknown as MediaStream;
  screenTrack: MediaStreamTrack | undefined;
  current: MediaStatus = { type: 'media-status', audio: true, video: true, screen: false };
  isStopped = false;
  status(): MediaStatus {
    return this.current;
  }
  stop(): void {
    this.isStopped = true;
  }
  change(status: Partial<MediaStatus>): void {
    this.current = { ...this.current, ...status };
    this.emit('change', undefined);
  }
  swap(kind: 'audio' | 'video', track: MediaStreamTrack): void {
    this.emit('track', { kind, track });
  }
}

/** A browser with no devices at all; its streams pass for happy-dom's MediaStream in a <video>. */
export const noDevices: MediaApi = {
  getUserMedia: async () => {
    throw Object.assign(new Error('none'), { name: 'NotFoundError' });
  },
  getDisplayMedia: async () => {
    throw new Error('none');
  },
  enumerateDevices: async () => [],
  placeholder: (kind) => ({ kind, enabled: true, stop() {} }) as unknown as MediaStreamTrack,
  newStream: (tracks) =>
    Object.setPrototypeOf(
      { getTracks: () => tracks, getAudioTracks: () => [], getVideoTracks: () => [], addTrack() {}, removeTrack() {} },
      MediaStream.prototype,
    ) as MediaStream,
};

/** A remote MediaStreamTrack as far as RemoteMedia uses it; `end()` plays the browser ending it. */
export interface FakeTrack {
  readonly kind: string;
  readonly id: string;
  readyState: MediaStreamTrackState;
  addEventListener(type: 'ended', listener: () => void): void;
  end(): void;
}

export function fakeTrack(kind: 'audio' | 'video', id: string): FakeTrack & MediaStreamTrack {
  const listeners: (() => void)[] = [];
  const track: FakeTrack = {
    kind,
    id,
    readyState: 'live',
    addEventListener: (_type, listener) => void listeners.push(listener),
    end() {
      track.readyState = 'ended';
      for (const listener of listeners.splice(0)) listener();
    },
  };
  return track as FakeTrack & MediaStreamTrack;
}

/** Installs a MediaStream that just holds its tracks (node has none); undo with vi.unstubAllGlobals(). */
export function stubMediaStream(): void {
  vi.stubGlobal(
    'MediaStream',
    class {
      constructor(readonly tracks: MediaStreamTrack[] = []) {}
      getTracks(): MediaStreamTrack[] {
        return this.tracks;
      }
    },
  );
}
