// Join/leave churn: in each room, members stay while one seat is taken and
// left over and over. A join is: open a socket, be admitted, send a profile,
// and see the room-info naming us (the server has told the room); then leave,
// which tells the room again. Servers without presence (PeerJS) are skipped.
import { LoadClient, connectAll } from '../clients/load-client.js';
import type { BenchConfig } from '../lib/bench-config.js';
import type { ServerProcess } from '../lib/server-process.js';
import { delay, perCpuSecond } from '../lib/stats.js';
import type { Metrics, Scenario } from './scenario.js';

export const churn: Scenario = {
  id: 'churn',
  title: 'Join/leave churn with room-info fan-out',
  skipReason: (spec) => (spec.hasRooms ? undefined : 'no rooms or presence in its protocol'),
  run,
};

async function run(server: ServerProcess, config: BenchConfig): Promise<Metrics> {
  const { rooms, roomSize, warmupMs, measureMs } = config.churn;
  const protocol = server.spec.protocol;
  const stayRooms = Array.from({ length: rooms * (roomSize - 1) }, (_, i) => `churn-${Math.floor(i / (roomSize - 1))}`);
  const stayers = await connectAll(protocol, server.port, stayRooms);
  let roomInfos = 0;
  let joins = 0;
  let isRunning = true;
  const churners: LoadClient[] = [];
  try {
    stayers.forEach((client, i) => {
      client.onFrame = (bytes) => {
        if (bytes.includes('"room-info"')) roomInfos++;
      };
      client.send(protocol.profile(`stayer ${i}`)!);
    });
    const seat = async (room: string, index: number): Promise<void> => {
      while (isRunning) {
        const client = await LoadClient.connect(protocol, server.port, room, index);
        churners[index] = client;
        const isAnnounced = new Promise<void>((resolve) => {
          client.onFrame = (bytes) => {
            if (protocol.isRoomInfoWith(bytes.toString(), client.id)) resolve();
          };
        });
        client.send(protocol.profile(`churner ${index}`)!);
        await isAnnounced;
        joins++;
        await client.close();
      }
    };
    const seats = Array.from({ length: rooms }, (_, r) => seat(`churn-${r}`, r));
    await delay(warmupMs);
    const cpu0 = server.cpuSeconds();
    const joins0 = joins;
    const infos0 = roomInfos;
    const t0 = performance.now();
    await delay(measureMs);
    const cpu1 = server.cpuSeconds();
    const count = joins - joins0;
    const infos = roomInfos - infos0;
    const wallSeconds = (performance.now() - t0) / 1000;
    isRunning = false;
    await Promise.all(seats);
    return {
      joinsPerSecond: count / wallSeconds,
      joinsPerCpuSecond: perCpuSecond(count, cpu1 - cpu0),
      roomInfosPerJoin: count > 0 ? infos / count : null,
      serverCpuShare: (cpu1 - cpu0) / wallSeconds,
      joinsMeasured: count,
    };
  } finally {
    isRunning = false;
    await Promise.all([...stayers, ...churners.filter(Boolean)].map((c) => c.terminate()));
  }
}
