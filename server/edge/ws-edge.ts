// The WebSocket edge: the only file that knows the ws library, with
// ws-transport.ts. It accepts upgrades that parseUpgrade (parse-upgrade.ts)
// reads into a join request, counts sockets per address, pings them
// (heartbeat), hands each to the Gatekeeper to join its room, and turns each
// socket's events into handle* calls. See docs/protocol-reliability.md.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { CloseCode, ErrorCode } from '../../shared/protocol.js';
import type { ChatManager } from '../core/chat-manager.js';
import type { Config } from '../ops/config.js';
import { clientAddress } from '../admission/client-address.js';
import { ConnectionCounter } from '../admission/connection-counter.js';
import { FaultSite, type Faults } from '../ops/faults.js';
import { takeFrame } from './frame-intake.js';
import { parseUpgrade } from './parse-upgrade.js';
import { Gatekeeper, refuse, tooManyConnections, type JoinRequest } from '../admission/gatekeeper.js';
import { Heartbeat } from '../admission/heartbeat.js';
import type { Logger } from '../ops/logger.js';
import { Refiller, TokenBucket } from '../admission/token-bucket.js';
import { RoomPasswords } from '../admission/room-passwords.js';
import { ResumeTokens, type ResumableSlot } from '../resume/resume-tokens.js';
import { WsTransport } from './ws-transport.js';
import type { SeatLedger } from '../admission/seat-ledger.js';
import type { SlotLedger } from '../admission/slot-ledger.js';

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
  /** In a cluster: the shared seat ledger (server/admission/seat-ledger.ts). */
  seats?: SeatLedger;
  /** In a cluster: where resumable sessions are mirrored for resuming on another node (slot-ledger.ts). */
  slots?: SlotLedger;
}

/**
 * Every listener here runs inside a fault boundary: what throws in one
 * socket's event is reported to `faults` and ends at most that socket.
 */
