// Applies a changed ICE configuration (fresh TURN credentials, the user's own
// list) to a peer connection that is already up, as IceServerSource's
// `change` event asks. setConfiguration alone only affects gathering that has
// not happened yet; an ICE restart makes the connection gather again with the
// new servers, while media keeps flowing. Measured in Chromium: both sides
// gather from the new servers at once, but ICE may keep a pair through the
// old server while that still works (its allocation was made with the old
// credentials and is not torn down).
//
// A change of transport policy is different: measured in Chromium, a
// connection switched from `all` to `relay` this way keeps its host candidate
// pair through the restart (its host candidates are merely no longer
// announced), so addresses would stay exposed. The caller must build a new
// connection for that.
import type { IceConfig } from '../../shared/protocol.js';

export interface ApplyIceConfigOptions {
  /**
   * Restart ICE from this side. Only the side that makes the next offer
   * should (with simple-peer, the initiator, followed by its negotiation); the
   * other side just takes the new configuration, which its answer to the
   * restart offer then uses.
   */
  isRestarting: boolean;
}

/** `needs-new-connection`: the policy changed; close this connection and build another. */
export type ApplyIceConfigOutcome = 'applied' | 'needs-new-connection';

/** The part of RTCPeerConnection applyIceConfig uses. */
export type IceConfigurable = Pick<RTCPeerConnection, 'getConfiguration' | 'setConfiguration' | 'restartIce'>;

export function applyIceConfig(pc: IceConfigurable, config: IceConfig, { isRestarting }: ApplyIceConfigOptions): ApplyIceConfigOutcome {
  const current = pc.getConfiguration();
  if ((current.iceTransportPolicy ?? 'all') !== config.iceTransportPolicy) return 'needs-new-connection';
  pc.setConfiguration({ ...current, iceServers: config.iceServers });
  if (isRestarting) pc.restartIce();
  return 'applied';
}
