// Builds the ICE servers one client is given: STUN_URLS, then TURN_URLS with
// credentials minted for that client on every request (or the static pair),
// or ICE_SERVERS_FILE's list as it stands. TURN_SECRET itself never leaves
// this module. The wire side is docs/protocol-ice.md.
import type { IceConfig, IceServer } from '../../shared/protocol.js';
import type { Config } from '../ops/config.js';
import { mintTurnCredential } from './turn-credentials.js';

export class IceServerProvider {
  constructor(
    private readonly config: Pick<Config, 'stunUrls' | 'turn' | 'iceServersFile' | 'iceTransportPolicy'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The RTCIceServer list for the client with id `clientId`: fresh objects, fresh credentials. */
  serversFor(clientId: string): IceServer[] {
    const { stunUrls, turn, iceServersFile } = this.config;
    if (iceServersFile) return structuredClone(iceServersFile);
    const servers: IceServer[] = stunUrls.length ? [{ urls: [...stunUrls] }] : [];
    if (turn?.auth.kind === 'secret') {
      const { username, credential } = mintTurnCredential(turn.auth.secret, clientId, turn.auth.ttlSeconds, this.now());
      servers.push({ urls: [...turn.urls], username, credential });
    } else if (turn?.auth.kind === 'static') {
      servers.push({ urls: [...turn.urls], username: turn.auth.username, credential: turn.auth.credential });
    }
    return servers;
  }

  /** `ice-config` data: the servers plus the operator's transport policy. */
  configFor(clientId: string): IceConfig {
    return { iceServers: this.serversFor(clientId), iceTransportPolicy: this.config.iceTransportPolicy };
  }
}
