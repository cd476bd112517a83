// Issue 10's "Done when", first bullet, against the real server process: each
// hostile frame (the 20,000-level ping that used to stop the server, 8,000
// levels of objects, a deep value hidden behind a duplicate key, and deep
// values in every relayed type and in profile) goes in on its own connection,
// into a room where a bystander pair is relaying. After each one the same
// process is alive, /healthz answers, the bystanders still relay to each
// other, nothing of the frame reached them, and the sender got an `error`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../shared/protocol.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { TestClient, type Frame } from '../helpers/ws-client.js';

const ROOM = 'hostile';
const arrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const objects = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
/** Deep enough to overflow any recursion over it, small enough for MAX_FRAME_BYTES (64 KiB). */
const DEEP = arrays(10_000);

let server: ServerProcess;
let bea: TestClient;
let cy: TestClient;
let relayed = 0;

beforeAll(async () => {
  // A trusted proxy, so that X-Forwarded-For is read (and can be abused).
  server = await startServerProcess({ TRUSTED_PROXIES: '127.0.0.1' });
  bea = await TestClient.connect(server.url, ROOM);
  cy = await TestClient.connect(server.url, ROOM);
}, 60_000);

afterAll(async () => {
  bea?.ws.terminate();
  cy?.ws.terminate();
  await server?.kill();
});

/** The bystanders relay a candidate each way, as in a call being set up. */
async function bystandersRelay(): Promise<void> {
  const tag = `still-relaying-${++relayed}`;
  bea.send({ receiver: cy.id, type: 'icecandidate', data: { candidate: tag } });
  expect(await cy.next((f) => f.type === 'icecandidate' && f.sender === bea.id)).toMatchObject({ data: { candidate: tag } });
  cy.send({ receiver: bea.id, type: 'icecandidate', data: { candidate: tag } });
  expect(await bea.next((f) => f.type === 'icecandidate' && f.sender === cy.id)).toMatchObject({ data: { candidate: tag } });
}

async function isSameProcessServing(): Promise<void> {
  expect(() => process.kill(server.pid, 0)).not.toThrow(); // still running
  expect(await Promise.race([server.exited.then(() => 'exited'), Promise.resolve('running')])).toBe('running');
  const health = await fetch(`${server.url}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok' });
}

/** Sends `raw` from a new member of the room; resolves with the error it got, or how its socket closed. */
async function sendFromNewcomer(raw: (bystander: string) => string): Promise<{ error?: Frame; closed?: number; sender: string }> {
  const hostile = await TestClient.connect(server.url, ROOM);
  try {
    const answer = hostile.next((f) => f.type === 'error', 20_000).then((error) => ({ error }));
    const closed = hostile.closed().then((code) => ({ closed: code }));
    hostile.send(raw(bea.id));
    return { ...(await Promise.race([answer, closed])), sender: hostile.id };
  } finally {
    await hostile.close();
  }
}

const relayedTypes = {
  offer: (deep: string) => `{"type":"offer","sdp":"v=0\\r\\n","x":${deep}}`,
  answer: (deep: string) => `{"type":"answer","sdp":"v=0\\r\\n","x":${deep}}`,
  icecandidate: (deep: string) => `{"candidate":"candidate:1 1 udp 1 203.0.113.7 9 typ host","sdpMid":"0","x":${deep}}`,
  text: (deep: string) => `{"text":"hello","time":${deep}}`,
  bye: (deep: string) => deep,
} as const;

const cases: [string, (bystander: string) => string][] = [
  ['the 20,000-level ping of issue 10 (40 KB)', () => `{"receiver":"ground control","type":"ping","data":${arrays(20_000)}}`],
  ['8,000 levels of objects in a ping', () => `{"receiver":"ground control","type":"ping","data":${objects(8_000)}}`],
  ['duplicate data keys whose last value is deep', () => `{"receiver":"ground control","type":"ping","data":1,"data":${arrays(20_000)}}`],
  ['one level past the limit', () => `{"receiver":"ground control","type":"ping","data":${arrays(MAX_JSON_DEPTH)}}`],
  ['a deep profile', () => `{"receiver":"ground control","type":"profile","data":{"username":"Mallory","x":${DEEP}}}`],
  ['a deep ping to a peer', (b) => `{"receiver":"${b}","type":"ping","data":${DEEP}}`],
  ['a deep greeting to the room', () => `{"receiver":"room","type":"greeting","data":${objects(8_000)}}`],
  // A forged sender makes the server re-serialize the frame to stamp the real one.
  ['a deep bye with a forged sender', (b) => `{"sender":"${b}","receiver":"${b}","type":"bye","data":${DEEP}}`],
  ...Object.entries(relayedTypes).flatMap(([type, data]): [string, (b: string) => string][] => [
    [`a deep ${type} to a peer`, (b) => `{"receiver":"${b}","type":"${type}","data":${data(DEEP)}}`],
    [`a deep ${type} to the room`, () => `{"receiver":"room","type":"${type}","data":${data(objects(8_000))}}`],
    [`a deep ${type} behind a duplicate data key`, (b) => `{"receiver":"${b}","type":"${type}","data":${data('1')},"data":${data(DEEP)}}`],
  ]),
];

describe('hostile frames against the real server process', { timeout: 60_000 }, () => {
  it('has a live call to protect: the bystanders relay before anything is sent', async () => {
    await bystandersRelay();
  });

  it.each(cases)('%s: refused with bad-frame naming the limit; the same process serves on', async (_name, raw) => {
    const pidBefore = server.pid;
    const { error, closed, sender } = await sendFromNewcomer(raw);
    expect(closed).toBeUndefined();
    expect(error?.data).toEqual({ code: 'bad-frame', description: expect.stringContaining(`the limit is ${MAX_JSON_DEPTH}`) });
    // Nothing of the frame is echoed back: not even its id.
    expect(JSON.stringify(error).length).toBeLessThan(300);
    expect(server.pid).toBe(pidBefore);
    await isSameProcessServing();
    await bystandersRelay();
    // Nothing from the hostile sender reached the bystanders.
    expect([...bea.frames, ...cy.frames].filter((f) => f.sender === sender)).toEqual([]);
  });

  it('survives an upgrade URL of 15,000 characters and 1,300 forwarded hops (near the 16 KiB header limit), and still serves', async () => {
    const long = TestClient.open(server.url, 'a'.repeat(15_000));
    let refusal = '';
    long.ws.once('error', (error) => (refusal = error.message));
    await long.closed();
    expect(refusal).toBe('Unexpected server response: 400'); // outside ROOM_NAME_PATTERN
    expect(long.frames).toEqual([]);
    const hops = Array(1_300).fill('127.0.0.1').join(', ');
    const proxied = await TestClient.connect(server.url, ROOM, { headers: { 'X-Forwarded-For': hops } });
    expect(proxied.id).not.toBe('');
    await proxied.close();
    await isSameProcessServing();
    await bystandersRelay();
  });

  it('needed no fault boundary: every frame was refused at the limit, none threw', async () => {
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const faults = [...metrics.matchAll(/^parley_faults_total\{where="([^"]+)"\} (\d+)$/gm)];
    expect(faults.length).toBeGreaterThan(0);
    expect(faults.filter(([, , count]) => count !== '0')).toEqual([]);
  });
});
