// Structured logs (pino): one line per connection event and per error, and
// nothing per relayed frame at the default level.
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'parley' } });
}
