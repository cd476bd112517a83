// A WebSocket test client that records every frame it receives and lets a
// test wait for the frame it expects, instead of sleeping.
import WebSocket from 'ws';

export type Frame = Record<string, unknown> & { sender?: string; receiver?: string; type?: string; data?: unknown; id?: unknown };

export class TestClient {
  readonly frames: Frame[] = [];
  readonly ws: WebSocket;
  #waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  #seen = 0;
  id = '';

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const frame: Frame = JSON.parse(data.toString());
      this.frames.push(frame);
      for (const waiter of [...this.#waiters]) {
        if (waiter.match(frame)) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(frame);
        }
      }
    });
  }

  /** Connects to /r/<room>/ws and waits for the greeting, which names our id. */
  static async connect(baseUrl: string, room: string, options: WebSocket.ClientOptions = {}): Promise<TestClient> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/r/${room}/ws`, options);
    const client = new TestClient(ws);
    const greeting = client.next((f) => f.type === 'greeting');
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    client.id = String((await greeting).receiver);
    return client;
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
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve(-1);
    return new Promise((resolve) => this.ws.once('close', (code) => resolve(code)));
  }

  close(): Promise<number> {
    const closed = this.closed();
    this.ws.close();
    return closed;
  }
}
