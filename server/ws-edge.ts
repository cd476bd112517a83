// The WebSocket edge: the only file that knows the ws library. It accepts
// upgrades on /r/<room>/ws from allowed origins, counts sockets per address,
// pings them (heartbeat), hands each to the Gatekeeper to join its room, and
// turns each socket's events into handle* calls. See docs/protocol-reliability.md.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { MAX_PASSWORD_LENGTH, PARTICIPANT_KEY_PATTERN, ROOM_NAME_PATTERN, WsQuery } from '../shared/protocol.js';
import type { ChatManager } from './chat-manager.js';
import type { Config } from './config.js';
import { clientAddress } from './client-address.js';
import { ConnectionCounter } from './connection-counter.js';
import { takeFrame } from './frame-intake.js';
import { Gatekeeper, refuse, tooManyConnections, type JoinRequest } from './gatekeeper.js';
import { Heartbeat } from './heartbeat.js';
import { participantHash } from './history/participant.js';
import { isOriginAllowed } from './origin-check.js';
import type { Logger } from './logger.js';
import { Refiller, TokenBucket } from './rate-limiter.js';
import { RoomPasswords } from './room-password.js';
import { SessionRegistry, type ResumableSlot } from './session-resume.js';
import { CloseCode } from './socket.js';
import { WsTransport } from './ws-transport.js';

const WS_PATH = /^\/r\/([^/]+)\/ws\/?$/;

export interface WebSocketEdge {
  readonly gatekeeper: Gatekeeper;
  /**
   * Refuses new sockets, says bye to every client and closes it with 1001,
   * waits up to SHUTDOWN_TIMEOUT_MS for the closes, then cuts off the rest.
   */
  close(): Promise<void>;
}

export interface EdgeOptions {
  /** Room passwords; tests pass cheaper scrypt settings. */
  passwords?: RoomPasswords;
}

export function attachWebSockets(server: Server, manager: ChatManager, config: Config, logger: Logger, options: EdgeOptions = {}): WebSocketEdge {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxFrameBytes,
    // Signaling frames are small and latency matters more than bytes.
    perMessageDeflate: false,
  });
  const counter = new ConnectionCounter(config.maxConnectionsPerIp);
  const refiller = new Refiller(config.rateLimitPerSecond);
  /** One options object for every bucket, not one per connection. */
  const bucketOptions = { burst: config.rateLimitBurst, floodTolerance: config.floodTolerance };
  /** How long each socket the heartbeat cut off had been silent: its slot's grace is shorter by that. */
  const silence = new WeakMap<WsTransport, number>();
  /** The session each joined socket speaks for, so the heartbeat can tell it about pings. */
  const slots = new WeakMap<WsTransport, ResumableSlot>();
  const heartbeat = new Heartbeat<WsTransport>(config.heartbeatIntervalMs, {
    onDead: (transport, silentForMs) => silence.set(transport, silentForMs),
    onPing: (transport) => {
      const slot = slots.get(transport);
      if (slot?.session.holds(transport)) slot.session.handlePing();
    },
  });
  const gatekeeper = new Gatekeeper(manager, options.passwords ?? new RoomPasswords(), new SessionRegistry(), {
    maxRoomSize: config.maxRoomSize,
    graceMs: config.resumeGraceMs,
    maxBufferedBytes: config.maxBufferedBytes,
    newBucket: () => {
      const bucket = new TokenBucket(bucketOptions);
      refiller.add(bucket);
      return bucket;
    },
    dropBucket: (bucket) => refiller.delete(bucket),
  });
  logSessions(gatekeeper, logger);
  let isClosing = false;

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A shared function, not a closure: a closure here would share this
    // handler's V8 context with the handleUpgrade callback below, and so keep
    // `request` (headers and all) alive for as long as the socket lives.
    socket.on('error', destroyOnError);
    if (isClosing) return refuseUpgrade(socket, 503, 'Service Unavailable', 'the server is shutting down');
    const [path = '', query = ''] = (request.url ?? '').split('?', 2);
    const match = WS_PATH.exec(path);
    if (!match) return refuseUpgrade(socket, 404, 'Not Found', 'no WebSocket endpoint here; rooms are at /r/<room>/ws');
    const roomId = safeDecode(match[1] ?? '');
    if (roomId === undefined || !ROOM_NAME_PATTERN.test(roomId)) {
      logger.warn({ event: 'upgrade-refused', path: path.slice(0, 200) }, 'room name outside the allowed pattern');
      return refuseUpgrade(socket, 400, 'Bad Request', `room names match ${ROOM_NAME_PATTERN.source}`);
    }
    const origin = request.headers.origin;
    if (!isOriginAllowed(config.allowedOrigins, origin, request.headers.host)) {
      logger.warn({ event: 'upgrade-refused', room: roomId, origin: origin?.slice(0, 200) }, 'origin not allowed');
      return refuseUpgrade(socket, 403, 'Forbidden', 'this origin may not open WebSockets here; see ALLOWED_ORIGINS');
    }
    const join = joinRequest(roomId, new URLSearchParams(query));
    if (typeof join === 'string') return refuseUpgrade(socket, 400, 'Bad Request', join);
    // The query string carries secrets (password, resume token): it is never logged.
    wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, socket, request, join));
  });

  function onConnection(ws: WebSocket, stream: Duplex, request: IncomingMessage, join: JoinRequest): void {
    // An error listener first: ws emits 'error' for oversized or malformed
    // frames, and an unhandled one would crash the process.
    // The closures below keep roomId, not `join` (or `request`): whatever
    // they mention lives as long as the connection.
    const { roomId } = join;
    ws.on('error', (error) => logger.warn({ event: 'socket-error', room: roomId, err: error.message }, 'socket error'));
    const ip = clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], config.trustedProxies);
    const transport = new WsTransport(ws, stream);
    if (!counter.tryAcquire(ip)) return gatekeeper.refuseOverLimit(transport, roomId, tooManyConnections(config.maxConnectionsPerIp));
    heartbeat.add(transport);
    let slot: ResumableSlot | undefined;
    ws.on('pong', () => {
      heartbeat.handlePong(transport);
      if (slot?.session.holds(transport)) slot.session.handlePong();
    });
    // Frames that arrive while the join is checked (a password takes a few
    // ms) wait here, at most one burst's worth.
    let early: (Buffer | undefined)[] | undefined = [];
    ws.on('message', (data, isBinary) => {
      // Text stays bytes: the core decodes it once to parse, and relays the bytes.
      const bytes = isBinary ? undefined : asBuffer(data);
      if (slot) {
        // A socket replaced by a resume may still deliver a frame or two.
        if (slot.session.holds(transport)) takeFrame(manager, slot, bytes);
      } else if (early && early.length < config.rateLimitBurst) {
        early.push(bytes);
      } else {
        ws.terminate();
      }
    });
    ws.on('close', (code) => {
      counter.release(ip);
      heartbeat.delete(transport);
      slot?.session.handleTransportClosed(transport, code, silence.get(transport) ?? 0);
    });
    gatekeeper.admit(join, transport, () => ws.readyState === WebSocket.OPEN).then(
      (admission) => {
        if (!admission.ok) {
          if (admission.refusal) refuse(transport, admission.refusal);
          return;
        }
        slot = admission;
        slots.set(transport, slot);
        logger.info({ event: 'connect', room: roomId, client: slot.client.id, ip, resumed: admission.resumed }, 'client connected');
        const waiting = early ?? [];
        early = undefined;
        for (const bytes of waiting) if (slot.session.holds(transport)) takeFrame(manager, slot, bytes);
      },
      (error: Error) => {
        logger.error({ event: 'join-failed', room: roomId, err: error.message }, 'join failed');
        ws.close(CloseCode.InternalError, 'internal-error');
      },
    );
  }

  let closing: Promise<void> | undefined;
  return {
    gatekeeper,
    close() {
      closing ??= (async () => {
        isClosing = true;
        gatekeeper.closeAll('server shutting down');
        // Sockets still joining, or being refused, go too.
        for (const ws of wss.clients) ws.close(CloseCode.GoingAway, 'server shutting down');
        await allClosed([...wss.clients], config.shutdownTimeoutMs);
        for (const ws of wss.clients) ws.terminate();
        heartbeat.close();
        refiller.close();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
      })();
      return closing;
    },
  };
}

