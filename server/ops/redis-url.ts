// REDIS_URL, read one way for both who use it: the cluster (config.ts) and
// the Redis history store (history-config.ts). Empty means no Redis.
import { ConfigError } from './config-error.js';

/** redis:// or rediss:// with a host, an optional port and database number; anything else stops start-up naming REDIS_URL. */
export function parseRedisUrl(raw: string | undefined): string | undefined {
  const text = raw?.trim() ?? '';
  if (text === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  const isValid =
    url !== undefined && /^rediss?:$/.test(url.protocol) && url.hostname !== '' && /^(\/\d{0,2})?$/.test(url.pathname) && url.search === '' && url.hash === '';
  if (!isValid) throw new ConfigError('REDIS_URL', `"${text}" is not a Redis URL like redis://127.0.0.1:6379 (rediss:// for TLS, /<db> optional)`);
  return text;
}
