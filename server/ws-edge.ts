// The WebSocket edge: the only file that knows the ws library. It accepts
// upgrades on /r/<room>/ws, and turns each socket's events into ChatManager
// handle* calls.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ROOM_NAME_PATTERN } from '../shared/protocol.js';
import type { ChatManager } from './chat-manager.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { CloseCode } from './socket.js';

const WS_PATH = /^\/r\/([^/]+)\/ws\/?$/;

export interface WebSocketEdge {
  /** Closes every socket with `code` and stops accepting new ones. */
  close(code: number, reason: string): Promise<void>;
}

export function attachWebSockets(server: Server, manager: ChatManager, config: Config, logger: Logger): WebSocketEdge {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxFrameBytes,
    // Signaling frames are small and latency matters more than bytes.
    perMessageDeflate: false,
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = (request.url ?? '').split('?')[0] ?? '';
    const match = WS_PATH.exec(path);
    if (!match) return refuse(socket, 404, 'Not Found', 'no WebSocket endpoint here; rooms are at /r/<room>/ws');
    const roomId = safeDecode(match[1] ?? '');
    if (roomId === undefined || !ROOM_NAME_PATTERN.test(roomId)) {
      logger.warn({ event: 'upgrade-refused', path: path.slice(0, 200) }, 'room name outside the allowed pattern');
      return refuse(socket, 400, 'Bad Request', `room names match ${ROOM_NAME_PATTERN.source}`);
    }
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, roomId, request));
  });

  function onConnection(ws: WebSocket, roomId: string, request: IncomingMessage): void {
    // An error listener first: ws emits 'error' for oversized or malformed
    // frames, and an unhandled one would crash the process.
    ws.on('error', (error) => logger.warn({ event: 'socket-error', room: roomId, err: error.message }, 'socket error'));
    const client = manager.handleConnect(roomId, ws);
    const log = logger.child({ room: roomId, client: client.id });
    log.info({ event: 'connect', ip: request.socket.remoteAddress }, 'client connected');
    ws.on('message', (data, isBinary) => {
      if (isBinary) return manager.handleBinary(client);
      manager.handleMessage(client, data.toString());
    });
    ws.on('close', (code) => {
      manager.handleClose(client);
      log.info({ event: 'disconnect', code }, 'client disconnected');
    });
  }

  return {
    close(code, reason) {
      return new Promise((resolve) => {
        for (const ws of wss.clients) ws.close(code, reason);
        wss.close(() => resolve());
      });
    },
  };
}

function refuse(socket: Duplex, status: number, statusText: string, body: string): void {
  socket.end(`HTTP/1.1 ${status} ${statusText}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

export { CloseCode };
