// What presence costs Redis now that each node has one lease (docs/cluster.md,
// "Capacity model"): Redis CPU per lease renewal (LEASE, every 2 s per node,
// whatever it holds) among 100 live nodes, and per join and leave of a room
// of 5 spread over 3 nodes (ADMIT, the `joined` HSET and PUBLISH, LEAVE and
// its `left` PUBLISH: what a member's stay writes, once). One in-process
// measurement, Redis CPU from INFO cpu.
import { Redis } from 'ioredis';
import { encodeMember } from '../../server/cluster/bus-message.js';
import { LuaScript } from '../../server/cluster/lua-script.js';
import { LEASE } from '../../server/cluster/node-lease-scripts.js';
import { SUSPECTS_KEY } from '../../server/cluster/node-lease-scripts.js';
import { ADMIT, LEAVE, NODES_KEY, presenceKeys, roomChannel } from '../../server/cluster/presence-scripts.js';
import { startRedis } from '../../test/helpers/redis.js';

const N = 20_000;
const LEASE_MS = 6000;
const redis = await startRedis({ appendOnly: false });
try {
  const r = new Redis(redis.url);
  await new Promise((resolve) => r.once('ready', resolve));
  const cpu = async () => {
    const info = await r.info('cpu');
    return Number(/used_cpu_user:([\d.]+)/.exec(info)![1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)![1]);
  };
  const measure = async (name: string, per: number, run: (i: number) => Promise<unknown>) => {
    await run(-1); // loads the script
    const before = await cpu();
    const batch: Promise<unknown>[] = [];
    for (let i = 0; i < N; i++) {
      batch.push(run(i));
      if (batch.length === 200) await Promise.all(batch.splice(0));
    }
    await Promise.all(batch);
    const used = (await cpu()) - before;
    console.log(`${name}: Redis CPU ${((used * 1e6) / N / per).toFixed(1)} us`);
  };
  const nodes = Array.from({ length: 100 }, (_, i) => `node-${i}`);
  const lease = new LuaScript(LEASE, 2);
  for (const node of nodes) await lease.run(r, [NODES_KEY, SUSPECTS_KEY], [node, 3_600_000, 3000]);
  await measure('one lease renewal (LEASE) among 100 live nodes', 1, (i) => lease.run(r, [NODES_KEY, SUSPECTS_KEY], [nodes[Math.max(0, i) % 100]!, 3_600_000, 3000]));

  // Rooms of 4 members on 3 nodes; the fifth joins on node-0 and leaves again.
  const admit = new LuaScript(ADMIT, 5);
  const leave = new LuaScript(LEAVE, 5);
  const ROOMS = 1000;
  for (let k = 0; k < ROOMS; k++) {
    for (let m = 0; m < 4; m++) {
      const record = encodeMember({ id: `m${m}`, username: `M${m}`, party: '', node: nodes[m % 3]! });
      await admit.run(r, presenceKeys(`room-${k}`, nodes[m % 3]!), [`m${m}`, record, 8, nodes[m % 3]!, `room-${k}`, 'check', '', LEASE_MS]);
    }
  }
  await measure('one join and leave, room of 5 on 3 nodes (ADMIT, HSET, PUBLISH, LEAVE, PUBLISH)', 1, async (i) => {
    const room = `room-${Math.max(0, i) % ROOMS}`;
    const record = encodeMember({ id: 'new', username: 'New', party: '', node: 'node-0' });
    const keys = presenceKeys(room, 'node-0');
    await admit.run(r, keys, ['new', record, 8, 'node-0', room, 'check', '', LEASE_MS]);
    await r.hset(keys[0], 'new', record);
    await r.publish(roomChannel(room), 'joined');
    await leave.run(r, keys, ['new', 'node-0', room]);
    await r.publish(roomChannel(room), 'left');
  });
  r.disconnect();
} finally {
  await redis.stop();
}