export function attachWebSockets(server: Server, manager: ChatManager, config: Config, logger: Logger, faults: Faults, options: EdgeOptions = {}): WebSocketEdge {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.maxFrameBytes,
    // Signaling frames are small and latency matters more than bytes.
    perMessageDeflate: false,
  });
  const counter = new ConnectionCounter(config.maxConnectionsPerIp);
  const refiller = new Refiller(config.rateLimitPerSecond, undefined, (error) => faults.report({ where: FaultSite.Refill, error }));
  const intake = { manager, faults };
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
    onFault: (transport, error) => {
      const slot = slots.get(transport);
      faults.report({ where: FaultSite.Heartbeat, error, room: slot?.client.roomId, client: slot?.client.id });
    },
  });
  const gatekeeper = new Gatekeeper(manager, options.passwords ?? new RoomPasswords(), new ResumeTokens(), {
    maxRoomSize: config.maxRoomSize,
    graceMs: config.resumeGraceMs,
    maxBufferedBytes: config.maxBufferedBytes,
    newBucket: () => {
      const bucket = new TokenBucket(bucketOptions);
      refiller.add(bucket);
      return bucket;
    },
    dropBucket: (bucket) => refiller.delete(bucket),
    faults,
    seats: options.seats,
    slots: options.slots,
  });
  logSessions(gatekeeper, logger);
  let isClosing = false;

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A shared function, not a closure: a closure here would share this
    // handler's V8 context with the handleUpgrade callback below, and so keep
    // `request` (headers and all) alive for as long as the socket lives.
    socket.on('error', destroyOnError);
    try {
      upgrade(request, socket, head);
    } catch (error) {
      faults.report({ where: FaultSite.Upgrade, error });
      socket.destroy();
    }
  });

  function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (isClosing) return refuseUpgrade(socket, 503, 'Service Unavailable', 'the server is shutting down');
    const verdict = parseUpgrade(request, config.allowedOrigins);
    if (!verdict.ok) {
      if (verdict.log) logger.warn({ event: 'upgrade-refused', ...verdict.log.fields }, verdict.log.message);
      return refuseUpgrade(socket, verdict.status, verdict.statusText, verdict.body);
    }
    const join = verdict.join;
    // The query string carries secrets (password, resume token): it is never logged.
    wss.handleUpgrade(request, socket, head, (ws) => {
      try {
        onConnection(ws, socket, request, join);
      } catch (error) {
        faults.report({ where: FaultSite.Upgrade, error, room: join.roomId });
        ws.close(CloseCode.InternalError, ErrorCode.Internal);
      }
    });
  }

  function onConnection(ws: WebSocket, stream: Duplex, request: IncomingMessage, join: JoinRequest): void {
    // An error listener first: ws emits 'error' for oversized or malformed
    // frames, and an unhandled one would crash the process.
    // The closures below keep roomId, not `join` (or `request`): whatever
    // they mention lives as long as the connection.
    const { roomId } = join;
    ws.on('error', (error) => faults.guard(FaultSite.Socket, () => logger.warn({ event: 'socket-error', room: roomId, err: error.message }, 'socket error')));
    const ip = clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], config.trustedProxies);
    const transport = new WsTransport(ws, stream);
    if (!counter.tryAcquire(ip)) return gatekeeper.refuseOverLimit(transport, roomId, tooManyConnections(config.maxConnectionsPerIp));
    heartbeat.add(transport);
    let slot: ResumableSlot | undefined;
    /** What a fault in this socket's events names: its room, and its client once admitted. */
    const context = () => ({ room: roomId, client: slot?.client.id });
    ws.on('pong', () => {
      try {
        heartbeat.handlePong(transport);
        if (slot?.session.holds(transport)) slot.session.handlePong();
      } catch (error) {
        socketFault(error, context(), ws, slot);
      }
    });
    // Frames that arrive while the join is checked (a password takes a few
    // ms) wait here, at most one burst's worth.
    let early: (Buffer | undefined)[] | undefined = [];
    ws.on('message', (data, isBinary) => {
      try {
        // Text stays bytes: the core decodes it once to parse, and relays the bytes.
        const bytes = isBinary ? undefined : asBuffer(data);
        if (slot) {
          // A socket replaced by a resume may still deliver a frame or two.
          // takeFrame is the frame's own fault boundary; this one is for the rest.
          if (slot.session.holds(transport)) takeFrame(intake, slot, bytes);
        } else if (early && early.length < config.rateLimitBurst) {
          early.push(bytes);
        } else {
          ws.terminate();
        }
      } catch (error) {
        socketFault(error, context(), ws, slot);
      }
    });
    ws.on('close', (code) => {
      // Each step alone: a fault in one must not leave the address counted
      // or the socket in the heartbeat for ever.
      faults.guard(FaultSite.Socket, () => counter.release(ip), context());
      faults.guard(FaultSite.Socket, () => heartbeat.delete(transport), context());
      faults.guard(FaultSite.Socket, () => slot?.session.handleTransportClosed(transport, code, silence.get(transport) ?? 0), context());
    });
    gatekeeper
      .admit(join, transport, () => ws.readyState === WebSocket.OPEN)
      .then((admission) => {
        if (!admission.ok) {
          if (admission.refusal) refuse(transport, admission.refusal);
          return;
        }
        slot = admission;
        slots.set(transport, slot);
        logger.info({ event: 'connect', room: roomId, client: slot.client.id, ip, resumed: admission.resumed }, 'client connected');
        const waiting = early ?? [];
        early = undefined;
        for (const bytes of waiting) if (slot.session.holds(transport)) takeFrame(intake, slot, bytes);
      })
      // A throw in admission, or in the handling above, would otherwise be an
      // unhandled rejection, which stops the process.
      .catch((error: unknown) => {
        socketFault(error, context(), ws, slot, FaultSite.Join);
      })
      .catch((error: unknown) => faults.report({ where: FaultSite.Join, error, ...context() }));
  }

  /**
   * A socket event's handling threw: reported, and the connection closed with
   * 1011, since its state is in doubt. An admitted client's session is ended
   * (not parked for resumption, which would carry the doubtful state over).
   */
  function socketFault(
    error: unknown,
    context: { room: string; client: string | undefined },
    ws: WebSocket,
    slot: ResumableSlot | undefined,
    site: FaultSite = FaultSite.Socket,
  ): void {
    faults.report({ where: site, error, ...context });
    faults.guard(
      site,
      () => {
        if (slot) slot.session.end('fault', { code: CloseCode.InternalError, reason: ErrorCode.Internal });
        else ws.close(CloseCode.InternalError, ErrorCode.Internal);
      },
      context,
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
