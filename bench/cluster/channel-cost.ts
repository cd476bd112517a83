// What one PUBLISH costs Redis by the number of nodes subscribed to the channel:
// the figure behind sending a frame for one member on its node's channel rather
// than on the room's (docs/cluster.md). Redis CPU from INFO cpu, per publish.
import { Redis } from 'ioredis';
import { startRedis } from '../../test/helpers/redis.js';
const redis = await startRedis({ appendOnly: false });
try {
  const pub = new Redis(redis.url);
  const cpu = async () => {
    const info = await pub.info('cpu');
    const m = /used_cpu_user:([\d.]+)/.exec(info)!;
    const s = /used_cpu_sys:([\d.]+)/.exec(info)!;
    return Number(m[1]) + Number(s[1]);
  };
  const payload = Buffer.alloc(600, 'x'); // a typical ICE candidate/answer frame
  const N = 50_000;
  for (const subscribers of [1, 3, 7]) {
    const subs: Redis[] = [];
    let got = 0;
    for (let i = 0; i < subscribers; i++) {
      const s = new Redis(redis.url);
      await s.subscribe('room');
      s.on('messageBuffer', () => got++);
      subs.push(s);
    }
    const before = await cpu();
    const t0 = Date.now();
    for (let i = 0; i < N; i++) void pub.publish('room', payload);
    while (got < N * subscribers) await new Promise((r) => setImmediate(r));
    const used = (await cpu()) - before;
    console.log(
      `${subscribers} subscriber(s): ${N} publishes, Redis CPU ${((used * 1e6) / N).toFixed(1)} us/publish (${(N / used).toFixed(0)}/CPU-s), wall ${Date.now() - t0} ms`,
    );
    for (const s of subs) s.disconnect();
  }
  pub.disconnect();
} finally {
  await redis.stop();
}
