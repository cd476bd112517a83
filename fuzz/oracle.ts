// What the server must do with one frame, worked out from the frame's bytes
// and the protocol (the schemas in shared/protocol.ts and the routing rules of
// docs/protocol.md): which frames the sender gets back, in order, which frames
// each member of its room gets from it, or how its connection is closed. The
// fuzzer holds the live server to this, frame by frame.
import { isUtf8 } from 'node:buffer';
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ClientFrameSchemas, Envelope, ErrorCode, GROUND_CONTROL, PEER_TYPES, ROOM, type ClientFrameType } from '../shared/protocol.js';

/** One frame someone should receive: its type, its error code (any of `codes`), and its `id` as JSON text ('' for none). */
export interface Expected {
  /** From ground control (a reply or an error), or relayed from the sender. */
  fromServer: boolean;
  type: string;
  codes?: readonly string[];
  idJson: string;
  /** May come after frames expected later: the answer waits on asynchronous work (set-lock hashes its password). */
  isLate?: boolean;
}

export interface Prediction {
  /** What the sender receives, in order. */
  toSelf: Expected[];
  /** What each member of the sender's room receives from it, by member id. */
  toMembers: Map<string, Expected[]>;
  /** The close code, when the frame ends the connection. */
  close?: number;
}

export interface OracleContext {
  self: string;
  members: readonly string[];
  /**
   * Ids that left the room lately. A client that did not opt in (no
   * ?session=1, as the fuzzer connects) gets no error for relaying to one:
   * Camus clients cannot take an error there (server/core/chat-manager.ts).
   */
  departed?: readonly string[];
  maxFrameBytes: number;
  maxTextLength: number;
  /** The server's nesting limit, or undefined for a server without one. */
  depthLimit: number | undefined;
}

const envelope = TypeCompiler.Compile(Envelope);
const byType = new Map<string, TypeCheck<TSchema>>(Object.entries(ClientFrameSchemas).map(([type, schema]) => [type, TypeCompiler.Compile(schema)]));
const textFrame = TypeCompiler.Compile(ClientFrameSchemas.text);
const isClientFrameType = (type: string): type is ClientFrameType => Object.hasOwn(ClientFrameSchemas, type);

/** An id as it reads after the server's JSON round trip ('' when absent). */
export function idJson(id: unknown): string {
  return id === undefined ? '' : (JSON.stringify(id) ?? '');
}

export function predict(bytes: Buffer, isBinary: boolean, ctx: OracleContext): Prediction {
  const prediction: Prediction = { toSelf: [], toMembers: new Map() };
  const error = (codes: readonly string[], id?: unknown): Prediction => {
    prediction.toSelf.push({ fromServer: true, type: 'error', codes, idJson: idJson(id) });
    return prediction;
  };
  const reply = (type: string, id: unknown) => prediction.toSelf.push({ fromServer: true, type, idJson: idJson(id) });
  const deliver = (to: string, type: string, id: unknown) => {
    const expected = { fromServer: false, type, idJson: idJson(id) };
    if (to === ctx.self) prediction.toSelf.push(expected);
    else prediction.toMembers.set(to, [...(prediction.toMembers.get(to) ?? []), expected]);
  };

  if (isBinary) return error([ErrorCode.BadFrame]);
  // ws refuses these before the server sees them.
  if (bytes.length > ctx.maxFrameBytes) return { ...prediction, close: 1009 };
  if (!isUtf8(bytes)) return { ...prediction, close: 1007 };
  const text = bytes.toString('utf8');
  const isTooDeep = ctx.depthLimit !== undefined && textDepth(text) > ctx.depthLimit;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Which of the two a server reports for deep broken JSON depends on which check runs first.
    return error(isTooDeep ? [ErrorCode.BadFrame, ErrorCode.BadJson] : [ErrorCode.BadJson]);
  }
  if (isTooDeep || !envelope.Check(value)) return error([ErrorCode.BadFrame]);
  const { type, receiver, id } = value;
  const schema = isClientFrameType(type) ? byType.get(type) : undefined;
  if (!schema || !isClientFrameType(type)) return error([ErrorCode.UnknownType], id);
  if (!schema.Check(value)) return error([ErrorCode.BadPayload], id);
  const frameType = type;

  if (receiver === GROUND_CONTROL) {
    switch (frameType) {
      case 'ping':
        reply('pong', id);
        return prediction;
      case 'pong':
      case 'greeting':
        return prediction;
      case 'get-room-info':
        reply('room-info', id);
        return prediction;
      case 'get-ice-servers':
        reply('ice-servers', id);
        return prediction;
      case 'get-ice-config':
        reply('ice-config', id);
        return prediction;
      case 'get-history':
        return error([ErrorCode.HistoryOff], id); // the fuzz server keeps no history (server-target.ts)
      case 'set-lock':
        // Answered to the one who asked, once the password is hashed (so out of turn);
        // the others (the fuzzer's connections do not opt in) are not told.
        prediction.toSelf.push({ fromServer: true, type: 'room-lock', idJson: idJson(id), isLate: true });
        return prediction;
      case 'profile':
        // The new room-info goes to everyone in the room, without an id.
        reply('room-info', undefined);
        return prediction;
      case 'bye':
        return { ...prediction, close: 1000 };
      default:
        return error([ErrorCode.UnknownReceiver], id);
    }
  }
  if (!PEER_TYPES.has(frameType)) return error([ErrorCode.UnknownReceiver], id);
  const isMember = receiver === ctx.self || ctx.members.includes(receiver);
  if (textFrame.Check(value)) {
    const message = value.data.text;
    if (message.length > ctx.maxTextLength) return error([ErrorCode.TextTooLong], id);
    if (message.trim() === '') return error([ErrorCode.BadPayload], id);
    if (receiver === ROOM) {
      for (const to of [ctx.self, ...ctx.members]) deliver(to, 'text', id);
    } else if (isMember) {
      deliver(receiver, 'text', id);
      if (receiver !== ctx.self) deliver(ctx.self, 'text', id); // the sender's confirmation
    } else {
      return error([ErrorCode.UnknownReceiver], id);
    }
    return prediction;
  }
  if (receiver === ROOM) for (const to of ctx.members) deliver(to, frameType, id);
  else if (isMember) deliver(receiver, frameType, id);
  // A bye to someone gone is not an error, nor is anything relayed to someone who just left.
  else if (frameType !== 'bye' && !ctx.departed?.includes(receiver)) return error([ErrorCode.UnknownReceiver], id);
  return prediction;
}

/** How deeply the text nests arrays and objects (brackets in strings do not count). */
export function textDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: to the next quote not escaped by an odd run of backslashes.
      for (;;) {
        i = text.indexOf('"', i + 1);
        if (i < 0) return deepest;
        let backslashes = 0;
        while (text.charCodeAt(i - 1 - backslashes) === 0x5c) backslashes++;
        if (backslashes % 2 === 0) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      deepest = Math.max(deepest, ++depth);
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return deepest;
}
