// A WebSocket client for the fuzzer: joins a room like TestClient, then hands
// every frame it receives, parsed with the browser's own parser
// (ServerFrameParser), to one callback. A frame the server sends that its own
// client would refuse is reported as such, not thrown.
import { compiledChecker } from '../shared/compiled-checker.js';
import { ServerFrameParser } from '../shared/frame-parser.js';
import { GROUND_CONTROL, type ServerFrame } from '../shared/protocol.js';
import { TestClient } from '../test/helpers/ws-client.js';

const parser = new ServerFrameParser(compiledChecker);

export type Received = { ok: true; frame: ServerFrame } | { ok: false; problem: string };

export class Peer {
  onFrame: (received: Received) => void = () => {};
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly client: TestClient) {
    this.closed = client.closedWith();
    client.ws.removeAllListeners('message'); // TestClient would keep every frame; the fuzzer checks and forgets them
    client.ws.on('message', (data, isBinary) => {
      if (isBinary) return this.onFrame({ ok: false, problem: 'the server sent a binary frame' });
      const text = Buffer.isBuffer(data) ? data.toString() : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString();
      const result = parser.parse(text);
      this.onFrame(
        result.ok ? result : { ok: false, problem: `the server sent a frame its client refuses (${result.code}: ${result.description}): ${text.slice(0, 300)}` },
      );
    });
  }

  get id(): string {
    return this.client.id;
  }

  /** Connects to `room` and, with a username, sends a profile and waits for the room-info. */
  static async join(url: string, room: string, username?: string): Promise<Peer> {
    const client = await TestClient.connect(url, room);
    if (username !== undefined) {
      client.send({ receiver: GROUND_CONTROL, type: 'profile', data: { username } });
      await client.next((f) => f.type === 'room-info');
    }
    return new Peer(client);
  }

  send(bytes: Buffer | string, isBinary = false): void {
    this.client.ws.send(bytes, { binary: isBinary });
  }

  terminate(): void {
    this.client.ws.terminate();
  }
}
