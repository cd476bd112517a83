// Reads every setting once, at start-up, into a typed object that is passed
// down; nothing else reads process.env. A bad value throws a ConfigError whose
// message is one line naming the setting, which main.ts prints before exiting.
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
}

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    reason: string,
  ) {
    super(`${setting}: ${reason}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULTS = {
  PORT: '8080',
  HOST: '127.0.0.1',
  STUN_URLS: '',
  MAX_FRAME_BYTES: '65536',
  MAX_TEXT_LENGTH: '4000',
  MAX_USERNAME_LENGTH: '64',
  LOG_LEVEL: 'info',
} as const;

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
export function uriList(env: Env, name: string, schemes: string[]): string[] {
  const text = env[name]?.trim() ?? '';
  if (text === '') return [];
  return text.split(',').map((part) => {
    const uri = part.trim();
    // RFC 7064/7065 URIs: scheme ":" host [":" port] ["?transport=" udp|tcp]
    const match = /^([a-z]+):(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(\?transport=(udp|tcp))?$/.exec(uri);
    if (!match || !schemes.includes(match[1] ?? '')) {
      throw new ConfigError(name, `"${uri}" is not a ${schemes.join(': or ')}: URI like ${schemes[0]}:host:port`);
    }
    const port = match[3] ? Number(match[3].slice(1)) : undefined;
    if (port !== undefined && (port < 1 || port > 65535)) throw new ConfigError(name, `"${uri}" has port ${port} outside 1..65535`);
    return uri;
  });
}

export function loadConfig(env: Env): Config {
  const host = read(env, 'HOST');
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(host)) throw new ConfigError('HOST', `"${host}" is not a host name or address`);
  const logLevel = read(env, 'LOG_LEVEL');
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `"${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  return {
    port: integer(env, 'PORT', 0, 65535),
    host,
    stunUrls: uriList(env, 'STUN_URLS', ['stun', 'stuns']),
    maxFrameBytes: integer(env, 'MAX_FRAME_BYTES', 1024, 16 * 1024 * 1024),
    maxTextLength: integer(env, 'MAX_TEXT_LENGTH', 1, 100_000),
    maxUsernameLength: integer(env, 'MAX_USERNAME_LENGTH', 1, 256),
    logLevel,
  };
}
