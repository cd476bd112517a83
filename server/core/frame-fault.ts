// The error the core throws when handling one frame failed, naming the frame's
// type so that the edge's fault boundary (edge/frame-intake.ts) can report
// which handler it was. A bug, never bad input: bad input is answered with an
// error code before any handler runs.
/**
 * A throw from a frame's handler, once the frame had been parsed: carries the
 * frame's type out to the edge's fault boundary (the core does not log), and
 * the original error as its cause.
 */
export class FrameFault extends Error {
  constructor(
    readonly frameType: string,
    cause: unknown,
  ) {
    super(`handling a ${frameType} frame failed`, { cause });
    this.name = 'FrameFault';
  }
}
