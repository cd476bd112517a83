// One simulated participant inside the load generator: a ws client that joins
// a server under test through its WireProtocol, then hands every frame to
// `onFrame` as raw bytes (scenarios decode only what they must).
import WebSocket from 'ws';
import type { WireProtocol } from './wire-protocols.js';

export class LoadClient {
  /** The id the server knows this client by, as used in `receiver`/`dst`. */
  readonly id: string;
  /** Called with every frame after the handshake. */
  onFrame: (bytes: Buffer) => void = () => {};
  readonly #ws: WebSocket;
  readonly #closed: Promise<void>;

  private constructor(ws: WebSocket, id: string, protocol: WireProtocol) {
    this.#ws = ws;
    this.id = id;
    this.#closed = new Promise((resolve) => ws.once('close', () => resolve()));
    ws.on('message', (bytes: Buffer) => {
      // Keep-alives are tiny; only those are worth decoding here.
      if (bytes.length <= 2 && protocol.keepAlive(bytes.toString(), (text) => ws.send(text))) return;
      this.onFrame(bytes);
    });
  }

  /** Opens a socket and resolves once the server has admitted the client. */
  static connect(protocol: WireProtocol, port: number, room: string, index: number, timeoutMs = 15_000): Promise<LoadClient> {
    const address = protocol.address(port, room, index);
    const ws = new WebSocket(address.url, { perMessageDeflate: false });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`no handshake from ${address.url} within ${timeoutMs} ms`)), timeoutMs);
      function fail(error: Error): void {
        clearTimeout(timer);
        ws.removeAllListeners('message');
        ws.terminate();
        reject(error);
      }
      ws.on('error', fail);
      ws.on('unexpected-response', (_req, res) => fail(new Error(`upgrade refused with ${res.statusCode} by ${address.url}`)));
      ws.on('close', () => fail(new Error(`closed during the handshake with ${address.url}`)));
      const onHandshake = (bytes: Buffer): void => {
        let id: string | undefined;
        try {
          id = protocol.handshake(bytes.toString(), (text) => ws.send(text));
        } catch (error) {
          return fail(error instanceof Error ? error : new Error(String(error)));
        }
        if (id === undefined) return;
        clearTimeout(timer);
        ws.off('message', onHandshake);
        ws.removeAllListeners('close');
        ws.removeAllListeners('unexpected-response');
        ws.off('error', fail);
        ws.on('error', () => {}); // a reset while the server stops is expected
        resolve(new LoadClient(ws, id || (address.id ?? ''), protocol));
      };
      ws.on('message', onHandshake);
    });
  }

  send(text: string): void {
    this.#ws.send(text);
  }

  /** Closes the socket and resolves when it is closed; safe to call twice. */
  close(): Promise<void> {
    if (this.#ws.readyState === WebSocket.OPEN || this.#ws.readyState === WebSocket.CONNECTING) this.#ws.close();
    return this.#closed;
  }

  /** Drops the TCP connection at once (used to tear down thousands quickly). */
  terminate(): Promise<void> {
    this.#ws.terminate();
    return this.#closed;
  }
}

/** Connects clients for `rooms` (one entry per client, naming its room), `concurrency` at a time. */
export async function connectAll(protocol: WireProtocol, port: number, rooms: string[], concurrency = 64): Promise<LoadClient[]> {
  const clients: LoadClient[] = [];
  let next = 0;
  let isFailed = false;
  async function worker(): Promise<void> {
    while (!isFailed && next < rooms.length) {
      const index = next++;
      try {
        clients[index] = await LoadClient.connect(protocol, port, rooms[index]!, index);
      } catch (error) {
        isFailed = true;
        throw error;
      }
    }
  }
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(concurrency, rooms.length) }, worker));
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failure) {
    await Promise.all(clients.filter(Boolean).map((c) => c.terminate()));
    throw failure.reason;
  }
  return clients;
}