/** The join's parameters from the upgrade URL's query, or why they are unusable. */
function joinRequest(roomId: string, params: URLSearchParams): JoinRequest | string {
  const password = params.get(WsQuery.password) || undefined;
  if (password !== undefined && password.length > MAX_PASSWORD_LENGTH) return `passwords are at most ${MAX_PASSWORD_LENGTH} characters`;
  const resumeToken = params.get(WsQuery.resume) || undefined;
  const seenText = params.get(WsQuery.seen);
  // Without a readable count a resumption cannot be exact, and is treated as unresumable.
  const seen = seenText !== null && /^\d{1,15}$/.test(seenText) ? Number(seenText) : undefined;
  const participant = params.get(WsQuery.participant) || undefined;
  if (participant !== undefined && !PARTICIPANT_KEY_PATTERN.test(participant)) return `participant keys match ${PARTICIPANT_KEY_PATTERN.source}`;
  const party = participant === undefined ? undefined : participantHash(participant);
  return { roomId, password, resumeToken, seen, wantsSession: params.get(WsQuery.session) === '1', party };
}

/** Resolves once every socket has closed, or after `timeoutMs`. */
function allClosed(sockets: WebSocket[], timeoutMs: number): Promise<void> {
  const open = sockets.filter((ws) => ws.readyState !== WebSocket.CLOSED);
  if (open.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    let left = open.length;
    for (const ws of open) {
      ws.once('close', () => {
        if (--left === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  });
}

function logSessions(gatekeeper: Gatekeeper, logger: Logger): void {
  gatekeeper.on('refused', ({ roomId, refusal }) => logger.info({ event: 'refused', room: roomId, code: refusal.code }, refusal.description));
  gatekeeper.on('parked', ({ client, graceMs }) =>
    logger.info({ event: 'parked', room: client.roomId, client: client.id, graceMs }, 'connection dropped; slot held for resumption'),
  );
  gatekeeper.on('ended', ({ client, reason }) => logger.info({ event: 'disconnect', room: client.roomId, client: client.id, reason }, 'client left'));
}

function destroyOnError(this: Duplex): void {
  this.destroy();
}

function refuseUpgrade(socket: Duplex, status: number, statusText: string, body: string): void {
  socket.end(`HTTP/1.1 ${status} ${statusText}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** ws hands a Buffer unless binaryType is changed; the other shapes are handled all the same. */
function asBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

export { CloseCode };
