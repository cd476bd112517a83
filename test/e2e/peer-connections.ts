// Test-only instrumentation for the browser tests: an init script that
// records every RTCPeerConnection the app negotiates (simple-peer looks the
// constructor up on window when it builds one) with the relay candidates it
// gathered, and page-side readers of their configuration and stats. The app
// itself has no debug hook. A connection is listed at its first description
// (set local or remote), in that order: the one the lobby makes and closes
// at once to warm WebRTC up (client/media/webrtc-warm-up.ts) never has one.
import type { Page } from 'playwright-core';

/** Kept as source text: esbuild would wrap a class expression in a helper that does not exist in the page. */
export const RECORD_PEER_CONNECTIONS = `
  (() => {
    const Native = window.RTCPeerConnection;
    const records = (window.peerConnections = []);
    window.RTCPeerConnection = class extends Native {
      constructor(...args) {
        super(...args);
        const record = { pc: this, relayPorts: [] };
        for (const name of ['setLocalDescription', 'setRemoteDescription']) {
          const native = this[name].bind(this);
          this[name] = (...rest) => {
            if (!records.includes(record)) records.push(record);
            return native(...rest);
          };
        }
        this.addEventListener('icecandidate', (event) => {
          if (event.candidate && event.candidate.type === 'relay') record.relayPorts.push(event.candidate.port);
        });
      }
    };
  })();
`;

interface PeerConnectionRecord {
  pc: RTCPeerConnection;
  relayPorts: number[];
}

declare global {
  interface Window {
    peerConnections: PeerConnectionRecord[];
  }
}

export interface PeerConnectionReport {
  /** Index in the order the app first gave them a description. */
  index: number;
  state: RTCPeerConnectionState;
  iceTransportPolicy: RTCIceTransportPolicy | undefined;
  /** The URLs the connection was configured with (its current configuration). */
  urls: string[];
  /** Ports of the relay candidates it gathered, in order. */
  relayPorts: number[];
  /** Candidate types of the selected pair, local and remote, with the remote's port. */
  pair: { local: string; remote: string; remotePort: number } | undefined;
  framesDecoded: number;
}

/** What every connection the app has negotiated in `page` looks like now. */
export function reportPeerConnections(page: Page): Promise<PeerConnectionReport[]> {
  return page.evaluate(() =>
    Promise.all(
      window.peerConnections.map(async ({ pc, relayPorts }, index) => {
        const config = pc.getConfiguration();
        const report = {
          index,
          state: pc.connectionState,
          iceTransportPolicy: config.iceTransportPolicy,
          urls: (config.iceServers ?? []).flatMap((s) => [s.urls].flat()),
          relayPorts: [...relayPorts],
          pair: undefined as { local: string; remote: string; remotePort: number } | undefined,
          framesDecoded: 0,
        };
        if (pc.connectionState === 'closed') return report;
        const stats = await pc.getStats();
        stats.forEach((s) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video') report.framesDecoded = s.framesDecoded ?? 0;
          if (s.type !== 'transport' || !s.selectedCandidatePairId) return;
          const pair = stats.get(s.selectedCandidatePairId);
          const local = pair && stats.get(pair.localCandidateId);
          const remote = pair && stats.get(pair.remoteCandidateId);
          if (local && remote) report.pair = { local: local.candidateType, remote: remote.candidateType, remotePort: remote.port };
        });
        return report;
      }),
    ),
  );
}
