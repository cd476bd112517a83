// `npm run fuzz -- --minutes N [--seed S] [--rooms R] [--batch B] [--default-limits] [--depth-limit N|none] [--no-build]`
// Builds the server (tsc -p tsconfig.server.json), starts `node
// dist/server/main.js`, and fuzzes it for N minutes, printing frames per
// second as it goes. On a crash it finds the frame that causes it, prints it,
// saves it with the seed to fuzz-crashes/<time>.json, restarts the server and
// goes on with the next seed; a violation of the protocol is saved likewise.
// Exits 1 if anything was found.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FuzzFailure, runCampaign, type CampaignStats } from './campaign.js';
import { DEPTH_LIMIT } from './frame-generator.js';
import { FuzzViolation } from './fuzz-room.js';
import { findCulprit, saveFailure } from './replay.js';
import { ServerCrash, lastWords, startFuzzServer } from './server-target.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    seed: { type: 'string' },
    rooms: { type: 'string', default: '4' },
    batch: { type: 'string', default: '250' },
    'default-limits': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    /** `none` for a server without a nesting limit (before issue 10). */
    'depth-limit': { type: 'string', default: String(DEPTH_LIMIT) },
  },
});
const minutes = Number(values.minutes);
const rooms = Number(values.rooms);
const batch = Number(values.batch);
let seed = values.seed === undefined ? Date.now() % 1_000_000 : Number(values.seed);
for (const [name, value] of [
  ['--minutes', minutes],
  ['--rooms', rooms],
  ['--batch', batch],
  ['--seed', seed],
] as const) {
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`fuzz: ${name} must be a positive number`);
    process.exit(2);
  }
}

const MAX_FRAME_BYTES = 65_536;
const limits = { maxFrameBytes: MAX_FRAME_BYTES, maxTextLength: 4000, depthLimit: values['depth-limit'] === 'none' ? undefined : Number(values['depth-limit']) };
// Generous limits, so frames are handled rather than rate-limited away; --default-limits keeps the defaults.
const env: Record<string, string> = values['default-limits']
  ? { LOG_LEVEL: 'info', MAX_CONNECTIONS_PER_IP: '32' }
  : {
      LOG_LEVEL: 'info',
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '10000000',
      FLOOD_TOLERANCE: '10000000',
      MAX_CONNECTIONS_PER_IP: '100000',
      MAX_BUFFERED_BYTES: String(256 * 2 ** 20),
    };
env.MAX_FRAME_BYTES = String(MAX_FRAME_BYTES);
// Default limits allow one burst (256 frames) per connection: batches stay under it.
const batchSize = values['default-limits'] ? Math.min(batch, 200) : batch;

if (!values['no-build']) {
  console.log('fuzz: building the server (tsc -p tsconfig.server.json)');
  const built = spawnSync('npx', ['tsc', '-p', 'tsconfig.server.json'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const deadline = Date.now() + minutes * 60_000;
const total = { frames: 0, bytes: 0, seconds: 0 };
let found = 0;
let lastPrint = 0;
const progress = (stats: CampaignStats) => {
  if (performance.now() - lastPrint < 5000) return;
  lastPrint = performance.now();
  const frames = total.frames + stats.frames;
  const seconds = total.seconds + stats.seconds;
  console.log(
    `fuzz: ${frames} frames, ${(frames / seconds).toFixed(0)} frames/s, ${((total.bytes + stats.bytes) / 2 ** 20 / seconds).toFixed(1)} MiB/s, server RSS peak ${(stats.rssPeakBytes / 2 ** 20).toFixed(0)} MiB`,
  );
};

while (Date.now() < deadline) {
  const server = await startFuzzServer(env, 'dist');
  console.log(`fuzz: seed ${seed}, server pid ${server.process.pid}, ${rooms} rooms, batches of ${batchSize}${values['default-limits'] ? ', default limits' : ''}`);
  try {
    const stats = await runCampaign({ server, seed, rooms, batchSize, limits, deadline, rssLimitBytes: 1024 * 2 ** 20, onRound: progress });
    total.frames += stats.frames;
    total.bytes += stats.bytes;
    total.seconds += stats.seconds;
  } catch (error) {
    if (!(error instanceof FuzzFailure)) throw error;
    found++;
    total.frames += error.stats.frames;
    total.bytes += error.stats.bytes;
    total.seconds += error.stats.seconds;
    const isCrash = error.reason instanceof ServerCrash;
    console.log(`\nfuzz: ${isCrash ? 'CRASH' : 'VIOLATION'} with seed ${seed} after ${error.stats.frames} frames: ${error.message.split('\n')[0]}`);
    if (!isCrash && !(error.reason instanceof FuzzViolation)) console.log(error.reason.stack);
    const culprit = isCrash ? await findCulprit(error, env, 'dist', limits) : undefined;
    if (culprit)
      console.log(
        `fuzz: the frame that does it (class ${culprit.frame.cls}, ${culprit.frame.length} bytes): ${culprit.frame.preview.slice(0, 160)}\n${lastWords(culprit.crash)}`,
      );
    else if (error.frameIndex !== undefined) {
      const frame = error.frames[error.frameIndex];
      if (frame) console.log(`fuzz: the frame at fault (class ${frame.cls}, ${frame.bytes.length} bytes): ${frame.bytes.subarray(0, 160).toString('latin1')}`);
    }
    console.log(`fuzz: saved to ${path.relative(process.cwd(), saveFailure(path.join(ROOT, 'fuzz-crashes'), error, culprit, isCrash ? 'crash' : 'violation'))}\n`);
  } finally {
    await server.stop();
  }
  seed++;
}

console.log(
  `fuzz: ${total.frames} frames in ${total.seconds.toFixed(0)} s, ${(total.frames / total.seconds).toFixed(0)} frames/s; ${found === 0 ? 'nothing found' : `${found} failure(s) saved in fuzz-crashes/`}`,
);
process.exit(found === 0 ? 0 : 1);
