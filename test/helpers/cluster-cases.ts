// For cluster tests whose cases start their own redis-server and nodes: what
// a case starts is stopped after it in reverse order (clients, then nodes,
// then Redis), each by its own handle, also when the case fails.
import { afterEach } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from './test-server.js';
import { TestClient, type Frame } from './ws-client.js';

export interface ClusterCases {
  /** Stopped after the case, before what was started earlier. */
  cleanup: (step: () => Promise<unknown>) => void;
  /** A node in this process on `redisUrl`, history in memory. */
  node: (redisUrl: string) => Promise<RunningServer>;
  /** A client in `room` on the node at `url` that has sent its name. */
  join: (url: string, room: string, username: string) => Promise<TestClient>;
}

/** Call at the top of a test file. */
export function useClusterCases(): ClusterCases {
  const steps: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of steps.splice(0).reverse()) await step().catch(() => {});
  });
  return {
    cleanup: (step) => steps.push(step),
    node: async (redisUrl) => {
      const server = await startTestServer({ REDIS_URL: redisUrl, HISTORY_STORE: 'memory' });
      steps.push(() => server.close());
      return server;
    },
    join: async (url, room, username) => {
      const client = await TestClient.connect(url, room);
      steps.push(async () => client.ws.terminate());
      client.send({ receiver: 'ground control', type: 'profile', data: { username } });
      return client;
    },
  };
}

/** The names a room-info lists, sorted and joined with commas. */
export function roomInfoNames(frame: Frame): string {
  return (frame.data as { clients: { username: string }[] }).clients
    .map((c) => c.username)
    .sort()
    .join(',');
}
