// Plain-words verdicts for the diagnostics page: what each result means and
// what to check next. Pure functions, so every wording is unit-tested.
import { isRefusal, type ProbeResult } from './candidate-probe.js';
import type { DiagnosticsState } from './diagnostics-runner.js';
import type { SignalingResult } from './signaling-check.js';

export type VerdictLevel = 'ok' | 'warn' | 'fail';

export interface Verdict {
  level: VerdictLevel;
  /** One sentence a person can act on. */
  headline: string;
  /** What to check, or what was seen. */
  detail: string;
}

/** `isOwnList`: the user typed these credentials, so Parley's secret is not the suspect. */
export function probeVerdict(result: ProbeResult, isOwnList = false): Verdict {
  return result.kind === 'turn' ? turnVerdict(result, isOwnList) : stunVerdict(result);
}

function turnVerdict(result: ProbeResult, isOwnList: boolean): Verdict {
  const relay = result.candidates.find((c) => c.type === 'relay');
  if (relay) {
    return {
      level: 'ok',
      headline: `TURN works: relay candidate obtained in ${relay.ms} ms`,
      detail: `Relay address ${relay.address ?? 'hidden'}; calls can fall back to this server.`,
    };
  }
  const refusal = result.errors.find((e) => isRefusal(e.code));
  if (refusal?.code === 401) {
    return {
      level: 'fail',
      headline: 'No relay candidate: the TURN server refused the credentials (401)',
      detail: isOwnList
        ? 'Check the username and credential in your list; credentials minted by Parley expire and cannot be edited.'
        : "Parley's TURN_SECRET must equal coturn's static-auth-secret (with use-auth-secret), the realm must match, and the server clocks must agree, since credentials carry their expiry.",
    };
  }
  if (refusal) {
    return {
      level: 'fail',
      headline: `No relay candidate: the TURN server refused the allocation (${refusal.code} ${refusal.text.trim()})`,
      detail: "Check the server's quotas, its allowed peers and its log.",
    };
  }
  const tls = result.url.startsWith('turns:') ? ' For turns:, the certificate must be valid for this host name.' : '';
  return {
    level: 'fail',
    headline: 'No relay candidate: check the secret, port and realm',
    detail: `${silence(result)} Is turnserver running and reachable on this port, and is its relay port range (min-port..max-port) open?${tls}`,
  };
}

function stunVerdict(result: ProbeResult): Verdict {
  const srflx = result.candidates.find((c) => c.type === 'srflx');
  if (srflx) {
    return { level: 'ok', headline: `STUN works: public address found in ${srflx.ms} ms`, detail: `This browser is seen as ${srflx.address ?? 'a hidden address'}.` };
  }
  if (result.errors.length > 0 && result.errors.every((e) => e.code === 701)) {
    return { level: 'fail', headline: 'No answer from the STUN server', detail: `${silence(result)} Check the host name and that UDP reaches its port.` };
  }
  return {
    level: 'warn',
    headline: 'No public address found',
    detail:
      'Either the STUN server did not answer, or this device is not behind NAT (its own address is already public, or it is on the same network as the server). Calls across networks may then need TURN.',
  };
}

function silence(result: ProbeResult): string {
  const unreachable = result.errors.find((e) => e.code === 701);
  if (unreachable) return `The browser got no answer (701: ${unreachable.text.trim() || 'unreachable'}).`;
  if (result.isTimedOut) return `Nothing came back within ${Math.round(result.durationMs / 1000)} s.`;
  return 'Gathering ended without a relay candidate.';
}

export function relayCallVerdict(state: Pick<DiagnosticsState, 'relayCall' | 'relayCallSkipped' | 'probes'>): Verdict {
  const hasTurn = state.probes.some((p) => p.url.startsWith('turn'));
  if (!hasTurn)
    return {
      level: 'warn',
      headline: 'No TURN server configured: nothing to relay through',
      detail: 'Set TURN_URLS and TURN_SECRET (docs/turn.md) so calls work when a direct path is blocked.',
    };
  if (state.relayCallSkipped) return { level: 'fail', headline: 'The relay test call could not run', detail: state.relayCallSkipped };
  const result = state.relayCall;
  if (!result) return { level: 'warn', headline: 'The relay test call has not run yet', detail: '' };
  const isRelayed = result.pairs.length === 2 && result.pairs.every((p) => p.local === 'relay' && p.remote === 'relay');
  if (result.isConnected && isRelayed && result.framesDecoded > 0) {
    return {
      level: 'ok',
      headline: `Media flows over the relay: video decoded after ${result.ms} ms`,
      detail: `${result.framesDecoded} video ${result.framesDecoded === 1 ? 'frame' : 'frames'} decoded; both sides use relay candidates${result.relayAddress ? ` (${result.relayAddress})` : ''}.`,
    };
  }
  return { level: 'fail', headline: 'The relay test call failed', detail: result.failure ?? 'It connected, but not over a relay on both sides.' };
}

export function signalingVerdict(result: SignalingResult): Verdict {
  if (result.isOk) return { level: 'ok', headline: `Signaling works: WebSocket connected in ${result.ms} ms`, detail: result.url };
  return {
    level: 'fail',
    headline: 'The signaling WebSocket failed',
    detail: `${result.failure ?? 'It did not open'}. Behind a reverse proxy, forward the Upgrade and Connection headers for /r/<room>/ws (docs/turn.md).`,
  };
}

/** The one line at the top of the page: can calls connect, and if not, what breaks first. */
export function overallVerdict(state: DiagnosticsState): Verdict {
  if (state.loadError) return { level: 'fail', headline: 'Could not get the ICE servers from Parley', detail: state.loadError };
  if (state.signaling && !state.signaling.isOk)
    return { level: 'fail', headline: 'Calls cannot start: the signaling WebSocket fails', detail: signalingVerdict(state.signaling).detail };
  if (state.phase !== 'done') return { level: 'warn', headline: 'Checking…', detail: 'Gathering candidates from each server.' };
  const verdicts = state.probes.flatMap((p) => (p.result ? [probeVerdict(p.result, state.isOverridden)] : []));
  const turn = state.probes.filter((p) => p.result?.kind === 'turn').map((p) => probeVerdict(p.result!, state.isOverridden));
  if (turn.length === 0) {
    return {
      level: 'warn',
      headline: 'No TURN server: calls between strict networks may fail',
      detail: 'Direct and STUN-assisted calls work on most home networks; mobile and corporate networks often need a relay (docs/turn.md).',
    };
  }
  const relay = relayCallVerdict(state);
  if (turn.every((v) => v.level !== 'ok')) return { level: 'fail', headline: 'TURN does not work: calls across strict networks will fail', detail: turn[0]!.headline };
  if (relay.level !== 'ok') return { level: 'fail', headline: 'A relay candidate came back, but media did not flow over it', detail: relay.detail };
  if (verdicts.some((v) => v.level === 'fail'))
    return { level: 'warn', headline: 'Calls can connect, but some servers do not work', detail: 'See the servers marked below.' };
  const working = turn.filter((v) => v.level === 'ok').length;
  return {
    level: 'ok',
    headline: 'Calls can connect: TURN relays media when a direct path is blocked',
    detail: `${working} of ${turn.length} TURN ${turn.length === 1 ? 'URL gives' : 'URLs give'} a relay candidate, and a test call carried video over the relay.`,
  };
}
