// What keeping frames for members whose node died costs on the normal path
// (docs/cluster.md, "Frames for a client whose node died"): Redis CPU per
// frame of the delivery scripts (server/cluster/delivery-scripts.ts) against
// the plain PUBLISH they replace, every node alive, so nothing is kept. One
// small in-process measurement, Redis CPU from INFO cpu.
import { Redis } from 'ioredis';
import { encodeBusHeader } from '../../server/cluster/bus-message.js';
import { DELIVER_TO_CLIENT, DELIVER_TO_ROOM } from '../../server/cluster/delivery-scripts.js';
import { LuaScript } from '../../server/cluster/lua-script.js';
import { nodeChannel, roomChannel, roomKeys } from '../../server/cluster/presence-scripts.js';
import { startRedis } from '../../test/helpers/redis.js';

const N = 20_000;
const redis = await startRedis({ appendOnly: false });
try {
  const pub = new Redis(redis.url);
  const cpu = async () => {
    const info = await pub.info('cpu');
    return Number(/used_cpu_user:([\d.]+)/.exec(info)![1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)![1]);
  };
  const frame = Buffer.alloc(600, 'x'); // a typical ICE candidate or answer
  const header = encodeBusHeader('node-a', 'client', 'room', 'member-1');
  // Two other nodes, each subscribed to its node channel and to the room's, each holding two members.
  let got = 0;
  const subscribers: Redis[] = [];
  for (const node of ['node-b', 'node-c']) {
    const s = new Redis(redis.url);
    await s.subscribe(nodeChannel(node), roomChannel('room'));
    s.on('messageBuffer', () => got++);
    subscribers.push(s);
  }
  // Member 1 has a resumable slot held by node-b (the script reads it); the others have none.
  await pub.hset('parley:{room}:slot:member-1', 'node', 'node-b', 'first', '1');
  const remote = ['node-b', 'member-1', 'node-b', 'member-2', 'node-c', 'member-3', 'node-c', 'member-4'];
  const toClient = new LuaScript(DELIVER_TO_CLIENT, 1);
  const toRoom = new LuaScript(DELIVER_TO_ROOM, 1);
  const cases: [string, number, () => Promise<unknown>][] = [
    ['PUBLISH on the node channel (before)', 1, () => pub.publish(nodeChannel('node-b'), Buffer.concat([header, frame]))],
    ['DELIVER_TO_CLIENT, member with a slot', 1, () => toClient.run(pub, [roomKeys('room')[0]], ['member-1', 'node-b', header, frame, 1 << 20])],
    ['DELIVER_TO_CLIENT, member without one', 1, () => toClient.run(pub, [roomKeys('room')[0]], ['member-3', 'node-c', header, frame, 1 << 20])],
    ['PUBLISH on the room channel (before)', 2, () => pub.publish(roomChannel('room'), Buffer.concat([header, frame]))],
    ['DELIVER_TO_ROOM, 4 members on 2 nodes', 2, () => toRoom.run(pub, [roomKeys('room')[0]], [roomChannel('room'), header, frame, '', 1 << 20, ...remote])],
  ];
  for (const [name, fanOut, send] of cases) {
    got = 0;
    await send(); // loads a script
    while (got < fanOut) await new Promise((resolve) => setImmediate(resolve));
    got = 0;
    const before = await cpu();
    for (let i = 0; i < N; i++) void send();
    while (got < N * fanOut) await new Promise((resolve) => setImmediate(resolve));
    const used = (await cpu()) - before;
    console.log(`${name}: Redis CPU ${((used * 1e6) / N).toFixed(1)} us/frame`);
  }
  console.log(`keys written on this path: ${(await pub.dbsize()) - 1} (only the slot the measurement created)`);
  for (const s of subscribers) s.disconnect();
  pub.disconnect();
} finally {
  await redis.stop();
}
