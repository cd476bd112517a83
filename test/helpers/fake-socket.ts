// A SocketLike that records what the core sends, for unit tests.
import type { Payload } from '../../server/core/outgoing-frame.js';
import type { SocketLike } from '../../server/core/socket.js';

export class FakeSocket implements SocketLike {
  readonly sent: string[] = [];
  bufferedAmount = 0;
  closedWith: { code?: number; reason?: string } | undefined;
  /** What the edge does when the core closes a socket: tell the core it ended (manager.handleClose). */
  onClose: (() => void) | undefined;

  send(data: Payload): void {
    this.sent.push(typeof data === 'string' ? data : data.text);
  }

  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.onClose?.();
  }

  /** Every frame sent so far, parsed. */
  frames(): Record<string, any>[] {
    return this.sent.map((text) => JSON.parse(text));
  }

  last(): Record<string, any> | undefined {
    return this.frames().at(-1);
  }
}
