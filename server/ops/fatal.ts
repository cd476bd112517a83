// The last line of defence: an exception no fault boundary caught, or a
// rejected promise nobody handled. The process's state is then unknown, so it
// is not carried on with: the error is logged at fatal and the process exits
// non-zero, for a supervisor (systemd, a container runtime) to restart it.
// Never swallowed: a server that quietly carries on after one of these serves
// from state nobody can vouch for. The boundaries (server/ops/faults.ts) exist so
// that this almost never runs.
import type { Logger } from './logger.js';

/** The part of `process` this needs; tests pass a fake. */
export interface FatalProcess {
  on(event: 'uncaughtException' | 'unhandledRejection', listener: (error: unknown) => void): unknown;
  exit(code: number): void;
}

export const FATAL_EXIT_CODE = 70; // EX_SOFTWARE: an internal software error

export function exitOnFatal(logger: Logger, proc: FatalProcess = process): void {
  const die = (origin: 'uncaughtException' | 'unhandledRejection') => (error: unknown) => {
    try {
      // pino writes to stdout synchronously, so the line is out before exit.
      logger.fatal({ event: 'fatal', origin, err: error }, `${origin}: exiting`);
    } finally {
      proc.exit(FATAL_EXIT_CODE);
    }
  };
  proc.on('uncaughtException', die('uncaughtException'));
  proc.on('unhandledRejection', die('unhandledRejection'));
}
