// What delivering frames to other nodes costs Redis on the normal path
// (docs/cluster.md, "Fan-out"): Redis CPU per frame of the DELIVER_BATCH
// script (server/cluster/delivery-scripts.ts), fed by FrameDelivery as a node
// feeds it, by the number of frames a node has for other nodes in one turn,
// against a plain PUBLISH per frame. Every node alive, so nothing is kept.
// One small in-process measurement, Redis CPU from INFO cpu.
import { Redis } from 'ioredis';
import { encodeBusMessage } from '../../server/cluster/bus-message.js';
import { FrameDelivery } from '../../server/cluster/frame-delivery.js';
import { nodeChannel, roomChannel } from '../../server/cluster/presence-scripts.js';
import { OutgoingFrame } from '../../server/core/outgoing-frame.js';
import { startRedis } from '../../test/helpers/redis.js';

const N = 20_000;
const redis = await startRedis({ appendOnly: false });
try {
  const pub = new Redis(redis.url);
  await new Promise((resolve) => pub.once('ready', resolve));
  const cpu = async () => {
    const info = await pub.info('cpu');
    return Number(/used_cpu_user:([\d.]+)/.exec(info)![1]) + Number(/used_cpu_sys:([\d.]+)/.exec(info)![1]);
  };
  const bytes = Buffer.alloc(600, 'x'); // a typical ICE candidate or answer
  const frame = OutgoingFrame.ofBytes(bytes);
  // Two other nodes, each subscribed to its node channel and to the rooms' channels.
  let got = 0;
  const subscribers: Redis[] = [];
  for (const node of ['node-b', 'node-c']) {
    const s = new Redis(redis.url);
    await s.subscribe(nodeChannel(node), ...Array.from({ length: 40 }, (_, k) => roomChannel(`room-${k}`)));
    s.on('messageBuffer', () => got++);
    subscribers.push(s);
  }
  // Member 1 of each room has a resumable slot (the script reads it).
  for (let k = 0; k < 40; k++) await pub.hset(`parley:{room-${k}}:slot:member-1`, 'node', 'node-b', 'first', '1');
  const delivery = new FrameDelivery(pub, { nodeId: 'node-a', maxHeldBytes: 1 << 20 }, { published: 0, dropped: 0 }, (e) => console.error(e));
  const m1 = { id: 'member-1', username: '', party: '', node: 'node-b' };
  const room = [m1, { ...m1, id: 'member-3', node: 'node-c' }];
  const plain = encodeBusMessage('node-a', 'client', 'room-0', 'member-1', bytes);
  /** [name, messages Redis delivers per send, one send of `turn` frames] */
  const cases: [string, number, number, (turn: number) => void][] = [
    ['PUBLISH on the node channel, one per frame', 1, 1, () => void pub.publish(nodeChannel('node-b'), plain)],
    ...[1, 5, 20, 40].map((turn): [string, number, number, (t: number) => void] => [
      `DELIVER_BATCH, ${turn} frame(s) to one member each (${turn} rooms) in a turn`,
      1,
      turn,
      (t) => {
        for (let k = 0; k < t; k++) delivery.toClient(`room-${k}`, m1, frame);
        delivery.flush();
      },
    ]),
    ['DELIVER_BATCH, 1 frame to a room of 2 other nodes in a turn', 2, 1, () => (delivery.toRoom('room-0', room, frame), delivery.flush())],
  ];
  for (const [name, fanOut, turn, send] of cases) {
    got = 0;
    send(turn); // loads the script
    while (got < fanOut) await new Promise((resolve) => setImmediate(resolve));
    got = 0;
    const sends = N / turn;
    const before = await cpu();
    for (let i = 0; i < sends; i++) send(turn);
    while (got < sends * fanOut) await new Promise((resolve) => setImmediate(resolve));
    const used = (await cpu()) - before;
    console.log(`${name}: Redis CPU ${((used * 1e6) / N).toFixed(1)} us/frame`);
  }
  for (const s of subscribers) s.disconnect();
  pub.disconnect();
} finally {
  await redis.stop();
}
