// The fault boundary over real WebSockets (issue 10): a bug hit by one
// client's frame (planted here in a listener on the core's text event, where
// a history store hangs) closes that client with `internal` and 1011, shows in
// /metrics, and the rest of the room goes on relaying.
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';
import { TestClient } from '../helpers/ws-client.js';

let server: RunningServer | undefined;
const open: TestClient[] = [];

afterEach(async () => {
  for (const c of open.splice(0)) c.ws.terminate();
  await server?.close();
  server = undefined;
});

async function join(room: string): Promise<TestClient> {
  const client = await TestClient.connect(server!.url, room);
  open.push(client);
  return client;
}

async function faultCount(where: string): Promise<number> {
  const text = await (await fetch(`${server!.url}/metrics`)).text();
  const match = new RegExp(`^parley_faults_total\\{where="${where}"\\} (\\d+)$`, 'm').exec(text);
  if (!match) throw new Error(`no parley_faults_total{where="${where}"} in /metrics`);
  return Number(match[1]);
}

describe('fault boundary', () => {
  it('closes the client whose frame hit a bug with internal and 1011; the room carries on', async () => {
    server = await startTestServer();
    server.manager.on('text', ({ text }) => {
      if (text === 'boom') throw new Error('planted in a text listener');
    });
    const sender = await join('f');
    const bea = await join('f');
    const cy = await join('f');
    expect(await faultCount('frame')).toBe(0);

    sender.send({ receiver: 'room', type: 'text', data: { text: 'boom' }, id: 't1' });
    const error = await sender.next((f) => f.type === 'error');
    expect(error.data).toEqual({ code: 'internal', description: 'the server failed while handling this frame' });
    expect(await sender.closedWith()).toEqual({ code: 1011, reason: 'internal' });

    // The bystanders still relay to each other, and hear the sender left.
    await bea.next((f) => f.type === 'room-info' && !JSON.stringify(f.data).includes(sender.id));
    bea.send({ receiver: cy.id, type: 'icecandidate', data: { candidate: 'after the fault' } });
    expect((await cy.next((f) => f.type === 'icecandidate')).data).toEqual({ candidate: 'after the fault' });
    expect(bea.frames.some((f) => f.type === 'text')).toBe(false);

    expect(await faultCount('frame')).toBe(1);
    expect(await faultCount('socket')).toBe(0);
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', clients: 2 });
  });
});
