// Signaler.getIceConfig against a fake socket played as the server: the
// Parley exchange, the fallback for a server that predates it, and errors
// that are not a reason to fall back.
import { describe, expect, it } from 'vitest';
import { Signaler, SignalerError } from '../../../client/signaling/signaler.js';
import { FakeSocket } from '../fakes.js';

const GC = 'ground control';
const TURN = { urls: 'turn:t.example.org:3478', username: '1700000600:me', credential: 'c' };

async function connected(): Promise<{ signaler: Signaler; socket: FakeSocket }> {
  let socket!: FakeSocket;
  const signaler = new Signaler('ws://test/r/room/ws', { createSocket: (url) => (socket = new FakeSocket(url)) });
  const id = signaler.connect();
  socket.open('me');
  await id;
  return { signaler, socket };
}

describe('Signaler.getIceConfig', () => {
  it('asks get-ice-config and resolves with servers and policy', async () => {
    const { signaler, socket } = await connected();
    const config = signaler.getIceConfig();
    const [request] = socket.ofType('get-ice-config');
    expect(request).toEqual({ receiver: GC, type: 'get-ice-config', id: request!.id });
    socket.receive({ sender: GC, receiver: 'me', type: 'ice-config', id: request!.id, data: { iceServers: [TURN], iceTransportPolicy: 'relay' } });
    expect(await config).toEqual({ iceServers: [TURN], iceTransportPolicy: 'relay' });
    signaler.close();
  });

  it('falls back to get-ice-servers and policy all when the server answers unknown-type', async () => {
    const { signaler, socket } = await connected();
    const config = signaler.getIceConfig();
    const first = socket.ofType('get-ice-config')[0]!;
    socket.receive({ sender: GC, receiver: 'me', type: 'error', id: first.id, data: { code: 'unknown-type', description: 'unknown type "get-ice-config"' } });
    await expect.poll(() => socket.ofType('get-ice-servers')).toHaveLength(1);
    const second = socket.ofType('get-ice-servers')[0]!;
    socket.receive({ sender: GC, receiver: 'me', type: 'ice-servers', id: second.id, data: [{ urls: 'stun:s.example.org' }] });
    expect(await config).toEqual({ iceServers: [{ urls: 'stun:s.example.org' }], iceTransportPolicy: 'all' });
    signaler.close();
  });

  it('rejects with the code of any other error, and asks nothing more', async () => {
    const { signaler, socket } = await connected();
    const config = signaler.getIceConfig();
    const first = socket.ofType('get-ice-config')[0]!;
    socket.receive({ sender: GC, receiver: 'me', type: 'error', id: first.id, data: { code: 'unknown-receiver', description: 'no such receiver' } });
    await expect(config).rejects.toMatchObject({ code: 'unknown-receiver', message: 'no such receiver' });
    expect(socket.ofType('get-ice-servers')).toEqual([]);
    signaler.close();
  });

  it('still rejects other requests on an error reply', async () => {
    const { signaler, socket } = await connected();
    const info = signaler.getRoomInfo();
    socket.receive({ sender: GC, receiver: 'me', type: 'error', id: socket.ofType('get-room-info')[0]!.id, data: { code: 'x', description: 'no' } });
    await expect(info).rejects.toBeInstanceOf(SignalerError);
    signaler.close();
  });
});
