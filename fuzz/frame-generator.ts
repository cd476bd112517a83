// The fuzzer's frames: valid ones generated from the schemas in
// shared/protocol.ts (every client type, every field, aimed at ground
// control, the room, members of this room and of others), and mutations of
// them in named classes, so a failure says what kind of input caused it.
// Seeded: the same seed and targets give the same frames.
import { ClientFrameSchemas, GROUND_CONTROL, MAX_JSON_DEPTH, ROOM, SERVER_ONLY_TYPES, type ClientFrameType } from '../shared/protocol.js';
import { Entries, RawJson, jsonText, nested } from './json-text.js';
import { hostileLeaves, hostileString, plainJson, plainLeaves, type FuzzTargets } from './leaves.js';
import { seededRng } from './rng.js';
import { schemaValue, type Leaves } from './schema-values.js';

export interface FuzzFrame {
  /** The mutation class, for reports. */
  cls: FrameClass;
  bytes: Buffer;
  isBinary: boolean;
}

export const FRAME_CLASSES = [
  'schema-valid',
  'hostile-values',
  'deep',
  'wide',
  'huge-string',
  'oversize',
  'numbers',
  'proto-keys',
  'surrogates',
  'nul',
  'duplicate-keys',
  'invalid-utf8',
  'binary',
  'wrong-types',
  'garbage',
  'unknown-type',
] as const;
export type FrameClass = (typeof FRAME_CLASSES)[number];

/** Relative frequency of each class: mostly frames the server must handle, not just refuse. */
const WEIGHTS: Record<FrameClass, number> = {
  'schema-valid': 20,
  'hostile-values': 20,
  deep: 10,
  wide: 1,
  'huge-string': 0.4,
  oversize: 0.06,
  numbers: 5,
  'proto-keys': 5,
  surrogates: 4,
  nul: 4,
  'duplicate-keys': 6,
  'invalid-utf8': 0.1,
  binary: 2,
  'wrong-types': 8,
  garbage: 5,
  'unknown-type': 3,
};

/** The nesting limit the server enforces; the fuzzer aims around it. */
export const DEPTH_LIMIT = MAX_JSON_DEPTH;
const TYPES = Object.keys(ClientFrameSchemas) as ClientFrameType[];
type Frame = Record<string, unknown>;

