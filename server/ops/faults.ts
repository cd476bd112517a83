// Where the server's own failures end: an exception thrown while handling one
// frame, timer tick, request or socket event is caught at the edge of that
// unit of work and reported here, so that it ends at most one connection and
// never the process. This module only counts and tells; whoever listens (the
// edge's logger) writes the log line, and /metrics reads the counts when
// scraped. Faults are bugs, not bad input: bad input is answered with an
// error code long before it can throw (docs/reliability.md, "Faults").
import { TypedEmitter } from '../../shared/typed-emitter.js';

/** The kind of work that failed: the `where` label of parley_faults_total. */
export const FaultSite = {
  /** Handling one frame from a client: parse, schema, handler, send, metrics. */
  Frame: 'frame',
  /** A WebSocket event other than a frame: close, pong, error. */
  Socket: 'socket',
  /** An HTTP upgrade to a WebSocket, before the socket exists. */
  Upgrade: 'upgrade',
  /** Admitting an accepted socket into its room. */
  Join: 'join',
  /** An HTTP route. */
  Http: 'http',
  /** The heartbeat's sweep, one socket at a time. */
  Heartbeat: 'heartbeat',
  /** A resumable slot's grace period running out. */
  ResumeExpiry: 'resume-expiry',
  /** The rate limiter's refill tick. */
  Refill: 'refill',
} as const;
export type FaultSite = (typeof FaultSite)[keyof typeof FaultSite];

export interface Fault {
  where: FaultSite;
  error: unknown;
  room?: string;
  client?: string;
  /** The frame's type, when the frame had been parsed; never the frame itself. */
  frameType?: string;
  /** HTTP method and path, for an HTTP fault. */
  route?: string;
}

export interface FaultEvents extends Record<string, unknown> {
  fault: Fault;
}

export class Faults extends TypedEmitter<FaultEvents> {
  readonly #counts = new Map<FaultSite, number>();

  /** Faults so far, by site, since the server started. */
  get counts(): ReadonlyMap<FaultSite, number> {
    return this.#counts;
  }

  /** Counts `fault` and tells the listeners. Never throws: it runs inside catch blocks. */
  report(fault: Fault): void {
    this.#counts.set(fault.where, (this.#counts.get(fault.where) ?? 0) + 1);
    try {
      this.emit('fault', fault);
    } catch {
      // A failing logger must not turn a contained fault into a crash; the
      // count above still shows it.
    }
  }

  /** Runs `work`; a throw is reported at `where` (with `context`) instead of escaping. */
  guard(where: FaultSite, work: () => void, context?: Omit<Fault, 'where' | 'error'>): void {
    try {
      work();
    } catch (error) {
      this.report({ where, error, ...context });
    }
  }
}
