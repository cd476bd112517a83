// How the load generator speaks to each server under test. Every encoding
// carries the frame's sequence number as `"id":<n>`, so a received frame is
// matched to its send time by scanning bytes, without decoding JSON: the
// generator shares one core with nothing, but it must not become the limit.
import { ANSWER, CANDIDATE, OFFER, TEXT, type SignalKind } from './sample-frames.js';

export interface WireProtocol {
  /** WebSocket URL for a client joining `room`, and its id where the client picks it. */
  address(port: number, room: string, clientIndex: number): { url: string; id?: string };
  /** Handles a handshake frame; returns the client's id (or '' if it picked one) once joined. */
  handshake(text: string, send: (text: string) => void): string | undefined;
  /** A signaling frame to peer `to`, tagged with `seq`. */
  signal(kind: SignalKind, to: string, seq: number): string;
  /** A text to the whole room, tagged with `seq`; undefined where the server has no rooms. */
  roomText(seq: number): string | undefined;
  /** The frame a client sends right after joining (sets its name); undefined without presence. */
  profile(name: string): string | undefined;
  /** True for a presence frame (room-info) that lists `id`. */
  isRoomInfoWith(text: string, id: string): boolean;
  /** Answers keep-alives inside the generator; true when `text` was one. */
  keepAlive(text: string, send: (text: string) => void): boolean;
}

const SIGNAL_DATA = { offer: OFFER, answer: ANSWER, icecandidate: CANDIDATE } as const;

/** Camus 0.2, spoken by Parley and by the raw forwarder. */
export const camus: WireProtocol = {
  address: (port, room) => ({ url: `ws://127.0.0.1:${port}/r/${room}/ws` }),
  handshake(text) {
    const frame = JSON.parse(text) as { type?: string; receiver?: string };
    return frame.type === 'greeting' ? frame.receiver : undefined;
  },
  signal: (kind, to, seq) => JSON.stringify({ receiver: to, type: kind, data: SIGNAL_DATA[kind], id: seq }),
  roomText: (seq) => JSON.stringify({ receiver: 'room', type: 'text', data: { from: 'bench', text: TEXT }, id: seq }),
  profile: (name) => JSON.stringify({ receiver: 'ground control', type: 'profile', data: { username: name } }),
  isRoomInfoWith: (text, id) => text.includes('"room-info"') && text.includes(`"id":"${id}"`),
  keepAlive: () => false,
};

const PEERJS_TYPES = { offer: 'OFFER', answer: 'ANSWER', icecandidate: 'CANDIDATE' } as const;

/**
 * PeerJS: ids and a token in the query string, {type, dst, payload} frames,
 * and no rooms or presence. Payloads are shaped as the peerjs client sends
 * them (sdp or candidate, plus connection type and id).
 */
export const peerjs: WireProtocol = {
  address(port, _room, clientIndex) {
    const id = `bench-${clientIndex}-${Math.random().toString(36).slice(2, 10)}`;
    return { url: `ws://127.0.0.1:${port}/peerjs?key=peerjs&id=${id}&token=${Math.random().toString(36).slice(2)}`, id };
  },
  handshake(text) {
    const frame = JSON.parse(text) as { type?: string };
    if (frame.type === 'ERROR' || frame.type === 'ID-TAKEN') throw new Error(`PeerJS refused the client: ${text}`);
    return frame.type === 'OPEN' ? '' : undefined; // the id is the one we put in the URL
  },
  signal(kind, to, seq) {
    const payload = kind === 'icecandidate' ? { candidate: CANDIDATE } : { sdp: SIGNAL_DATA[kind] };
    return JSON.stringify({ type: PEERJS_TYPES[kind], dst: to, payload: { ...payload, type: 'media', connectionId: 'mc_4kq1x0t7vz', id: seq } });
  },
  roomText: () => undefined,
  profile: () => undefined,
  isRoomInfoWith: () => false,
  keepAlive: () => false,
};

/** socket.io v4 (Engine.IO 4) over a bare WebSocket: "40" connects, `42[event, data]` carries events. */
export const socketio: WireProtocol = {
  address: (port, room) => ({ url: `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket&room=${room}` }),
  handshake(text, send) {
    if (text.startsWith('0{')) send('40');
    if (!text.startsWith('40{')) return undefined;
    return (JSON.parse(text.slice(2)) as { sid: string }).sid;
  },
  signal: (kind, to, seq) => `42${JSON.stringify(['signal', { receiver: to, type: kind, data: SIGNAL_DATA[kind], id: seq }])}`,
  roomText: (seq) => `42${JSON.stringify(['signal', { receiver: 'room', type: 'text', data: { from: 'bench', text: TEXT }, id: seq }])}`,
  profile: (name) => `42${JSON.stringify(['signal', { receiver: 'ground control', type: 'profile', data: { username: name } }])}`,
  isRoomInfoWith: (text, id) => text.includes('"room-info"') && text.includes(`"id":"${id}"`),
  keepAlive(text, send) {
    if (text !== '2') return false;
    send('3');
    return true;
  },
};

const ID_MARK = Buffer.from('"id":');

/** The `"id":<n>` sequence number in a relayed frame, or -1. */
export function sequenceOf(bytes: Buffer): number {
  const at = bytes.indexOf(ID_MARK);
  if (at < 0) return -1;
  let value = 0;
  let i = at + ID_MARK.length;
  for (let c = bytes[i]; c !== undefined && c >= 48 && c <= 57; c = bytes[++i]) value = value * 10 + (c - 48);
  return i === at + ID_MARK.length ? -1 : value;
}
