// The benchmark's ceiling: the least a Node + ws server can do and still speak
// Parley's wire protocol. It parses each frame (a relay must read `receiver`)
// and forwards the original bytes, with no validation, no sender stamping, no
// metrics and no logs. Rooms, greetings and room-info are kept so that every
// scenario drives it exactly as it drives Parley. A `get-history` is answered
// with one page built at start-up (50 messages shaped and sized as Parley's
// pages in bench:history): the floor under Parley's late joiner, a reply of
// the same bytes with no store and no query behind it.
// Built by tsconfig.bench.json; run: PORT=... node dist/bench/servers/raw-forwarder.js
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';

interface Member {
  id: string;
  username: string;
  ws: WebSocket;
}

const GROUND_CONTROL = 'ground control';
const rooms = new Map<string, Map<string, Member>>();

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
    if (typeof frame.receiver === 'string') members.get(frame.receiver)?.ws.send(data, { binary: false });
  });

  ws.on('close', () => {
    const members = rooms.get(roomId);
    if (!members || members.get(self.id) !== self) return;
    members.delete(self.id);
    if (members.size === 0) rooms.delete(roomId);
    else broadcastRoomInfo(roomId, members);
  });
});

http.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
