// requestIceConfig against the real ChatManager (fake socket, compiled
// checker on the server side, the browser's build-time checks on the client side), and
// against an older server that only knows get-ice-servers.
import { describe, expect, it } from 'vitest';
import { IceConfigRequestError, requestIceConfig, type RequestFrame } from '../../../client/ice/ice-config-request.js';
import { ChatManager } from '../../../server/core/chat-manager.js';
import { compiledChecker } from '../../../shared/compiled-checker.js';
import type { ServerFrame } from '../../../shared/protocol.js';
import type { SocketLike } from '../../../server/core/socket.js';
import { serverFrameParser } from '../../../client/checks/server-frame-parser.js';

const parser = serverFrameParser();

/** A `request` that talks to a real ChatManager through a minimal fake socket. */
function requestVia(manager: ChatManager): { request: RequestFrame; sent: string[] } {
  const sent: string[] = [];
  let last = '';
  const socket: SocketLike = { send: (data) => void (last = typeof data === 'string' ? data : data.text), close: () => undefined, bufferedAmount: 0 };
  const client = manager.handleConnect('room-1', socket);
  const request: RequestFrame = async (frame) => {
    sent.push(frame.type);
    manager.handleMessage(client, JSON.stringify({ ...frame, id: sent.length }));
    const parsed = parser.parse(last);
    if (!parsed.ok) throw new Error(parsed.description);
    return parsed.frame;
  };
  return { request, sent };
}

function manager(iceTransportPolicy?: 'all' | 'relay'): ChatManager {
  return new ChatManager({
    makeChecker: compiledChecker,
    maxTextLength: 100,
    maxUsernameLength: 20,
    iceServersFor: (client) => [{ urls: 'turn:t.example.org', username: `1700000600:${client.id}`, credential: 'c' }],
    iceTransportPolicy,
    newId: () => 'me',
  });
}

describe('requestIceConfig', () => {
  it('gets servers and policy in one get-ice-config', async () => {
    const { request, sent } = requestVia(manager('relay'));
    expect(await requestIceConfig(request)).toEqual({
      iceServers: [{ urls: 'turn:t.example.org', username: '1700000600:me', credential: 'c' }],
      iceTransportPolicy: 'relay',
    });
    expect(sent).toEqual(['get-ice-config']);
  });

  it('falls back to get-ice-servers and policy all on a server that does not know get-ice-config', async () => {
    const replies: ServerFrame[] = [
      { sender: 'ground control', receiver: 'me', type: 'error', data: { code: 'unknown-type', description: 'unknown type "get-ice-config"' } },
      { sender: 'ground control', receiver: 'me', type: 'ice-servers', data: [{ urls: 'stun:s.example.org' }] },
    ];
    const sent: string[] = [];
    const request: RequestFrame = async (frame) => (sent.push(frame.type), replies.shift()!);
    expect(await requestIceConfig(request)).toEqual({ iceServers: [{ urls: 'stun:s.example.org' }], iceTransportPolicy: 'all' });
    expect(sent).toEqual(['get-ice-config', 'get-ice-servers']);
  });

  it('passes any other error on with its code', async () => {
    const request: RequestFrame = async () => ({ sender: 'ground control', receiver: 'me', type: 'error', data: { code: 'rate-limited', description: 'slow down' } });
    const error = await requestIceConfig(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IceConfigRequestError);
    expect(error).toMatchObject({ code: 'rate-limited', message: 'slow down' });
  });
});