export function frameGenerator(seed: number, targets: FuzzTargets): () => FuzzFrame {
  const rng = seededRng(seed);
  const plain = plainLeaves(rng);
  const hostile = hostileLeaves(rng, targets);
  let serial = 0;
  const classes = Object.entries(WEIGHTS) as [FrameClass, number][];
  const totalWeight = classes.reduce((sum, [, weight]) => sum + weight, 0);
  const text = (cls: FrameClass, value: unknown): FuzzFrame => ({ cls, bytes: Buffer.from(jsonText(value)), isBinary: false });
  const bytes = (cls: FrameClass, value: Buffer, isBinary = false): FuzzFrame => ({ cls, bytes: value, isBinary });

  const receiverFor = (type: string): string => {
    if (SERVER_ONLY_TYPES.has(type as ClientFrameType) ? rng.chance(0.85) : rng.chance(0.12)) return GROUND_CONTROL;
    const roll = rng.int(20);
    if (roll < 7) return ROOM;
    if (roll < 14) return rng.pick(targets.members);
    if (roll < 15) return targets.self;
    if (roll < 18) return rng.pick(targets.strangers);
    return rng.pick(['nobody', '', 'ROOM', GROUND_CONTROL.toUpperCase(), `${ROOM} `, '__proto__']);
  };
  const frameId = (): unknown => rng.pick<() => unknown>([() => `f${serial++}`, () => serial++, () => undefined, () => rng.pick([0, -1, 1.5, 'x'.repeat(128), ''])])();

  /** A frame that passes its schema, with leaves from `leaves`, aimed by receiverFor. */
  const validFrame = (leaves: Leaves, type: ClientFrameType = rng.pick(TYPES)): Frame => {
    const frame = schemaValue(ClientFrameSchemas[type], leaves, rng) as Frame;
    // A set-lock that locks would shut the fuzzer's own next connections out
    // of its room (they carry no password); it unlocks instead. Locking with
    // hostile passwords is the room-lock integration tests' job.
    if (type === 'set-lock') frame.data = { locked: false };
    frame.receiver = receiverFor(type);
    const id = frameId();
    if (id === undefined) delete frame.id;
    else frame.id = id;
    // A sender is the server's to set: mostly absent, sometimes right, sometimes forged.
    const sender = rng.pick([undefined, undefined, undefined, targets.self, rng.pick(targets.members), rng.pick(targets.strangers), GROUND_CONTROL]);
    if (sender === undefined) delete frame.sender;
    else frame.sender = sender;
    return frame;
  };
  /** Nesting depth for a value placed `base` levels down: around the limit, past it, or far past it. */
  const depthAt = (base: number, bytesPerLevel: number): number => {
    const roll = rng.next();
    if (roll < 0.7) return Math.max(1, DEPTH_LIMIT - base + rng.between(-3, 2));
    if (roll < 0.985) return DEPTH_LIMIT - base + rng.between(3, 200);
    return rng.between(1000, Math.floor((targets.maxFrameBytes - 400) / bytesPerLevel));
  };
  const deepValue = (base: number): RawJson => {
    const shape = rng.pick(['array', 'object', 'mixed'] as const);
    const perLevel = shape === 'array' ? 2 : shape === 'object' ? 6 : 4;
    return nested(depthAt(base, perLevel), jsonText(plainJson(rng, 1)), shape, rng.pick(['a', '__proto__', 'data']));
  };

  const makers: Record<FrameClass, () => FuzzFrame> = {
    'schema-valid': () => text('schema-valid', validFrame(plain)),
    'hostile-values': () => text('hostile-values', validFrame(hostile)),
    deep: () => {
      const frame = validFrame(plain, rng.pick(['ping', 'ping', 'greeting', 'bye', 'offer', 'text', 'icecandidate', 'profile']));
      const where = rng.pick(['data', 'data', 'data', 'inner', 'receiver', 'id', 'sender', 'type']);
      if (where === 'inner') {
        // One level further in: a text's free `time`, or a field of any object payload.
        const data = typeof frame.data === 'object' && frame.data !== null ? (frame.data as Frame) : (frame.data = {});
        data[frame.type === 'text' ? 'time' : rng.pick(Object.keys(data).concat('extra'))] = deepValue(2);
      } else if (where === 'data' && frame.type === 'ping' && rng.chance(0.5)) {
        frame.receiver = GROUND_CONTROL; // the echo that once crashed the server
        frame.data = deepValue(1);
      } else {
        frame[where] = deepValue(1);
      }
      return text('deep', frame);
    },
    wide: () => {
      const frame = validFrame(plain, rng.pick(['ping', 'greeting', 'text', 'bye', 'pong']));
      const budget = rng.chance(0.05) ? targets.maxFrameBytes - 600 : rng.between(100, 4000);
      const many = rng.chance(0.5)
        ? new RawJson(`[${Array.from({ length: Math.floor(budget / 2) }, () => '0').join(',')}]`)
        : new RawJson(`{${Array.from({ length: Math.floor(budget / 10) }, (_, i) => `"k${i}":1`).join(',')}}`);
      if (frame.type === 'text') (frame.data as Frame).time = many;
      else frame.data = many;
      return text('wide', frame);
    },
    'huge-string': () => {
      const frame = validFrame(plain, rng.pick(['offer', 'answer', 'icecandidate', 'text', 'profile', 'ping', 'greeting']));
      // Each character with the bytes it takes in the frame, escaping included.
      const [char, cost] = rng.pick([
        ['x', 1],
        ['é', 2],
        ['\u202E', 3],
        ['"', 2],
        ['\\', 2],
        ['\u0000', 6],
      ] as const);
      const long = char.repeat(rng.between(1000, Math.floor((targets.maxFrameBytes - 600) / cost)));
      const data = typeof frame.data === 'object' && frame.data !== null ? (frame.data as Frame) : undefined;
      const field = data
        ? rng.pick(
            Object.keys(data)
              .filter((key) => key !== 'type')
              .concat('extra'),
          )
        : undefined;
      if (data && field) data[field] = long;
      else frame.data = long;
      return text('huge-string', frame);
    },
    oversize: () => {
      const frame = validFrame(plain, rng.pick(['text', 'ping', 'offer']));
      frame.data = 'o'.repeat(targets.maxFrameBytes + rng.between(1, rng.chance(0.2) ? 3 * targets.maxFrameBytes : 2000));
      return text('oversize', frame);
    },
    numbers: () => {
      const token = rng.pick(['1e400', '-1e400', '-0', '-0.0', '1e-400', '0e0', '123456789012345678901234567890', '5e-324', '1E+2', '-1e-7']);
      const invalid = rng.pick(['01', '+1', '.5', '1.', 'NaN', 'Infinity', '-', '0x10', '1e']);
      const value = new RawJson(rng.chance(0.85) ? token : invalid);
      const frame = validFrame(plain, rng.pick(['ping', 'icecandidate', 'text', 'offer', 'greeting']));
      const where = rng.pick(['id', 'data', 'inner', 'receiver']);
      if (where === 'inner' && typeof frame.data === 'object' && frame.data !== null) {
        (frame.data as Frame)[frame.type === 'icecandidate' ? 'sdpMLineIndex' : frame.type === 'text' ? 'time' : 'n'] = value;
      } else {
        frame[where === 'inner' ? 'data' : where] = value;
      }
      return text('numbers', frame);
    },
    'proto-keys': () => {
      const key = rng.pick(['__proto__', 'constructor', 'prototype']);
      const frame = validFrame(rng.chance(0.5) ? plain : hostile);
      const poison = rng.pick<unknown>([{ receiver: ROOM, type: 'ping' }, { username: 'admin' }, { prototype: { polluted: true } }, null, 'x']);
      const roll = rng.int(4);
      if (roll === 0) return text('proto-keys', new Entries([[key, poison], ...Object.entries(frame)]));
      if (roll === 1) return text('proto-keys', new Entries([[key, poison], ...Object.entries(frame).filter(([k]) => k !== rng.pick(['receiver', 'type']))]));
      if (roll === 2) {
        const data = typeof frame.data === 'object' && frame.data !== null ? Object.entries(frame.data) : [];
        frame.data = new Entries([[key, poison], ...data.filter(([k]) => rng.chance(0.5) || k === 'type')]);
        return text('proto-keys', frame);
      }
      frame[rng.pick(['type', 'receiver'])] = key;
      return text('proto-keys', frame);
    },
    surrogates: () => {
      const lone = rng.pick(['\uD800', '\uDFFF', 'x\uDBFFy', '\uDE00\uD83D', '\uD83D\uDE00\uD83D']);
      const frame = validFrame(plain, rng.pick(['profile', 'text', 'offer', 'ping', 'greeting', 'icecandidate']));
      const data = typeof frame.data === 'object' && frame.data !== null ? (frame.data as Frame) : undefined;
      if (data)
        data[
          rng.pick(
            Object.keys(data)
              .filter((k) => k !== 'type')
              .concat('extra'),
          )
        ] = lone;
      else frame[rng.pick(['data', 'id', 'receiver', 'type'])] = lone;
      // JSON.stringify escapes a lone surrogate (\ud800), which is valid JSON and valid UTF-8.
      return text('surrogates', frame);
    },
    nul: () => {
      const frame = validFrame(plain, rng.pick(['profile', 'text', 'ping', 'offer']));
      const body = jsonText(frame);
      const roll = rng.int(4);
      if (roll === 0) return text('nul', { ...frame, data: frame.type === 'profile' ? { username: 'a\u0000b' } : 'a\u0000\u0000b' }); // escaped: valid
      if (roll === 1) return bytes('nul', Buffer.from(body.replace(/":"/, '":"\u0000'))); // a raw NUL in a string: not JSON
      if (roll === 2) return bytes('nul', Buffer.concat([Buffer.from(body), Buffer.from([0])]));
      return bytes('nul', Buffer.concat([Buffer.from([0]), Buffer.from(body)]));
    },
    'duplicate-keys': () => {
      const frame = validFrame(plain);
      const entries = Object.entries(frame);
      const key = rng.pick(['data', 'receiver', 'type', 'sender', 'id']);
      const first = rng.pick<unknown>([1, GROUND_CONTROL, ROOM, 'ping', 'offer', rng.pick(targets.strangers), targets.self, deepValue(1)]);
      const last = rng.pick<unknown>([deepValue(1), ROOM, rng.pick(targets.members), rng.pick(targets.strangers), GROUND_CONTROL, 'ping', 'text']);
      const order = rng.chance(0.5) ? [...entries, [key, last]] : [[key, first], ...entries, [key, last]];
      return text('duplicate-keys', new Entries(order as [string, unknown][]));
    },
    'invalid-utf8': () => {
      const body = Buffer.from(jsonText(validFrame(plain)));
      const bad = Buffer.from(
        rng.pick([[0xff], [0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]]),
      );
      const at = rng.int(body.length + 1);
      return bytes('invalid-utf8', Buffer.concat([body.subarray(0, at), bad, body.subarray(at)]));
    },
    binary: () => bytes('binary', Buffer.from(jsonText(validFrame(plain))), true),
    'wrong-types': () => {
      const frame = validFrame(plain);
      const wrong = rng.pick<unknown>([5, -1, 1.5, 'str', '', null, true, [], {}, [1, 'a'], { a: 1 }]);
      const data = typeof frame.data === 'object' && frame.data !== null && !Array.isArray(frame.data) ? (frame.data as Frame) : undefined;
      if (data && rng.chance(0.6)) data[rng.pick(Object.keys(data).concat('type'))] = wrong;
      else frame[rng.pick(['receiver', 'type', 'id', 'sender', 'data'])] = wrong;
      return text('wrong-types', frame);
    },
    garbage: () => {
      const body = jsonText(validFrame(plain));
      const roll = rng.int(6);
      if (roll === 0) return bytes('garbage', Buffer.from(body.slice(0, rng.int(body.length))));
      if (roll === 1) return bytes('garbage', Buffer.from(Array.from({ length: rng.between(1, 300) }, () => String.fromCharCode(32 + rng.int(95))).join('')));
      if (roll === 2) return text('garbage', rng.pick<unknown>([0, -1, 'frame', null, true, [], [1, 2], {}, [{ receiver: ROOM, type: 'ping' }]]));
      if (roll === 3) return bytes('garbage', Buffer.from(rng.pick(['', ' ', '\uFEFF' + body, body + 'x', body + body, '{"receiver":"room",}', "{'a':1}"])));
      if (roll === 4) return bytes('garbage', Buffer.from(body.replace(/[:,]/, rng.pick(['', ';', '::']))));
      return bytes('garbage', Buffer.from(body + ' \t\r\n'));
    },
    'unknown-type': () => {
      const frame = validFrame(rng.chance(0.5) ? plain : hostile);
      frame.type = rng.pick(['hello', 'join', 'session', 'error', 'room-info', 'ice-servers', 'ice-config', 'PING', 'ping ', hostileString(rng, targets, 64)]);
      return text('unknown-type', frame);
    },
  };

  return () => {
    let roll = rng.next() * totalWeight;
    for (const [cls, weight] of classes) {
      roll -= weight;
      if (roll < 0) return makers[cls]();
    }
    return makers['schema-valid']();
  };
}
