// Measures what bounding JSON nesting costs per relayed frame, so the way
// shared/json-depth.ts does it is chosen by numbers: each candidate is timed
// as "check + JSON.parse" on the frames a call's setup relays (the load
// generator's own payloads), against JSON.parse alone. It also checks that
// every candidate refuses the hostile frames of issue 10.
// Run: npx tsx bench/json-depth.ts
import { isJsonDeeperThan } from '../shared/json-depth.js';
import { MAX_JSON_DEPTH } from '../shared/protocol.js';
import { camus } from './clients/wire-protocols.js';

const PEER = '0b6d9c3e-41f2-4c4e-8a3e-6b2f1d0e9c7a';
const frames = {
  offer: camus.signal('offer', PEER, 123456),
  answer: camus.signal('answer', PEER, 123457),
  icecandidate: camus.signal('icecandidate', PEER, 123458),
  text: camus.roomText(123459) ?? '',
};

/** The string-aware scan alone, without the count of openings that shared/json-depth.ts does first. */
function scanSkippingStrings(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let at = i;
      for (;;) {
        at = text.indexOf('"', at + 1);
        if (at < 0) return false;
        let backslashes = 0;
        while (text.charCodeAt(at - 1 - backslashes) === 0x5c) backslashes++;
        if ((backslashes & 1) === 0) break;
      }
      i = at;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** The state-machine scan: one charCodeAt per character, strings included. */
function scanEveryChar(text: string, limit: number): boolean {
  let depth = 0;
  let isInString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isInString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) isInString = false;
    } else if (c === 0x22) isInString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** A reviver records each container's depth as it is built (bottom-up), in a WeakMap. */
function parseWithReviver(text: string, limit: number): unknown {
  const heights = new WeakMap<object, number>();
  return JSON.parse(text, function (this: unknown, _key, value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    let height = 1;
    for (const child of Object.values(value) as unknown[]) {
      if (typeof child === 'object' && child !== null) height = Math.max(height, 1 + (heights.get(child) ?? 1));
    }
    if (height > limit) throw new RangeError('too deep');
    heights.set(value, height);
    return value;
  });
}

/** Parse first, then walk the value with an explicit stack (no recursion). */
function isValueDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

const candidates: Record<string, (text: string) => unknown> = {
  'JSON.parse alone (baseline)': (text) => JSON.parse(text) as unknown,
  'count openings, then scan + parse (chosen)': (text) => (isJsonDeeperThan(text, MAX_JSON_DEPTH) ? undefined : (JSON.parse(text) as unknown)),
  'scan skipping strings + parse': (text) => (scanSkippingStrings(text, MAX_JSON_DEPTH) ? undefined : (JSON.parse(text) as unknown)),
  'charCodeAt scan + parse': (text) => (scanEveryChar(text, MAX_JSON_DEPTH) ? undefined : (JSON.parse(text) as unknown)),
  'parse + iterative walk': (text) => {
    const value: unknown = JSON.parse(text);
    return isValueDeeperThan(value, MAX_JSON_DEPTH) ? undefined : value;
  },
  'parse with reviver': (text) => parseWithReviver(text, MAX_JSON_DEPTH),
};

const hostile = {
  '20,000 arrays in ping': `{"receiver":"ground control","type":"ping","data":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
  '8,000 objects': `{"receiver":"room","type":"ping","data":${'{"a":'.repeat(8_000)}1${'}'.repeat(8_000)}}`,
  'duplicate data keys': `{"receiver":"room","type":"ping","data":1,"data":${'['.repeat(5_000)}${']'.repeat(5_000)}}`,
};

function refuses(name: string, check: (text: string) => unknown, text: string): string {
  try {
    return check(text) === undefined ? 'refused' : 'ACCEPTED';
  } catch (error) {
    return `threw ${error instanceof Error ? error.constructor.name : 'something'}`;
  }
}

/** The checks alone, without the parse: the cost each adds, measured directly rather than as a difference of two noisy figures. */
const checksAlone: Record<string, (text: string) => unknown> = {
  'count openings, then scan (chosen)': (text) => isJsonDeeperThan(text, MAX_JSON_DEPTH),
  'scan skipping strings': (text) => scanSkippingStrings(text, MAX_JSON_DEPTH),
  'charCodeAt scan': (text) => scanEveryChar(text, MAX_JSON_DEPTH),
};

// Rounds interleave the candidates, so that a machine busy with other work
// slows them all alike rather than whichever ran at the time.
const ROUNDS = 9;
const N = 10_000;
function measure(table: Record<string, (text: string) => unknown>): Map<string, number[][]> {
  const times = new Map<string, number[][]>(Object.keys(table).map((name) => [name, Object.keys(frames).map(() => [])]));
  for (const run of Object.values(table)) for (const text of Object.values(frames)) for (let i = 0; i < 5_000; i++) run(text); // warm up the JIT
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, run] of Object.entries(table)) {
      Object.values(frames).forEach((text, f) => {
        const t0 = process.hrtime.bigint();
        for (let i = 0; i < N; i++) run(text);
        times.get(name)![f]!.push(Number(process.hrtime.bigint() - t0) / N);
      });
    }
  }
  return times;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;

function print(title: string, table: Record<string, (text: string) => unknown>, withHostile: boolean): void {
  const times = measure(table);
  const frameHeads = Object.entries(frames).map(([kind, text]) => `${kind} (${text.length} B)`);
  const hostileHeads = withHostile ? Object.keys(hostile) : [];
  console.log(`\n${title}\n`);
  console.log(`| candidate | ${[...frameHeads, ...hostileHeads].join(' | ')} |`);
  console.log(`|---|${[...frameHeads, ...hostileHeads].map(() => '---').join('|')}|`);
  for (const [name, run] of Object.entries(table)) {
    const cells = times.get(name)!.map((xs) => median(xs).toFixed(0));
    const verdicts = withHostile ? Object.values(hostile).map((text) => refuses(name, run, text)) : [];
    console.log(`| ${name} | ${[...cells, ...verdicts].join(' | ')} |`);
  }
}

console.log(`MAX_JSON_DEPTH = ${MAX_JSON_DEPTH}; ns per frame, median of ${ROUNDS} interleaved rounds of ${N}`);
print('Check + JSON.parse, and whether each refuses the frames of issue 10:', candidates, true);
print('The text checks alone:', checksAlone, false);
