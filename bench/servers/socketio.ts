// socket.io (websocket transport only) as a server under test, written the
// way a socket.io app would relay Parley's frames: rooms from the handshake
// query, the sender stamped from the socket's id, the receiver looked up in
// the sender's room, presence pushed as `room-info` on profile and leave.
// With REDIS_URL set, it is one node of a cluster the way socket.io apps scale
// out: @socket.io/redis-adapter (classic, pattern subscription) over ioredis,
// a frame for a member on another node sent to the room named by its id
// (every socket joins one), which the adapter publishes for every node.
// Built by tsconfig.bench.json; run: PORT=... [REDIS_URL=...] node dist/bench/servers/socketio.js
import { createServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server, type DefaultEventsMap, type Socket } from 'socket.io';

interface Frame {
  receiver?: unknown;
  type?: unknown;
  data?: { username?: unknown };
  id?: unknown;
}

/** What each socket carries (socket.data). */
interface SocketData {
  room: string;
  username: string;
}
type RelaySocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>;

const http = createServer((_req, res) => res.writeHead(404).end());
const io = new Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, SocketData>(http, {
  transports: ['websocket'],
  serveClient: false,
  perMessageDeflate: false,
  maxHttpBufferSize: 65536,
  // Load clients answer pings, but a long interval keeps them out of the way.
  pingInterval: 10 * 60 * 1000,
  pingTimeout: 60 * 1000,
});

const redisUrl = process.env.REDIS_URL;
if (redisUrl) io.adapter(createAdapter(new Redis(redisUrl), new Redis(redisUrl)));

function roomInfo(room: string): { room_id: string; clients: { id: string; username: string }[] } {
  const clients = [];
  for (const id of io.sockets.adapter.rooms.get(room) ?? []) {
    const socket = io.sockets.sockets.get(id);
    if (socket) clients.push({ id, username: String(socket.data.username ?? '') });
  }
  return { room_id: room, clients };
}

io.on('connection', (socket: RelaySocket) => {
  const room = String(socket.handshake.query.room ?? 'lobby');
  socket.data.room = room;
  socket.data.username = '';
  void socket.join(room);

  socket.on('signal', (frame: Frame) => {
    if (typeof frame !== 'object' || frame === null || typeof frame.receiver !== 'string') return;
    const out = { ...frame, sender: socket.id };
    if (frame.receiver === 'ground control') {
      if (frame.type === 'profile' && typeof frame.data?.username === 'string') {
        socket.data.username = frame.data.username;
        io.to(room).emit('signal', { sender: 'ground control', receiver: 'room', type: 'room-info', data: roomInfo(room) });
      }
      return;
    }
    if (frame.receiver === 'room') {
      // Text reaches the sender too (its confirmation), as in Parley.
      if (frame.type === 'text') io.to(room).emit('signal', out);
      else socket.to(room).emit('signal', out);
      return;
    }
    const target = io.sockets.sockets.get(frame.receiver);
    if (target) {
      if (target.data.room === room) target.emit('signal', out);
    } else if (redisUrl) {
      // Another node's socket: the adapter cannot tell which node or room it
      // is in without a request to every node, so the room check is skipped
      // (in socket.io's favour) and the frame goes to the id's own room.
      io.to(frame.receiver).emit('signal', out);
    }
  });

  socket.on('disconnect', () => {
    io.to(room).emit('signal', { sender: 'ground control', receiver: 'room', type: 'room-info', data: roomInfo(room) });
  });
});

http.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
