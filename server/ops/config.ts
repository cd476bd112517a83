// Reads every setting once, at start-up, into a typed object that is passed
// down; nothing else reads process.env. A bad value throws a ConfigError whose
// message is one line naming the setting, which main.ts prints before exiting.
import { parseRedisUrl } from './redis-url.js';
import { ConfigError } from './config-error.js';
import { iceUriProblem, iceUriScheme, type IceScheme } from '../../shared/ice-uri.js';
import type { IceServer, IceTransportPolicy } from '../../shared/protocol.js';
import { readIceServersFile } from '../ice/ice-servers-file.js';
import { TrustedProxies, TrustedProxyEntryError } from '../admission/trusted-proxies.js';
import { historySettings, type HistorySettings } from '../history/history-config.js';

export interface Config {
  /** TCP port to listen on; 0 picks a free one (tests). */
  port: number;
  /** Interface to bind. */
  host: string;
  /** STUN servers handed to clients in `ice-servers`. */
  stunUrls: string[];
  /** Largest WebSocket frame accepted, in bytes; larger ones close with 1009. */
  maxFrameBytes: number;
  /** Longest chat text, in characters. */
  maxTextLength: number;
  /** Longest username, in characters; longer ones are cut. */
  maxUsernameLength: number;
  /** pino log level. */
  logLevel: string;
  /** TURN_URLS and how their credentials are made; absent without TURN_URLS. */
  turn?: TurnSettings;
  /** ICE_SERVERS_FILE's list: when present, it is the whole list (no STUN_URLS, no TURN_*). */
  iceServersFile?: IceServer[];
  /** ICE_TRANSPORT_POLICY, handed to clients in `ice-config` (docs/protocol-ice.md). */
  iceTransportPolicy: IceTransportPolicy;
  /** Members per room, counting slots held for resumption; a joiner past it gets `room-full`. */
  maxRoomSize: number;
  /** Open WebSockets per remote address; one more gets `too-many-connections`. */
  maxConnectionsPerIp: number;
  /** Reverse proxies whose X-Forwarded-For names the client (for MAX_CONNECTIONS_PER_IP and logs). */
  trustedProxies: TrustedProxies;
  /** Token bucket refill: frames per second a client may keep sending. */
  rateLimitPerSecond: number;
  /** Token bucket size: frames a client may send at once (a full room's ICE burst). */
  rateLimitBurst: number;
  /** Frames over the limit, net of refill, before the connection is closed as a flood. */
  floodTolerance: number;
  /** WebSocket ping period; a socket that misses one whole period is dropped. */
  heartbeatIntervalMs: number;
  /** Bytes queued to one client past which it is disconnected as a slow consumer. */
  maxBufferedBytes: number;
  /** Which Origin headers may open a WebSocket. */
  allowedOrigins: OriginPolicy;
  /** How long a dropped session's slot is held for resumption, from when it was last heard from. */
  resumeGraceMs: number;
  /** Longest a graceful shutdown waits for clients before it cuts them off. */
  shutdownTimeoutMs: number;
  /** Requests a minute per address to GET /api/rooms/<room>/status (the lobby asks once or twice). */
  roomStatusRequestsPerMinute: number;
  /** Chat history: store, retention, REST rate (server/history/history-config.ts). */
  history: HistorySettings;
  /** REDIS_URL: with it, this node is one of a cluster sharing rooms over Redis (docs/cluster.md); without, one node in memory. */
  redisUrl?: string;
}

/** TURN credentials: minted per client from coturn's static-auth-secret, or one static pair. */
export type TurnAuth = { kind: 'secret'; secret: string; ttlSeconds: number } | { kind: 'static'; username: string; credential: string };

export interface TurnSettings {
  urls: string[];
  auth: TurnAuth;
}

/** `same-origin`: the Origin's host must be the request's Host. */
export type OriginPolicy = { kind: 'same-origin' } | { kind: 'any' } | { kind: 'list'; origins: ReadonlySet<string> };

export const DEFAULTS = {
  PORT: '8080',
  HOST: '127.0.0.1',
  STUN_URLS: '',
  MAX_FRAME_BYTES: '65536',
  MAX_TEXT_LENGTH: '4000',
  MAX_USERNAME_LENGTH: '64',
  LOG_LEVEL: 'info',
  // A day: longer than any call, so no call outlives its credentials, and
  // short enough that a leaked credential soon stops working. Clients fetch
  // fresh ones before expiry (docs/turn.md).
  TURN_TTL: '86400',
  ICE_TRANSPORT_POLICY: 'all',
  MAX_ROOM_SIZE: '8',
  MAX_CONNECTIONS_PER_IP: '32',
  TRUSTED_PROXIES: '',
  RATE_LIMIT_PER_SECOND: '20',
  /** Empty: BURST_PER_MEMBER x MAX_ROOM_SIZE. */
  RATE_LIMIT_BURST: '',
  FLOOD_TOLERANCE: '100',
  HEARTBEAT_INTERVAL_MS: '10000',
  MAX_BUFFERED_BYTES: '1048576',
  ALLOWED_ORIGINS: '',
  RESUME_GRACE_MS: '20000',
  SHUTDOWN_TIMEOUT_MS: '5000',
  ROOM_STATUS_RATE_LIMIT: '120',
} as const;

