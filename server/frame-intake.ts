// Where a client's frames enter the core, after its rate limit: a frame within
// the budget goes to the ChatManager; one over it is dropped with a
// `rate-limited` error; and once the client has been over it for longer than
// the flood tolerance, the error is followed by closing the connection.
//
// It is also the fault boundary for frames: whatever throws while one frame is
// handled (parse, schema, handler, send, a metrics listener) is reported once,
// answered with `error {code: "internal"}`, and the connection is closed with
// 1011, since the handler may have stopped half-way and left the client's
// state inconsistent. Every other connection carries on.
import { AppCloseCode, ErrorCode } from '../shared/protocol.js';
import type { ChatManager } from './chat-manager.js';
import { FaultSite, FrameFault, type Faults } from './faults.js';
import { Verdict } from './rate-limiter.js';
import type { ResumableSlot } from './session-resume.js';
import { CloseCode } from './socket.js';

export interface Intake {
  manager: ChatManager;
  faults: Faults;
}

/** @param data a text frame's UTF-8 bytes (or its text), or undefined for a binary frame */
export function takeFrame(intake: Intake, slot: ResumableSlot, data: string | Buffer | undefined): void {
  try {
    handleFrame(intake.manager, slot, data);
  } catch (error) {
    failFrame(intake, slot, error);
  }
}

function handleFrame(manager: ChatManager, { client, session }: ResumableSlot, data: string | Buffer | undefined): void {
  const verdict = session.bucket.take();
  if (verdict === Verdict.Allowed) {
    if (data === undefined) manager.handleBinary(client);
    else manager.handleMessage(client, data);
    return;
  }
  if (verdict === Verdict.Limited) {
    return manager.handleRefused(client, ErrorCode.RateLimited, 'too many frames; this one was dropped. Slow down.');
  }
  manager.handleRefused(client, ErrorCode.RateLimited, 'too many frames for too long; closing the connection');
  session.end('rate-limited', { code: AppCloseCode.RateLimited, reason: ErrorCode.RateLimited });
}

function failFrame({ manager, faults }: Intake, { client, session }: ResumableSlot, error: unknown): void {
  const isHandler = error instanceof FrameFault;
  faults.report({
    where: FaultSite.Frame,
    error: isHandler ? error.cause : error,
    room: client.roomId,
    client: client.id,
    frameType: isHandler ? error.frameType : undefined,
  });
  // The answer and the close are attempted separately: the fault may lie in
  // the very send path the error frame takes.
  faults.guard(FaultSite.Frame, () => manager.handleRefused(client, ErrorCode.Internal, 'the server failed while handling this frame'), {
    room: client.roomId,
    client: client.id,
  });
  faults.guard(FaultSite.Frame, () => session.end('fault', { code: CloseCode.InternalError, reason: ErrorCode.Internal }), {
    room: client.roomId,
    client: client.id,
  });
}
