// A WebSocket stand-in for unit tests of the reliability parts: records what
// is sent, how it was closed, and pings; bufferedAmount is set by the test.
import type { Transport } from '../../server/resume/client-session.js';
import type { Pingable } from '../../server/admission/heartbeat.js';
import type { Payload } from '../../server/core/outgoing-frame.js';
import type { SocketLike } from '../../server/core/socket.js';

export class FakeTransport implements Transport, Pingable, SocketLike {
  readonly sent: string[] = [];
  bufferedAmount = 0;
  closedWith: { code?: number; reason?: string } | undefined;
  isTerminated = false;
  pings = 0;

  /** As a Transport (text or UTF-8 bytes) and as a SocketLike (a Payload); kept as text. */
  send(data: string | Uint8Array | Payload): void {
    if (typeof data === 'string') this.sent.push(data);
    else if (data instanceof Uint8Array) this.sent.push(Buffer.from(data).toString());
    else this.sent.push(data.text);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
  }

  terminate(): void {
    this.isTerminated = true;
  }

  ping(): void {
    this.pings++;
  }

  /** Every frame sent so far, parsed. */
  frames(): Record<string, any>[] {
    return this.sent.map((text) => JSON.parse(text));
  }

  types(): string[] {
    return this.frames().map((f) => f.type);
  }
}
