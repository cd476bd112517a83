// Gathers ICE candidates for one STUN or TURN URL in this browser, to see what
// that server gives back (host, srflx, relay) and how fast. One
// RTCPeerConnection per URL, so each verdict is about exactly one server and
// transport. Stops as soon as the answer is known: a TURN URL at its first
// relay candidate or refusal, a STUN URL at its first srflx candidate.
import type { IceServer } from '../../shared/protocol.js';

export type ProbeKind = 'stun' | 'turn';

export interface ProbeCandidate {
  type: RTCIceCandidateType;
  address: string | null;
  protocol: string | null;
  /** Since the probe started. */
  ms: number;
}

export interface ProbeError {
  /** STUN error code (401 Unauthorized, ...) or 701 (no answer / unreachable). */
  code: number;
  text: string;
  ms: number;
}

export interface ProbeResult {
  url: string;
  kind: ProbeKind;
  candidates: ProbeCandidate[];
  errors: ProbeError[];
  durationMs: number;
  /** Stopped by the deadline rather than by an answer. */
  isTimedOut: boolean;
}

export interface ProbeOptions {
  timeoutMs?: number;
  /** Injected by tests; the browser's by default. */
  createPeerConnection?: (config: RTCConfiguration) => RTCPeerConnection;
}

export function probeKind(url: string): ProbeKind {
  return url.startsWith('turn') ? 'turn' : 'stun';
}

/** Whether a STUN/TURN error code is a refusal by the server (4xx), not silence. */
export function isRefusal(code: number): boolean {
  return code >= 400 && code < 500;
}

export async function probeIceUrl(server: IceServer, url: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const { timeoutMs = 8000, createPeerConnection = (config) => new RTCPeerConnection(config) } = options;
  const kind = probeKind(url);
  const pc = createPeerConnection({ iceServers: [{ ...server, urls: url }] });
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const result: ProbeResult = { url, kind, candidates: [], errors: [], durationMs: 0, isTimedOut: false };

  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      result.isTimedOut = true;
      done();
    }, timeoutMs);
    pc.addEventListener('icecandidate', ({ candidate }) => {
      if (!candidate) return done(); // gathering complete
      if (!candidate.type) return;
      result.candidates.push({ type: candidate.type, address: candidate.address, protocol: candidate.protocol, ms: elapsed() });
      if ((kind === 'turn' && candidate.type === 'relay') || (kind === 'stun' && candidate.type === 'srflx')) done();
    });
    pc.addEventListener('icecandidateerror', (event) => {
      const { errorCode, errorText } = event;
      result.errors.push({ code: errorCode, text: errorText, ms: elapsed() });
      if (isRefusal(errorCode)) done();
    });
    pc.createDataChannel('probe');
    pc.createOffer()
      .then((offer) => pc.setLocalDescription(offer))
      .catch((error: unknown) => {
        result.errors.push({ code: 0, text: String(error), ms: elapsed() });
        done();
      });
  });
  pc.close();
  result.durationMs = elapsed();
  return result;
}
