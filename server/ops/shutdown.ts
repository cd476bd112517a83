// Graceful shutdown on SIGTERM/SIGINT: the server refuses new sockets, says
// bye to every client and closes it with 1001 (RunningServer.close), and the
// process exits once that is done. A backstop timer makes the exit happen
// within a bounded time even if something hangs; a second signal exits at once.
import type { Logger } from './logger.js';

export interface Closable {
  close(): Promise<void>;
}

export interface ShutdownOptions {
  /** How long close() may take; the backstop fires a little after it. */
  timeoutMs: number;
  exit?: (code: number) => void;
  signals?: readonly NodeJS.Signals[];
}

/** The backstop's margin past timeoutMs: the HTTP server's own close after the sockets'. */
export const BACKSTOP_MARGIN_MS = 2000;

export function exitOnSignals(server: Closable, logger: Logger, options: ShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let isShuttingDown = false;
  for (const signal of options.signals ?? (['SIGINT', 'SIGTERM'] as const)) {
    process.on(signal, () => {
      if (isShuttingDown) {
        logger.warn({ event: 'shutdown', signal }, 'second signal: exiting now');
        return exit(1);
      }
      isShuttingDown = true;
      logger.info({ event: 'shutdown', signal }, 'shutting down');
      const backstop = setTimeout(() => {
        logger.error({ event: 'shutdown-timeout' }, 'shutdown took too long: exiting');
        exit(1);
      }, options.timeoutMs + BACKSTOP_MARGIN_MS);
      backstop.unref();
      server.close().then(
        () => {
          clearTimeout(backstop);
          logger.info({ event: 'stopped' }, 'stopped');
          exit(0);
        },
        (error: Error) => {
          logger.error({ event: 'shutdown-failed', err: error.message }, 'shutdown failed');
          exit(1);
        },
      );
    });
  }
}
