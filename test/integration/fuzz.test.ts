// Fuzz: well over 100,000 generated hostile frames against a live server.
// Every one must be answered with an `error` (or, past the size limit, a
// clean 1009 close); the server must not crash, must relay nothing of it,
// must keep serving the honest clients in the same rooms and in others, and
// its heap must not grow with the number of frames. Generation is seeded, so
// a failure replays. The rate limit is raised here: this tests the parser and
// router, and test/integration/refusals.test.ts tests the limiter.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, GROUND_CONTROL } from '../../shared/protocol.js';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';
import { TestClient, frameText, type Frame } from '../helpers/ws-client.js';

const FUZZERS = 4;
const FRAMES_PER_FUZZER = 26_000;
const BATCH = 500;
const OVERSIZED = 40;
const MAX_FRAME_BYTES = 65_536;
const MAX_TEXT_LENGTH = 4000;

setFlagsFromString('--expose-gc');
const gc: () => void = runInNewContext('gc');

/** mulberry32: a small seeded generator, so every run sends the same frames. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Targets {
  /** Ids in the fuzzer's own room (its honest neighbours). */
  sameRoom: string[];
  /** Ids in other rooms. */
  otherRooms: string[];
}

type Generated = { text: string } | { binary: Buffer };

/** One hostile frame, each of which the protocol answers with exactly one error. */
function generator(seed: number, targets: Targets): () => Generated {
  const next = random(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const junk = (length: number) => Array.from({ length }, () => String.fromCharCode(32 + int(95))).join('');
  const nested = (depth: number, leaf: unknown): string => `${'['.repeat(depth)}${JSON.stringify(leaf)}${']'.repeat(depth)}`;
  const json = (value: unknown) => ({ text: JSON.stringify(value) });
  /** Mostly moderate, one time in ten up to `max`: big frames cost time, and a few prove the point. */
  const size = (moderate: number, max: number) => (next() < 0.1 ? int(max) : int(moderate));
  const anyId = () => pick([...targets.sameRoom, ...targets.otherRooms, 'nobody', '', 'room ', GROUND_CONTROL.toUpperCase()]);
  const validOffer = { type: 'offer', sdp: 'v=0\r\n' };
  const cases: (() => Generated)[] = [
    // Not JSON at all.
    () => ({ text: junk(1 + int(200)).replace(/^[\s\d"[{tfn-]/, '<') }),
    () => ({ text: JSON.stringify({ receiver: 'room', type: 'text', data: { text: 'x' } }).slice(0, 1 + int(40)) }),
    () => ({ text: pick(['', ' ', 'undefined', 'NaN', '{', '}', '[1,2', "{'a':1}", '{"receiver":"room",}']) }),
    // JSON, but not a frame.
    () => json(pick([0, -1, 1e308, 'frame', null, true, [], [1, 2, 3], {}])),
    () => json({ receiver: int(100), type: 'ping' }),
    () => json({ receiver: GROUND_CONTROL, type: [pick(['ping', 'bye'])] }),
    () => json({ receiver: GROUND_CONTROL, type: 'ping', id: pick([{}, [], true, null, 'x'.repeat(200)]) }),
    () => json({ sender: int(5), receiver: 'room', type: 'offer', data: validOffer }),
    // Unknown types, to anyone.
    () => json({ receiver: pick([GROUND_CONTROL, 'room', anyId()]), type: junk(1 + int(30)), data: junk(int(50)) }),
    () => json({ receiver: GROUND_CONTROL, type: pick(['hello', 'join', 'session', 'error', 'room-info', 'ice-servers', '__proto__', 'constructor']) }),
    // Known types, bad payloads.
    () => json({ receiver: GROUND_CONTROL, type: 'profile', data: pick([5, null, 'Ann', { username: 7 }, { name: 'Ann' }, { username: ['Ann'] }]) }),
    () => json({ receiver: anyId(), type: pick(['offer', 'answer']), data: pick([{ type: 'offer' }, { sdp: 5 }, { type: 'pranswer', sdp: '' }, 'v=0', null]) }),
    () => json({ receiver: anyId(), type: 'icecandidate', data: pick([{ sdpMLineIndex: -1 }, { candidate: 5 }, { sdpMid: 7 }, 'candidate', null]) }),
    () => json({ receiver: 'room', type: 'text', data: pick([{}, { text: 5 }, { text: '   ' }, 'hi', { text: null }]) }),
    // Huge values.
    () => json({ receiver: 'room', type: 'text', data: { text: 'y'.repeat(MAX_TEXT_LENGTH + 1 + size(100, 50_000)) } }),
    () => json({ receiver: GROUND_CONTROL, type: junk(10), data: 'z'.repeat(size(2000, MAX_FRAME_BYTES - 200)) }),
    () => json({ receiver: 'nobody', type: 'offer', data: { type: 'offer', sdp: 's'.repeat(size(2000, MAX_FRAME_BYTES - 200)) } }),
    // Deeply nested values.
    () => ({ text: `{"receiver":"${GROUND_CONTROL}","type":"profile","data":{"username":${nested(1 + size(1000, 30_000), 'deep')}}}` }),
    () => ({ text: `{"receiver":${nested(1 + size(1000, 30_000), 'room')},"type":"ping"}` }),
    () => ({ text: `{"receiver":"room","type":"nested","data":${nested(1 + size(1000, 30_000), {})}}` }),
    // Spoofed senders, and receivers in other rooms or nowhere.
    () => json({ sender: pick(targets.sameRoom), receiver: pick(targets.otherRooms), type: 'offer', data: validOffer }),
    () => json({ sender: pick([...targets.sameRoom, ...targets.otherRooms]), receiver: 'nobody', type: 'icecandidate', data: { candidate: 'c' } }),
    () => json({ sender: GROUND_CONTROL, receiver: pick(targets.otherRooms), type: pick(['ping', 'answer']), data: validOffer }),
    () => json({ receiver: pick(targets.otherRooms), type: 'text', data: { text: 'hello, other room' } }),
    // Types only ground control answers, sent to peers; peer types sent to ground control.
    () => json({ receiver: pick(['room', ...targets.sameRoom]), type: pick(['get-room-info', 'get-ice-servers', 'profile']), data: { username: 'x' } }),
    () => json({ receiver: GROUND_CONTROL, type: pick(['offer', 'answer']), data: validOffer }),
    // Binary frames.
    () => ({ binary: Buffer.from(Array.from({ length: 1 + int(300) }, () => int(256))) }),
    () => ({ binary: Buffer.from(JSON.stringify({ receiver: GROUND_CONTROL, type: 'ping' })) }),
  ];
  return () => pick(cases)();
}

let server: RunningServer;
const everyone: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer({
    MAX_FRAME_BYTES: String(MAX_FRAME_BYTES),
    MAX_TEXT_LENGTH: String(MAX_TEXT_LENGTH),
    RATE_LIMIT_BURST: '10000000',
    RATE_LIMIT_PER_SECOND: '1000000',
  });
});
afterAll(async () => {
  for (const c of everyone) c.ws.terminate();
  await server?.close();
});

async function join(room: string, username: string): Promise<TestClient> {
  const client = await TestClient.connect(server.url, room);
  everyone.push(client);
  client.send({ receiver: GROUND_CONTROL, type: 'profile', data: { username } });
  await client.next((f) => f.type === 'room-info');
  return client;
}

/**
 * Counts the error frames `client` receives, checking each is a well-formed
 * error from ground control, and lets a test wait for a total. It replaces
 * the TestClient's own recording: 100,000 stored frames would swamp the heap
 * figure this test reports.
 */
function errorCounter(client: TestClient, codes: Set<string>) {
  const known = Object.values(ErrorCode) as string[];
  let count = 0;
  const other: Frame[] = [];
  let waiter: { target: number; resolve: () => void } | undefined;
  client.ws.removeAllListeners('message');
  client.ws.on('message', (data, isBinary) => {
    if (isBinary) return other.push({ type: 'binary' });
    const frame = JSON.parse(frameText(data)) as Frame;
    if (frame.type !== 'error') return other.push(frame);
    const { code, description } = frame.data as { code: string; description: string };
    if (!known.includes(code) || typeof description !== 'string' || frame.sender !== GROUND_CONTROL || frame.receiver !== client.id) {
      other.push(frame);
      return;
    }
    codes.add(code);
    count++;
    if (waiter && count >= waiter.target) {
      waiter.resolve();
      waiter = undefined;
    }
  });
  return {
    get count() {
      return count;
    },
    other,
    reach(target: number): Promise<void> {
      if (count >= target) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${count} of ${target} errors came back; others: ${JSON.stringify(other).slice(0, 500)}`)), 20_000);
        waiter = {
          target,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
      });
    },
  };
}

describe('fuzz', () => {
  it(`answers ${FUZZERS * FRAMES_PER_FUZZER + OVERSIZED} hostile frames with errors or clean closes, leaking nothing`, async () => {
    // Honest pairs: one in each fuzzed room, one in a calm room of their own.
    const rooms = Array.from({ length: FUZZERS }, (_, i) => `fuzz-${i}`);
    const pairs: [TestClient, TestClient][] = [];
    for (const room of [...rooms, 'calm']) pairs.push([await join(room, `${room}-a`), await join(room, `${room}-b`)]);
    const fuzzers = await Promise.all(rooms.map(async (room) => TestClient.connect(server.url, room)));
    everyone.push(...fuzzers);
    // Samples the heap twice, after a collection, to judge growth.
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    let rssPeak = process.memoryUsage().rss;
    const started = performance.now();

    // Honest traffic runs through the whole fuzz: each pair pings each
    // other (peer pings are relayed) and chats, one exchange per fuzz batch,
    // so that it measures isolation without competing for the CPU.
    let stopHonest = false;
    let batchWaiters: (() => void)[] = [];
    const nextBatch = () => new Promise<void>((resolve) => batchWaiters.push(resolve));
    const batchDone = () => {
      const waiters = batchWaiters;
      batchWaiters = [];
      for (const resolve of waiters) resolve();
    };
    const honest = pairs.map(async ([a, b], index) => {
      let sent = 0;
      while (!stopHonest) {
        a.send({ receiver: b.id, type: 'ping', data: sent });
        a.send({ receiver: b.id, type: 'text', data: { text: `hello ${sent}` } });
        sent++;
        const pong = a.next((f) => f.type === 'pong' && f.sender === GROUND_CONTROL, 60_000);
        a.send({ receiver: GROUND_CONTROL, type: 'ping', data: index });
        await pong;
        await nextBatch();
      }
      return sent;
    });

    const errorCodes = new Set<string>();
    await Promise.all(
      fuzzers.map(async (fuzzer, i) => {
        const others = pairs.filter((_, j) => j !== i).flatMap(([a, b]) => [a.id, b.id]);
        const generate = generator(1000 + i, { sameRoom: [pairs[i]![0].id, pairs[i]![1].id], otherRooms: others });
        const counter = errorCounter(fuzzer, errorCodes);
        for (let sent = 0; sent < FRAMES_PER_FUZZER;) {
          for (let k = 0; k < BATCH; k++, sent++) {
            const frame = generate();
            if ('binary' in frame) fuzzer.ws.send(frame.binary, { binary: true });
            else fuzzer.ws.send(frame.text);
          }
          await counter.reach(sent);
          rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
          if (i === 0) batchDone();
        }
        expect(counter.count).toBe(FRAMES_PER_FUZZER);
        // Nothing but well-formed errors came back: no relayed frame, no pong, no room-info.
        expect(counter.other).toEqual([]);
      }),
    );

    // Past the size limit: a clean close with 1009, every time.
    for (let i = 0; i < OVERSIZED; i++) {
      const big = await TestClient.connect(server.url, rooms[i % FUZZERS]!);
      everyone.push(big);
      big.ws.send(JSON.stringify({ receiver: 'room', type: 'text', data: { text: 'o'.repeat(MAX_FRAME_BYTES) } }));
      expect(await big.closed()).toBe(1009);
    }
    const seconds = (performance.now() - started) / 1000;

    stopHonest = true;
    batchDone();
    const honestSent = await Promise.all(honest);
    // Each honest client got exactly its partner's relayed pings and the
    // room's chat, all stamped with the real sender; nothing from a fuzzer.
    pairs.forEach(([a, b], index) => {
      const fromA = b.frames.filter((f) => f.type === 'ping' && f.sender === a.id);
      expect(fromA).toHaveLength(honestSent[index]!);
      expect(fromA.map((f) => f.data)).toEqual(Array.from({ length: honestSent[index]! }, (_, n) => n));
      const ids = new Set([GROUND_CONTROL, a.id, b.id]);
      for (const client of [a, b]) {
        const strangers = client.frames.filter((f) => !ids.has(String(f.sender)));
        expect(strangers).toEqual([]);
        expect(client.frames.filter((f) => f.type === 'error')).toEqual([]);
      }
      expect(b.frames.filter((f) => f.type === 'text')).toHaveLength(honestSent[index]!);
    });

    // The server is whole: the right members, and it still answers.
    expect(server.manager.clientCount).toBe(pairs.length * 2 + FUZZERS);
    expect((await pairs[0]![0].request({ receiver: GROUND_CONTROL, type: 'get-room-info' })).data).toMatchObject({ room_id: 'fuzz-0' });
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { status: string };
    expect(health.status).toBe('ok');

    for (const client of everyone) client.frames.length = 0; // the test's own records are not the server's
    gc();
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    const total = FUZZERS * FRAMES_PER_FUZZER + OVERSIZED;
    console.log(
      `fuzz: ${total} frames in ${seconds.toFixed(1)} s (${Math.round(total / seconds)}/s); ` +
        `heap growth ${(heapGrowth / 2 ** 20).toFixed(1)} MiB; rss peak ${(rssPeak / 2 ** 20).toFixed(0)} MiB; ` +
        `codes ${[...errorCodes].sort().join(', ')}`,
    );
    expect(total).toBeGreaterThanOrEqual(100_000);
    // Every kind of bad input was produced, and answered with its own code.
    expect([...errorCodes].sort()).toEqual(['bad-frame', 'bad-json', 'bad-payload', 'text-too-long', 'unknown-receiver', 'unknown-type']);
    // A leak of even 100 bytes per frame would show as 10 MiB here.
    expect(heapGrowth).toBeLessThan(8 * 2 ** 20);
  }, 120_000);
});
