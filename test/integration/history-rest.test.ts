// GET /api/rooms/<room>/messages on a real server with a real SQLite file:
// paging, locked rooms (401, 403, 200), a lock that outlives an emptied
// room, the per-address limit and CORS. See docs/protocol-history.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';
import { TestClient } from '../helpers/ws-client.js';

let server: RunningServer;
const open: TestClient[] = [];
let roomCounter = 0;
const newRoom = () => `rest-${++roomCounter}`;

beforeAll(async () => {
  server = await startTestServer({ HISTORY_STORE: 'sqlite', HISTORY_API_RATE_LIMIT: '1000', ALLOWED_ORIGINS: 'https://app.example.org' });
}, 30_000);
afterAll(async () => {
  for (const c of open) c.ws.terminate();
  await server.close();
});

async function join(room: string, query = ''): Promise<TestClient> {
  const client = await TestClient.connect(server.url, room, {}, query);
  open.push(client);
  return client;
}

async function say(client: TestClient, receiver: string, text: string): Promise<void> {
  const mid = `m${Math.random().toString(36).slice(2)}`;
  const ack = client.next((f) => f.type === 'ack' && (f.data as { mid: string }).mid === mid);
  client.send({ receiver, type: 'text', data: { text, mid } });
  await ack;
}

function get(room: string, query = '', headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}/api/rooms/${room}/messages${query}`, { headers });
}

describe('GET /api/rooms/<room>/messages', () => {
  it('pages like get-history, ascending, with has_more, and leaves direct messages out', async () => {
    const room = newRoom();
    const ada = await join(room);
    const bob = await join(room);
    for (let i = 1; i <= 5; i++) await say(ada, 'room', `m${i}`);
    await say(ada, bob.id, 'private');
    const latest = await get(room, '?limit=3');
    expect(latest.status).toBe(200);
    expect(latest.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await latest.json()) as { messages: { seq: number; text: string }[]; has_more: boolean };
    expect(body.messages.map((m) => m.text)).toEqual(['m3', 'm4', 'm5']);
    expect(body.has_more).toBe(true);
    const older = (await (await get(room, `?limit=3&before=${body.messages[0]!.seq}`)).json()) as typeof body;
    expect(older.messages.map((m) => m.text)).toEqual(['m1', 'm2']);
    expect(older.has_more).toBe(false);
    expect(JSON.stringify(older) + JSON.stringify(body)).not.toContain('private');
    expect(await (await get(newRoom())).json()).toEqual({ messages: [], has_more: false });
  });

  it('refuses a bad limit, before or room name with 400 and a code', async () => {
    for (const query of ['?limit=0', '?limit=201', '?limit=abc', '?before=-1', '?limit=1&limit=2']) {
      const response = await get('any', query);
      expect(response.status, query).toBe(400);
      expect(await response.json()).toMatchObject({ code: 'bad-payload' });
    }
    expect((await get('-bad')).status).toBe(400);
  });

  it('wants the password of a locked room: 401 without, 403 wrong, 200 right; and keeps the lock after everyone left', async () => {
    const room = newRoom();
    const ada = await join(room, '?password=sesame');
    await say(ada, 'room', 'secret plans');
    const without = await get(room);
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await without.json()).toMatchObject({ code: 'password-required' });
    expect((await get(room, '', { Authorization: 'Bearer wrong' })).status).toBe(403);
    const right = await get(room, '', { Authorization: 'Bearer sesame' });
    expect(right.status).toBe(200);
    expect(((await right.json()) as { messages: { text: string }[] }).messages.map((m) => m.text)).toEqual(['secret plans']);

    await ada.close();
    await expect.poll(() => server.manager.room(room)).toBeUndefined();
    expect((await get(room)).status).toBe(401);
    // Nor can the emptied room be rejoined, or re-locked, without it.
    const intruder = TestClient.open(server.url, room, {}, '?password=other');
    expect(await intruder.closedWith()).toEqual({ code: 4002, reason: 'wrong-password' });
    const bare = TestClient.open(server.url, room);
    expect(await bare.closedWith()).toEqual({ code: 4001, reason: 'password-required' });
    const back = await join(room, '?password=sesame');
    const page = await back.request({ receiver: 'ground control', type: 'get-history' });
    expect((page.data as { messages: { text: string }[] }).messages.map((m) => m.text)).toEqual(['secret plans']);
  }, 30_000);

  it('sends CORS headers only to a listed origin', async () => {
    const listed = await get('any', '', { Origin: 'https://app.example.org' });
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
    const other = await get('any', '', { Origin: 'https://evil.example.com' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.url}/api/rooms/any/messages`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example.org', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Authorization');
  });
});

describe('the per-address limit', () => {
  it('answers 429 with Retry-After past HISTORY_API_RATE_LIMIT requests a minute, and sends no CORS by default', async () => {
    const limited = await startTestServer({ HISTORY_API_RATE_LIMIT: '3' });
    try {
      const url = `${limited.url}/api/rooms/r/messages`;
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(url)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const refused = await fetch(url, { headers: { Origin: 'https://app.example.org' } });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await limited.close();
    }
  }, 30_000);
});
