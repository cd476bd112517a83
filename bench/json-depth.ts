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
  return JSON.parse(text, function (this: unknown, _key, value: unknown) {
    if (typeof value !== 'object' || value === null) return value;
    let height = 1;
    for (const child of Object.values(value)) {
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
  'JSON.parse alone (baseline)': (text) => JSON.parse(text),
  'indexOf scan + parse (chosen)': (text) => (isJsonDeeperThan(text, MAX_JSON_DEPTH) ? undefined : JSON.parse(text)),
  'charCodeAt scan + parse': (text) => (scanEveryChar(text, MAX_JSON_DEPTH) ? undefined : JSON.parse(text)),
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

const ROUNDS = 5;
const N = 20_000;
console.log(`MAX_JSON_DEPTH = ${MAX_JSON_DEPTH}; ns per frame, median of ${ROUNDS} rounds of ${N}\n`);
console.log(`| candidate | ${Object.keys(frames).map((k) => `${k} (${frames[k as keyof typeof frames].length} B)`).join(' | ')} | ${Object.keys(hostile).join(' | ')} |`);
console.log(`|---|${Object.keys(frames).map(() => '---').join('|')}|${Object.keys(hostile).map(() => '---').join('|')}|`);
for (const [name, run] of Object.entries(candidates)) {
  const cells: string[] = [];
  for (const text of Object.values(frames)) {
    for (let i = 0; i < 5_000; i++) run(text); // warm up the JIT
    const rounds: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < N; i++) run(text);
      rounds.push(Number(process.hrtime.bigint() - t0) / N);
    }
    rounds.sort((a, b) => a - b);
    cells.push((rounds[ROUNDS >> 1] ?? 0).toFixed(0));
  }
  const verdicts = Object.values(hostile).map((text) => refuses(name, run, text));
  console.log(`| ${name} | ${cells.join(' | ')} | ${verdicts.join(' | ')} |`);
}
