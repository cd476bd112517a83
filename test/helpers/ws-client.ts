// A WebSocket test client that records every frame it receives and lets a
// test wait for the frame it expects, instead of sleeping.
import WebSocket, { type RawData } from 'ws';

export type Frame = Record<string, unknown> & { sender?: string; receiver?: string; type?: string; data?: unknown; id?: unknown };

/** A text frame's characters; ws hands a Buffer unless binaryType is changed, the other shapes decode the same way. */
export function frameText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString();
  return (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)).toString();
}

export class TestClient {
  readonly frames: Frame[] = [];
  readonly ws: WebSocket;
  #waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  #seen = 0;
  #closedWith: { code: number; reason: string } | undefined;
  id = '';

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.once('close', (code, reason) => (this.#closedWith = { code, reason: reason.toString() }));
    // Errors surface as a rejected connect() or a close; an unheard 'error' event would crash the run.
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const frame: Frame = JSON.parse(frameText(data));
      this.frames.push(frame);
      for (const waiter of [...this.#waiters]) {
        if (waiter.match(frame)) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(frame);
        }
      }
    });
  }

  /**
   * Connects to /r/<room>/ws (plus `query`, e.g. "?session=1") and waits for
   * the greeting, which names our id. Rejects if the socket closes first.
   */
  static async connect(baseUrl: string, room: string, options: WebSocket.ClientOptions = {}, query = ''): Promise<TestClient> {
    const client = TestClient.open(baseUrl, room, options, query);
    const ws = client.ws;
    const greeting = client.next((f) => f.type === 'greeting');
    greeting.catch(() => {}); // when the socket fails first, that is the error reported
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    const closedFirst = client.closed().then((code) => {
      throw new Error(`closed ${code} before the greeting; got ${JSON.stringify(client.frames)}`);
    });
    closedFirst.catch(() => {});
    client.id = String((await Promise.race([greeting, closedFirst])).receiver);
    return client;
  }

  /** Opens the socket without waiting for anything: for tests of refusals. */
  static open(baseUrl: string, room: string, options: WebSocket.ClientOptions = {}, query = ''): TestClient {
    return new TestClient(new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/r/${room}/ws${query}`, options));
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /**
   * Resolves with the first frame received after the previous `next` call's
   * frame (or ever, for the first call) that matches; waits if none has come.
   */
  next(match: (f: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    for (let i = this.#seen; i < this.frames.length; i++) {
      const frame = this.frames[i]!;
      if (match(frame)) {
        this.#seen = i + 1;
        return Promise.resolve(frame);
      }
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.slice(-5))}`)), timeoutMs);
      this.#waiters.push({
        match,
        resolve: (frame) => {
          clearTimeout(timer);
          this.#seen = this.frames.length;
          resolve(frame);
        },
      });
    });
  }

  /** Sends `frame` and waits for the reply that echoes its `id`. */
  async request(frame: Record<string, unknown>, id: string | number = Math.random().toString(36).slice(2)): Promise<Frame> {
    const reply = this.next((f) => f.id === id);
    this.send({ ...frame, id });
    return reply;
  }

  /** Resolves with the close code once the server or we close the socket. */
  closed(): Promise<number> {
    return this.closedWith().then(({ code }) => code);
  }

  /** Resolves with the close code and reason once the socket has closed. */
  closedWith(): Promise<{ code: number; reason: string }> {
    if (this.#closedWith) return Promise.resolve(this.#closedWith);
    return new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  close(): Promise<number> {
    const closed = this.closed();
    this.ws.close();
    return closed;
  }
}