/**
 * Default burst per room member. A joiner sets up one peer connection per
 * other member, and a browser sends 16-24 ICE candidates per connection at
 * once, never resending a lost one; add the offer or answer and a
 * renegotiation, and 32 per member covers it, with the joiner's own
 * profile/get-room-info/get-ice-servers in the spare member's share.
 */
export const BURST_PER_MEMBER = 32;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

type Env = Record<string, string | undefined>;

function read(env: Env, name: keyof typeof DEFAULTS): string {
  const value = env[name];
  return value === undefined || value.trim() === '' ? DEFAULTS[name] : value.trim();
}

function integer(env: Env, name: keyof typeof DEFAULTS, min: number, max: number): number {
  const text = read(env, name);
  if (!/^\d+$/.test(text)) throw new ConfigError(name, `"${text}" is not a whole number`);
  const value = Number(text);
  if (value < min || value > max) throw new ConfigError(name, `${value} is outside ${min}..${max}`);
  return value;
}

/** A comma-separated list of URIs, each starting with one of `schemes`. */
export function uriList(env: Env, name: string, schemes: IceScheme[]): string[] {
  const text = env[name]?.trim() ?? '';
  if (text === '') return [];
  return text.split(',').map((part) => {
    const uri = part.trim();
    const problem = iceUriProblem(uri, schemes);
    if (problem) throw new ConfigError(name, problem);
    return uri;
  });
}

const TURN_SETTINGS = ['STUN_URLS', 'TURN_URLS', 'TURN_SECRET', 'TURN_USERNAME', 'TURN_CREDENTIAL', 'TURN_TTL'] as const;

function isSet(env: Env, name: string): boolean {
  return (env[name]?.trim() ?? '') !== '';
}

/** ICE_SERVERS_FILE, when set; it excludes every other ICE server setting. */
function iceServersFile(env: Env): IceServer[] | undefined {
  const file = env.ICE_SERVERS_FILE?.trim() ?? '';
  if (file === '') return undefined;
  const conflicting = TURN_SETTINGS.filter((name) => isSet(env, name));
  if (conflicting.length) {
    throw new ConfigError('ICE_SERVERS_FILE', `holds the whole ICE server list; unset ${conflicting.join(', ')} or unset ICE_SERVERS_FILE`);
  }
  const result = readIceServersFile(file);
  if (!result.ok) throw new ConfigError('ICE_SERVERS_FILE', result.problem);
  return result.servers;
}

function turnSettings(env: Env): TurnSettings | undefined {
  const urls = uriList(env, 'TURN_URLS', ['turn', 'turns']);
  const secret = env.TURN_SECRET?.trim() ?? '';
  const username = env.TURN_USERNAME?.trim() ?? '';
  const credential = env.TURN_CREDENTIAL?.trim() ?? '';
  if (secret && (username || credential)) {
    throw new ConfigError('TURN_SECRET', 'set either TURN_SECRET (minted credentials) or TURN_USERNAME and TURN_CREDENTIAL (static ones), not both');
  }
  if (username && !credential) throw new ConfigError('TURN_CREDENTIAL', 'is empty but TURN_USERNAME is set; static TURN credentials need both');
  if (credential && !username) throw new ConfigError('TURN_USERNAME', 'is empty but TURN_CREDENTIAL is set; static TURN credentials need both');
  if (isSet(env, 'TURN_TTL') && !secret) throw new ConfigError('TURN_TTL', 'applies only to credentials minted from TURN_SECRET, which is not set');
  if (urls.length === 0) {
    if (secret || username)
      throw new ConfigError('TURN_URLS', `is empty but ${secret ? 'TURN_SECRET' : 'TURN_USERNAME'} is set; list the TURN server, e.g. turn:turn.example.org:3478`);
    return undefined;
  }
  if (secret) return { urls, auth: { kind: 'secret', secret, ttlSeconds: integer(env, 'TURN_TTL', 60, 7 * 86400) } };
  if (username) return { urls, auth: { kind: 'static', username, credential } };
  throw new ConfigError('TURN_URLS', 'TURN needs credentials: set TURN_SECRET (coturn use-auth-secret) or TURN_USERNAME and TURN_CREDENTIAL');
}

