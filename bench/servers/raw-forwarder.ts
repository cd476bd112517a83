// The benchmark's ceiling: the least a Node + ws server can do and still speak
// Parley's wire protocol. It parses each frame (a relay must read `receiver`)
// and forwards the original bytes, with no validation, no sender stamping, no
// metrics and no logs. Rooms, greetings and room-info are kept so that every
// scenario drives it exactly as it drives Parley. A `get-history` is answered
// with one page built at start-up (50 messages shaped and sized as Parley's
// pages in bench:history): the floor under Parley's late joiner, a reply of
// the same bytes with no store and no query behind it.
// With REDIS_URL set it is one node of the least cluster that can relay
// between nodes, the floor under Parley's cross-node latency
// (bench:cluster): each client's node is written once to a Redis hash, a
// frame for a receiver on another node is one PUBLISH of its bytes on that
// node's channel (the node looked up once per receiver, then remembered),
// and the receiving node parses it and hands it to the socket. No scripts,
// no leases, no presence across nodes, no replay, no batching.
// Built by tsconfig.bench.json; run: PORT=... [REDIS_URL=...] node dist/bench/servers/raw-forwarder.js
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

interface Member {
  id: string;
  username: string;
  ws: WebSocket;
}

const GROUND_CONTROL = 'ground control';
const rooms = new Map<string, Map<string, Member>>();
/** Every client of this node by id, whatever its room: where a frame from another node is delivered. */
const clients = new Map<string, Member>();

/** With REDIS_URL: how a frame leaves for a receiver on another node, and how this node is found. */
interface Cluster {
  register(id: string): void;
  forward(receiver: string, data: Buffer): void;
}

function joinCluster(url: string): Cluster {
  const nodeId = randomUUID();
  const commands = new Redis(url);
  const subscriber = new Redis(url);
  const nodeOf = new Map<string, string>();
  const channel = (node: string) => `raw:node:${node}`;
  void subscriber.subscribe(channel(nodeId));
  subscriber.on('messageBuffer', (_channel: Buffer, message: Buffer) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.toString());
    } catch {
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || !('receiver' in parsed) || typeof parsed.receiver !== 'string') return;
    clients.get(parsed.receiver)?.ws.send(message, { binary: false });
  });
  return {
    register: (id) => void commands.hset('raw:members', id, nodeId),
    forward(receiver, data) {
      const node = nodeOf.get(receiver);
      if (node) {
        void commands.publish(channel(node), data);
        return;
      }
      void commands.hget('raw:members', receiver).then((found) => {
        if (found === null) return;
        nodeOf.set(receiver, found);
        void commands.publish(channel(found), data);
      });
    },
  };
}
const cluster = process.env.REDIS_URL ? joinCluster(process.env.REDIS_URL) : undefined;

const http = createServer((_req, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server: http, perMessageDeflate: false, maxPayload: 65536 });

const HISTORY_PAGE = JSON.stringify({
  messages: Array.from({ length: 50 }, (_, i) => ({
    seq: 951 + i,
    sender: 'a',
    receiver: 'room',
    from: 'Ada',
    time: 1_764_892_800_000 + i,
    text: `message ${950 + i} in room 500, of a typical length`,
  })),
  has_more: true,
});

function serverFrame(receiver: string, type: string, data: unknown): string {
  return JSON.stringify({ sender: GROUND_CONTROL, receiver, type, data });
}

function broadcastRoomInfo(roomId: string, room: Map<string, Member>): void {
  const data = { room_id: roomId, clients: [...room.values()].map(({ id, username }) => ({ id, username })) };
  for (const member of room.values()) member.ws.send(serverFrame(member.id, 'room-info', data));
}

wss.on('connection', (ws, request) => {
  ws.on('error', () => ws.terminate());
  const roomId = /^\/r\/([^/?]+)\/ws/.exec(request.url ?? '')?.[1] ?? 'lobby';
  let room = rooms.get(roomId);
  if (!room) rooms.set(roomId, (room = new Map<string, Member>()));
  const self: Member = { id: randomUUID(), username: '', ws };
  room.set(self.id, self);
  clients.set(self.id, self);
  cluster?.register(self.id);
  ws.send(serverFrame(self.id, 'greeting', 'hello'));

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary || !(data instanceof Buffer)) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      return;
    }
    // Not validation: a bare `null` or number must not throw on the property reads below.
    if (typeof parsed !== 'object' || parsed === null) return;
    const frame: { receiver?: unknown; type?: unknown; data?: { username?: unknown } } = parsed;
    const members = rooms.get(roomId);
    if (!members) return;
    if (frame.receiver === GROUND_CONTROL) {
      if (frame.type === 'profile' && typeof frame.data?.username === 'string') {
        self.username = frame.data.username;
        broadcastRoomInfo(roomId, members);
      } else if (frame.type === 'get-history') {
        ws.send(`{"sender":"${GROUND_CONTROL}","receiver":"${self.id}","type":"history","data":${HISTORY_PAGE}}`);
      } else if (frame.type === 'get-room-info') {
        ws.send(serverFrame(self.id, 'room-info', { room_id: roomId, clients: [...members.values()].map(({ id, username }) => ({ id, username })) }));
      }
      return;
    }
    if (frame.receiver === 'room') {
      // Text reaches the sender too (its confirmation), as in Parley.
      for (const member of members.values()) {
        if (member !== self || frame.type === 'text') member.ws.send(data, { binary: false });
      }
      return;
    }
    if (typeof frame.receiver !== 'string') return;
    const receiver = members.get(frame.receiver);
    if (receiver) receiver.ws.send(data, { binary: false });
    else cluster?.forward(frame.receiver, data);
  });

  ws.on('close', () => {
    const members = rooms.get(roomId);
    if (!members || members.get(self.id) !== self) return;
    members.delete(self.id);
    clients.delete(self.id);
    if (members.size === 0) rooms.delete(roomId);
    else broadcastRoomInfo(roomId, members);
  });
});

http.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
