// Protocol fuzz (fuzz/, also `npm run fuzz`): at least 100,000 frames
// generated from the schemas in shared/protocol.ts and mutated in every class
// fuzz/frame-generator.ts knows (deep, wide, huge, oversize, odd numbers,
// __proto__ keys, lone surrogates, NUL, duplicate keys, invalid UTF-8, binary,
// wrong types, garbage, unknown types, hostile values), sent pipelined from 4
// fuzzing connections in 4 rooms to a real server process. Each frame must be
// answered exactly as the protocol says (the oracle, fuzz/oracle.ts), or
// close the connection cleanly with the right code; after every batch the
// same pid must answer /healthz with its RSS under a bound, each room's
// bystander pair must still relay an offer both ways, and a calm pair in
// another room must have heard nothing. Seeded: a failure names its seed and
// frame. A smaller run keeps the default limits (rate, burst, buffer, per-IP).
import { afterEach, describe, expect, it } from 'vitest';
import { FuzzFailure, runCampaign, type CampaignOptions } from '../../fuzz/campaign.js';
import { FRAME_CLASSES } from '../../fuzz/frame-generator.js';
import { Peer } from '../../fuzz/peer.js';
import { startFuzzServer, type FuzzServer } from '../../fuzz/server-target.js';
import { AppCloseCode, ErrorCode, GROUND_CONTROL, MAX_JSON_DEPTH } from '../../shared/protocol.js';
import { TestClient } from '../helpers/ws-client.js';

const SEED = 20_261_204;
const MAX_FRAME_BYTES = 65_536;
const LIMITS = { maxFrameBytes: MAX_FRAME_BYTES, maxTextLength: 4000, depthLimit: MAX_JSON_DEPTH };
/** The server starts near 80 MiB; a leak of a few hundred bytes a frame would pass this over 100,000 frames. */
const RSS_LIMIT_BYTES = 400 * 2 ** 20;

let server: FuzzServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** Runs a campaign; a failure becomes an error that names the seed and the frame. */
async function fuzz(options: Omit<CampaignOptions, 'server'> & { server: FuzzServer }) {
  try {
    return await runCampaign(options);
  } catch (error) {
    throw error instanceof FuzzFailure ? new Error(error.report()) : error;
  }
}

describe('protocol fuzz against a real server process', () => {
  it('answers 100,000 generated frames as the protocol says, at generous limits', async () => {
    // Limits raised so that frames are handled, not rate-limited or cut off as a slow consumer.
    server = await startFuzzServer({
      MAX_FRAME_BYTES: String(MAX_FRAME_BYTES),
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '10000000',
      FLOOD_TOLERANCE: '10000000',
      MAX_CONNECTIONS_PER_IP: '100000',
      MAX_BUFFERED_BYTES: String(256 * 2 ** 20),
    });
    const pid = server.process.pid;
    const stats = await fuzz({ server, seed: SEED, rooms: 4, batchSize: 500, limits: LIMITS, maxFrames: 100_000, rssLimitBytes: RSS_LIMIT_BYTES });
    console.log(
      `protocol fuzz: ${stats.frames} frames (${(stats.bytes / 2 ** 20).toFixed(1)} MiB) in ${stats.seconds.toFixed(1)} s, ` +
        `${Math.round(stats.frames / stats.seconds)} frames/s; server RSS peak ${(stats.rssPeakBytes / 2 ** 20).toFixed(0)} MiB; ` +
        FRAME_CLASSES.map((cls) => `${cls} ${stats.byClass[cls]}`).join(', '),
    );
    expect(stats.frames).toBeGreaterThanOrEqual(100_000);
    for (const cls of FRAME_CLASSES) expect(stats.byClass[cls], cls).toBeGreaterThan(0);
    expect(server.process.pid).toBe(pid);
    expect(await server.check()).toBeLessThan(RSS_LIMIT_BYTES);
  }, 900_000);

  it('holds at the default limits too, and closes a flood with 4005', async () => {
    server = await startFuzzServer({ MAX_FRAME_BYTES: String(MAX_FRAME_BYTES), MAX_CONNECTIONS_PER_IP: '32' });
    // Batches under one burst (256), each on a fresh connection, so the oracle's answers stand.
    const stats = await fuzz({
      server,
      seed: SEED + 1,
      rooms: 2,
      batchSize: 200,
      limits: { ...LIMITS, freshConnectionEachBatch: true },
      maxFrames: 4000,
      rssLimitBytes: RSS_LIMIT_BYTES,
    });
    expect(stats.frames).toBeGreaterThanOrEqual(4000);

    // Past the burst: rate-limited errors, then the connection closed as a flood; the pair beside it unharmed.
    const a = await Peer.join(server.url, 'flood', 'a');
    const b = await Peer.join(server.url, 'flood', 'b');
    const offers: string[] = [];
    b.onFrame = (received) => {
      if (received.ok && received.frame.type === 'offer' && received.frame.sender === a.id && typeof received.frame.id === 'string') offers.push(received.frame.id);
    };
    const flooder = await TestClient.connect(server.url, 'flood');
    for (let i = 0; i < 1000; i++) flooder.send({ receiver: GROUND_CONTROL, type: 'ping', id: i });
    const { code } = await flooder.closedWith();
    expect(code).toBe(AppCloseCode.RateLimited);
    expect(flooder.frames.filter((f) => f.type === 'pong').length).toBeGreaterThanOrEqual(200);
    const isRateLimited = (data: unknown) => typeof data === 'object' && data !== null && 'code' in data && data.code === ErrorCode.RateLimited;
    expect(flooder.frames.some((f) => f.type === 'error' && isRateLimited(f.data))).toBe(true);
    a.send(JSON.stringify({ receiver: b.id, type: 'offer', id: 'after-flood', data: { type: 'offer', sdp: 'v=0\r\n' } }));
    await new Promise<void>((resolve) => {
      const check = b.onFrame;
      b.onFrame = (received) => {
        check(received);
        if (offers.includes('after-flood')) resolve();
      };
    });
    a.terminate();
    b.terminate();
    expect(await server.check()).toBeLessThan(RSS_LIMIT_BYTES);
  }, 300_000);
});
