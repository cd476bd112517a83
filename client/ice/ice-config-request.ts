// Asks the signaling server for the ICE configuration: `get-ice-config` (servers
// plus transport policy), falling back to Camus 0.2's `get-ice-servers` when
// the server does not know the new request. The Signaler supplies `request`
// (send a frame with an id, resolve with the parsed reply carrying that id);
// the result feeds IceServerSource's fetchConfig. See docs/protocol-ice.md.
import { ErrorCode, GROUND_CONTROL, type IceConfig, type ServerFrame } from '../../shared/protocol.js';

export type RequestFrame = (frame: { receiver: string; type: 'get-ice-config' | 'get-ice-servers' }) => Promise<ServerFrame>;

/** An answer that is neither the expected reply nor an error frame. */
export class IceConfigRequestError extends Error {
  constructor(
    readonly code: string,
    reason: string,
  ) {
    super(reason);
    this.name = 'IceConfigRequestError';
  }
}

export async function requestIceConfig(request: RequestFrame): Promise<IceConfig> {
  const reply = await request({ receiver: GROUND_CONTROL, type: 'get-ice-config' });
  if (reply.type === 'ice-config') return reply.data;
  if (reply.type === 'error' && reply.data.code === ErrorCode.UnknownType) {
    // An older (Camus-compatible) server: the plain list, and no policy.
    const fallback = await request({ receiver: GROUND_CONTROL, type: 'get-ice-servers' });
    if (fallback.type === 'ice-servers') return { iceServers: fallback.data, iceTransportPolicy: 'all' };
    return unexpected(fallback);
  }
  return unexpected(reply);
}

function unexpected(reply: ServerFrame): never {
  if (reply.type === 'error') throw new IceConfigRequestError(reply.data.code, reply.data.description);
  throw new IceConfigRequestError('unexpected-reply', `expected ice-config or ice-servers, got ${reply.type}`);
}
