// ICE servers over the real server: `get-ice-servers` stays the Camus 0.2
// list, `get-ice-config` adds the transport policy, and the diagnostics page's
// HTTP endpoint serves the same thing; TURN_SECRET appears in none of them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { turnCredentialFor } from '../../server/ice/turn-credentials.js';
import { startTestServer } from '../helpers/test-server.js';
import { TestClient } from '../helpers/ws-client.js';

const SECRET = 'integration-secret-4d1f';
let server: RunningServer;
const open: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer({
    STUN_URLS: 'stun:stun.example.org:3478',
    TURN_URLS: 'turn:turn.example.org:3478?transport=udp,turns:turn.example.org:443',
    TURN_SECRET: SECRET,
    TURN_TTL: '600',
    ICE_TRANSPORT_POLICY: 'relay',
  });
});
afterAll(async () => {
  for (const c of open) c.ws.terminate();
  await server.close();
});

async function join(): Promise<TestClient> {
  const client = await TestClient.connect(server.url, 'ice-room');
  open.push(client);
  return client;
}

describe('get-ice-servers (Camus 0.2)', () => {
  it('answers with a plain RTCIceServer list whose TURN credential is minted for the asking client', async () => {
    const a = await join();
    const before = Math.floor(Date.now() / 1000);
    const reply = await a.request({ receiver: 'ground control', type: 'get-ice-servers' }, 'ice-1');
    const after = Math.floor(Date.now() / 1000);
    expect(reply).toMatchObject({ sender: 'ground control', receiver: a.id, type: 'ice-servers', id: 'ice-1' });
    const [stun, turn] = reply.data as { urls: string[]; username?: string; credential?: string }[];
    expect(stun).toEqual({ urls: ['stun:stun.example.org:3478'] });
    expect(turn!.urls).toEqual(['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:443']);
    const [expiry, clientId] = turn!.username!.split(':');
    expect(clientId).toBe(a.id);
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + 600);
    expect(Number(expiry)).toBeLessThanOrEqual(after + 600);
    expect(turn!.credential).toBe(turnCredentialFor(SECRET, turn!.username!));
  });

  it('gives two clients different usernames', async () => {
    const [a, b] = await Promise.all([join(), join()]);
    const [ra, rb] = await Promise.all([
      a.request({ receiver: 'ground control', type: 'get-ice-servers' }),
      b.request({ receiver: 'ground control', type: 'get-ice-servers' }),
    ]);
    const name = (frame: { data?: unknown }) => (frame.data as { username?: string }[])[1]!.username;
    expect(name(ra)).toContain(a.id);
    expect(name(rb)).toContain(b.id);
  });
});

describe('get-ice-config (Parley)', () => {
  it('answers with the servers and the transport policy, in RTCConfiguration names', async () => {
    const a = await join();
    const reply = await a.request({ receiver: 'ground control', type: 'get-ice-config' }, 7);
    expect(reply).toMatchObject({ sender: 'ground control', receiver: a.id, type: 'ice-config', id: 7 });
    const data = reply.data as { iceServers: { username?: string }[]; iceTransportPolicy: string };
    expect(data.iceTransportPolicy).toBe('relay');
    expect(data.iceServers).toHaveLength(2);
    expect(data.iceServers[1]!.username).toMatch(new RegExp(`^\\d+:${a.id}$`));
  });

  it('is refused when sent to a peer, like the other ground-control requests', async () => {
    const a = await join();
    const reply = await a.request({ receiver: 'room', type: 'get-ice-config' });
    expect(reply.type).toBe('error');
    expect((reply.data as { code: string }).code).toBe('unknown-receiver');
  });
});

describe('GET /diagnostics/ice-config', () => {
  it('serves fresh credentials for a diagnostics id, uncached', async () => {
    const response = await fetch(`${server.url}/diagnostics/ice-config`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { iceServers: { username?: string; credential?: string }[]; iceTransportPolicy: string };
    expect(body.iceTransportPolicy).toBe('relay');
    const turn = body.iceServers[1]!;
    expect(turn.username).toMatch(/^\d+:diagnostics-[0-9a-f-]{36}$/);
    expect(turn.credential).toBe(turnCredentialFor(SECRET, turn.username!));
  });
});

describe('the secret', () => {
  it('never leaves the server, in any frame or response', async () => {
    const a = await join();
    await a.request({ receiver: 'ground control', type: 'get-ice-servers' });
    await a.request({ receiver: 'ground control', type: 'get-ice-config' });
    const http = await (await fetch(`${server.url}/diagnostics/ice-config`)).text();
    expect(JSON.stringify(a.frames)).not.toContain(SECRET);
    expect(http).not.toContain(SECRET);
  });
});
