// The chat-history settings, read once with the rest of the configuration
// (config.ts calls historySettings) and validated the same way: a bad value
// throws a ConfigError naming it. openHistoryStore turns them into a store at
// start-up, and a store that cannot be opened into one line naming
// DATABASE_PATH. The settings are described in README.md and
// docs/protocol-history.md.
import { ConfigError } from '../ops/config-error.js';
import { parseRedisUrl } from '../ops/redis-url.js';
import type { HistoryStore } from './history-store.js';
import { MemoryStore } from './memory-store.js';
import { RedisStore } from './redis-store.js';
import { SqliteStore, StoreOpenError } from './sqlite-store.js';

export type HistoryBackend = 'sqlite' | 'redis' | 'memory' | 'off';

export interface HistorySettings {
  /** Where history lives: SQLite (default), Redis (default with REDIS_URL), this process's memory, or nowhere (texts relayed as Camus did). */
  backend: HistoryBackend;
  /** REDIS_URL, the cluster's Redis; the redis backend keeps history there (docs/cluster.md). */
  redisUrl?: string;
  /** The SQLite file; `:memory:` keeps it only while the process runs. */
  databasePath: string;
  /** SQLite's synchronous pragma: NORMAL survives a crash of Parley, FULL also a power cut. */
  synchronous: 'NORMAL' | 'FULL';
  /** Messages kept per room; older ones are pruned. */
  maxPerRoom: number;
  /** Days a message is kept; a room's lock is kept as long as its history. */
  retentionDays: number;
  /** Requests per minute per address to GET /api/rooms/<room>/messages. */
  apiRequestsPerMinute: number;
}

export const HISTORY_DEFAULTS = {
  HISTORY_STORE: 'sqlite',
  DATABASE_PATH: './data/parley.db',
  HISTORY_SYNCHRONOUS: 'NORMAL',
  HISTORY_MAX_PER_ROOM: '10000',
  HISTORY_RETENTION_DAYS: '30',
  HISTORY_API_RATE_LIMIT: '60',
} as const;

type Env = Record<string, string | undefined>;
type Name = keyof typeof HISTORY_DEFAULTS;

function read(env: Env, name: Name): string {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? HISTORY_DEFAULTS[name] : value;
}

function oneOf<T extends string>(env: Env, name: Name, choices: readonly T[]): T {
  const value = read(env, name);
  const choice = choices.find((c) => c.toLowerCase() === value.toLowerCase());
  if (choice === undefined) throw new ConfigError(name, `"${value}" is not one of ${choices.join(', ')}`);
  return choice;
}

function integer(env: Env, name: Name, min: number, max: number): number {
  const text = read(env, name);
  if (!/^\d+$/.test(text)) throw new ConfigError(name, `"${text}" is not a whole number`);
  const value = Number(text);
  if (value < min || value > max) throw new ConfigError(name, `${value} is outside ${min}..${max}`);
  return value;
}

/** HISTORY_STORE; unset, it is redis when REDIS_URL is set (a cluster shares its history) and sqlite otherwise. */
function backend(env: Env, redis: string | undefined): HistoryBackend {
  if ((env.HISTORY_STORE?.trim() ?? '') === '' && redis !== undefined) return 'redis';
  const choice = oneOf(env, 'HISTORY_STORE', ['sqlite', 'redis', 'memory', 'off'] as const);
  if (choice === 'redis' && redis === undefined) throw new ConfigError('HISTORY_STORE', 'redis needs REDIS_URL, e.g. redis://127.0.0.1:6379');
  return choice;
}

export function historySettings(env: Env): HistorySettings {
  const redis = parseRedisUrl(env.REDIS_URL);
  return {
    backend: backend(env, redis),
    ...(redis === undefined ? {} : { redisUrl: redis }),
    databasePath: read(env, 'DATABASE_PATH'),
    synchronous: oneOf(env, 'HISTORY_SYNCHRONOUS', ['NORMAL', 'FULL'] as const),
    maxPerRoom: integer(env, 'HISTORY_MAX_PER_ROOM', 1, 10_000_000),
    retentionDays: integer(env, 'HISTORY_RETENTION_DAYS', 1, 36_500),
    apiRequestsPerMinute: integer(env, 'HISTORY_API_RATE_LIMIT', 1, 1_000_000),
  };
}

/** The store the settings name, opened; undefined with HISTORY_STORE=off. Throws a ConfigError naming DATABASE_PATH (or REDIS_URL). */
export async function openHistoryStore(settings: HistorySettings): Promise<HistoryStore | undefined> {
  switch (settings.backend) {
    case 'off':
      return undefined;
    case 'memory':
      return new MemoryStore();
    case 'redis':
      try {
        return await RedisStore.open({ url: settings.redisUrl ?? '', maxPerRoom: settings.maxPerRoom });
      } catch (error) {
        if (error instanceof StoreOpenError)
          // Not the URL itself: it may hold a password.
          throw new ConfigError('REDIS_URL', `cannot open the history store there: ${error.message}`);
        throw error;
      }
    case 'sqlite':
      try {
        return await SqliteStore.open({ path: settings.databasePath, synchronous: settings.synchronous, isGroupCommit: true });
      } catch (error) {
        if (error instanceof StoreOpenError) throw new ConfigError('DATABASE_PATH', `cannot open ${settings.databasePath}: ${error.message}`);
        throw error;
      }
  }
}
