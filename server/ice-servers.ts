// Builds the list sent in `ice-servers`. Per client, so that TURN credentials
// minted later can carry the client's id in their username.
import type { IceServer } from '../shared/protocol.js';
import type { Config } from './config.js';

export function iceServersFor(config: Config): () => IceServer[] {
  const stun: IceServer[] = config.stunUrls.length ? [{ urls: config.stunUrls }] : [];
  return () => stun.map((server) => ({ ...server }));
}