function transportPolicy(env: Env, hasTurn: boolean): IceTransportPolicy {
  const policy = read(env, 'ICE_TRANSPORT_POLICY');
  if (policy !== 'all' && policy !== 'relay') throw new ConfigError('ICE_TRANSPORT_POLICY', `"${policy}" is not one of all, relay`);
  if (policy === 'relay' && !hasTurn) {
    throw new ConfigError('ICE_TRANSPORT_POLICY', 'relay needs a TURN server: set TURN_URLS, or put a turn: server in ICE_SERVERS_FILE');
  }
  return policy;
}

function hasTurnUrl(servers: IceServer[]): boolean {
  return servers.some((server) => [server.urls].flat().some((url) => iceUriScheme(url)?.startsWith('turn')));
}

export function loadConfig(env: Env): Config {
  const host = read(env, 'HOST');
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host)) throw new ConfigError('HOST', `"${host}" is not a host name or address`);
  const logLevel = read(env, 'LOG_LEVEL');
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `"${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  const maxRoomSize = integer(env, 'MAX_ROOM_SIZE', 1, 1000);
  return {
    port: integer(env, 'PORT', 0, 65535),
    host,
    stunUrls: uriList(env, 'STUN_URLS', ['stun', 'stuns']),
    maxFrameBytes: integer(env, 'MAX_FRAME_BYTES', 1024, 16 * 1024 * 1024),
    maxTextLength: integer(env, 'MAX_TEXT_LENGTH', 1, 100_000),
    maxUsernameLength: integer(env, 'MAX_USERNAME_LENGTH', 1, 256),
    logLevel,
    ...iceSettings(env),
    maxRoomSize,
    maxConnectionsPerIp: integer(env, 'MAX_CONNECTIONS_PER_IP', 1, 1_000_000),
    trustedProxies: trustedProxies(read(env, 'TRUSTED_PROXIES')),
    rateLimitPerSecond: integer(env, 'RATE_LIMIT_PER_SECOND', 1, 1_000_000),
    rateLimitBurst: read(env, 'RATE_LIMIT_BURST') === '' ? BURST_PER_MEMBER * maxRoomSize : integer(env, 'RATE_LIMIT_BURST', 1, 10_000_000),
    floodTolerance: integer(env, 'FLOOD_TOLERANCE', 0, 10_000_000),
    heartbeatIntervalMs: integer(env, 'HEARTBEAT_INTERVAL_MS', 50, 600_000),
    maxBufferedBytes: integer(env, 'MAX_BUFFERED_BYTES', 1024, 1024 * 1024 * 1024),
    allowedOrigins: originPolicy(read(env, 'ALLOWED_ORIGINS')),
    resumeGraceMs: integer(env, 'RESUME_GRACE_MS', 0, 3_600_000),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 100, 600_000),
    roomStatusRequestsPerMinute: integer(env, 'ROOM_STATUS_RATE_LIMIT', 1, 1_000_000),
    history: historySettings(env),
    redisUrl: parseRedisUrl(env.REDIS_URL),
  };
}

/** A comma-separated list of addresses and CIDR ranges; the first bad entry stops start-up. */
function trustedProxies(text: string): TrustedProxies {
  try {
    return TrustedProxies.parse(text);
  } catch (error) {
    if (error instanceof TrustedProxyEntryError) throw new ConfigError('TRUSTED_PROXIES', error.message);
    throw error;
  }
}

/** "" = same origin, "*" = any, else a comma-separated list of origins like https://example.org. */
function originPolicy(text: string): OriginPolicy {
  if (text === '') return { kind: 'same-origin' };
  if (text === '*') return { kind: 'any' };
  const origins = new Set<string>();
  for (const part of text.split(',')) {
    const origin = part.trim();
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    // An origin is scheme://host[:port] and nothing else, as browsers send it.
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      throw new ConfigError('ALLOWED_ORIGINS', `"${origin}" is not an origin like https://example.org or http://localhost:8080`);
    }
    origins.add(origin);
  }
  return { kind: 'list', origins };
}

function iceSettings(env: Env): Pick<Config, 'turn' | 'iceServersFile' | 'iceTransportPolicy'> {
  const fileServers = iceServersFile(env);
  if (fileServers) return { iceServersFile: fileServers, iceTransportPolicy: transportPolicy(env, hasTurnUrl(fileServers)) };
  const turn = turnSettings(env);
  return { turn, iceTransportPolicy: transportPolicy(env, turn !== undefined) };
}

export { ConfigError };
