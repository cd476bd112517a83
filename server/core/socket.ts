// The only view of a connection that the core has. The ws edge adapts its
// WebSocket to this, and unit tests drive the core with a ten-line fake.
import type { Payload } from './outgoing-frame.js';

export interface SocketLike {
  send(data: Payload): void;
  close(code?: number, reason?: string): void;
  /** Bytes queued but not yet written to the network. */
  readonly bufferedAmount: number;
}
