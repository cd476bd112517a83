// What fills a generated frame's fields: plausible values (what a real
// client sends), and hostile ones that still fit the schema (what a hostile
// peer sends to the others in its room: bidi overrides, control characters,
// lone surrogates, markup, other rooms' ids, 60 KB candidates).
import type { Leaves } from './schema-values.js';
import type { Rng } from './rng.js';

/** Ids and limits a generator needs to aim its frames; the harness keeps it current. */
export interface FuzzTargets {
  /** The fuzzing connection's own id (it changes when the connection is replaced). */
  self: string;
  /** The other members of its room: the bystander pair. */
  members: string[];
  /** Members of another room, which nothing may reach. */
  strangers: string[];
  maxFrameBytes: number;
  maxTextLength: number;
}

const SDP = 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n';
const CANDIDATE = 'candidate:842163049 1 udp 1677729535 192.0.2.7 46154 typ srflx raddr 10.0.0.2 rport 46154 generation 0';

export function plainLeaves(rng: Rng): Leaves {
  return {
    string(path, maxLength) {
      const value = path.endsWith('sdp') ? SDP : path.endsWith('candidate') ? CANDIDATE : `${path || 'value'}-${rng.int(1e6)}`;
      return maxLength === undefined ? value : value.slice(0, maxLength);
    },
    number(_path, isInteger, minimum) {
      const value = isInteger ? rng.int(1000) : rng.next() * 1e6;
      return minimum === undefined ? (rng.chance(0.3) ? -value : value) : Math.max(minimum, value);
    },
    unknown: () => plainJson(rng, 3),
  };
}

/** Strings that have broken renderers, parsers and logs elsewhere. */
export function hostileString(rng: Rng, targets: FuzzTargets, room: number): string {
  /** Mostly short, one time in twenty up to `max`: long values cost time, and a few prove the point. */
  const long = (max: number) => (rng.chance(0.05) ? rng.between(1, max) : rng.between(1, 20));
  const kinds: (() => string)[] = [
    () => rng.pick(['\u202Eevil\u202C.exe', '\u2066admin\u2069', 'a\u200Fb\u200E', '\u061C\u202Dx']), // bidi controls
    () => rng.pick(['\u0000', 'a\u0000b', '\u0007\u0008\u001b[31mred', '\r\n\r\n', '\u2028\u2029', '\u00A0\u3000']), // control and odd space
    () => rng.pick(['\uD800', '\uDFFF', 'a\uDC00b', '\uDBFF\uDBFF', '\uDE00\uD83D']), // lone surrogates (JSON.stringify escapes them)
    () => rng.pick(['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '"><svg/onload=alert(1)>', 'javascript:alert(1)']),
    () => rng.pick(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']),
    () => rng.pick(['ground control', 'room', 'Room', ' room', 'ground control\u0000', '']),
    () => rng.pick([...targets.strangers, ...targets.members, targets.self]), // ids, of this room and others
    () => rng.pick(['%s%s%n', '${process.exit()}', '{{constructor.constructor("x")()}}', "'; DROP TABLE messages; --"]),
    () => 'e' + '\u0301'.repeat(long(500)), // a tower of combining marks
    () => '👨‍👩‍👧‍👦'.repeat(long(50)),
    () => '('.repeat(long(1000)) + 'a*'.repeat(long(100)), // regex bait
    () => 'x'.repeat(long(room)),
  ];
  return rng.pick(kinds)();
}

export function hostileLeaves(rng: Rng, targets: FuzzTargets): Leaves {
  // Room left for one long field in a frame under MAX_FRAME_BYTES, in UTF-16 units of mostly ASCII.
  const room = Math.max(64, Math.floor((targets.maxFrameBytes - 1024) / 4));
  return {
    string(path, maxLength) {
      let value: string;
      if (path.endsWith('candidate') && rng.chance(0.03))
        value = `candidate:${'9'.repeat(rng.between(1000, targets.maxFrameBytes - 2000))}`; // the 60 KB candidate
      else if (path.endsWith('sdp') && rng.chance(0.03)) value = SDP + 'a=x:'.concat('y'.repeat(rng.between(1000, targets.maxFrameBytes - 2000)));
      else value = hostileString(rng, targets, room);
      return maxLength === undefined ? value : value.slice(0, maxLength);
    },
    number(_path, isInteger, minimum) {
      const value = isInteger
        ? rng.pick([0, 1, 2 ** 31, 2 ** 53 - 1, 2 ** 53 + 2, 1e21, Number.MAX_SAFE_INTEGER])
        : rng.pick([-0, 5e-324, 1.7976931348623157e308, -1.7976931348623157e308, 0.1, -1, 2 ** 53 + 1]);
      return minimum !== undefined && value < minimum ? minimum : value;
    },
    unknown: () => (rng.chance(0.5) ? hostileString(rng, targets, room) : plainJson(rng, 6)),
  };
}

/** A small random JSON value, at most `depth` levels deep. */
export function plainJson(rng: Rng, depth: number): unknown {
  const pick = rng.int(depth > 0 ? 8 : 5);
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.int(1e9) - 5e8;
    case 3:
      return rng.next();
    case 4:
      return `s${rng.int(1e4)}`;
    case 5:
    case 6:
      return Array.from({ length: rng.int(4) }, () => plainJson(rng, depth - 1));
    default:
      return Object.fromEntries(Array.from({ length: rng.int(4) }, (_, i) => [`k${i}`, plainJson(rng, depth - 1)]));
  }
}
