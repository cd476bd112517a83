// Where a client's frames enter the core, after its rate limit: a frame within
// the budget goes to the ChatManager; one over it is dropped with a
// `rate-limited` error; and once the client has been over it for longer than
// the flood tolerance, the error is followed by closing the connection.
import { AppCloseCode, ErrorCode } from '../../shared/protocol.js';
import type { ChatManager } from '../core/chat-manager.js';
import { Verdict } from '../admission/token-bucket.js';
import type { ResumableSlot } from '../resume/resume-tokens.js';

/** @param data a text frame's UTF-8 bytes (or its text), or undefined for a binary frame */
export function takeFrame(manager: ChatManager, { client, session }: ResumableSlot, data: string | Buffer | undefined): void {
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
