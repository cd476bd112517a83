// The diagnostics page's plain-words verdicts, case by case, and the runner
// that decides which checks run: probes per URL, and a relay call only
// through servers that gave a relay candidate.
import { describe, expect, it, vi } from 'vitest';
import type { ProbeResult } from '../../../client/diagnostics/candidate-probe.js';
import { DiagnosticsRunner, type DiagnosticsChecks, type DiagnosticsState } from '../../../client/diagnostics/diagnostics-runner.js';
import type { RelayCallResult } from '../../../client/diagnostics/relay-call-test.js';
import { overallVerdict, probeVerdict, relayCallVerdict, signalingVerdict } from '../../../client/diagnostics/verdict.js';
import { IceServerSource } from '../../../client/ice/ice-server-source.js';
import type { IceConfig, IceServer } from '../../../shared/protocol.js';

function probe(url: string, change: Partial<ProbeResult> = {}): ProbeResult {
  return { url, kind: url.startsWith('turn') ? 'turn' : 'stun', candidates: [], errors: [], durationMs: 8000, isTimedOut: false, ...change };
}
const relayCandidate = { type: 'relay' as const, address: '203.0.113.7', protocol: 'udp', ms: 72 };
const RELAYED: RelayCallResult = {
  isConnected: true,
  framesDecoded: 12,
  ms: 400,
  pairs: [
    { local: 'relay', remote: 'relay' },
    { local: 'relay', remote: 'relay' },
  ],
  relayAddress: '203.0.113.7',
};

describe('probeVerdict', () => {
  it('says TURN works when a relay candidate came back, with the time', () => {
    expect(probeVerdict(probe('turn:t.example.org', { candidates: [relayCandidate] }))).toMatchObject({
      level: 'ok',
      headline: 'TURN works: relay candidate obtained in 72 ms',
    });
  });

  it('blames the secret, realm and clocks on a 401', () => {
    const verdict = probeVerdict(probe('turn:t.example.org', { errors: [{ code: 401, text: 'Unauthorized', ms: 60 }] }));
    expect(verdict.level).toBe('fail');
    expect(verdict.headline).toBe('No relay candidate: the TURN server refused the credentials (401)');
    expect(verdict.detail).toMatch(/TURN_SECRET must equal coturn's static-auth-secret/);
  });

  it("points at the user's own credentials, not Parley's secret, on a 401 for the user's list", () => {
    const verdict = probeVerdict(probe('turn:t.example.org', { errors: [{ code: 401, text: 'Unauthorized', ms: 60 }] }), true);
    expect(verdict.detail).toMatch(/^Check the username and credential in your list/);
  });

  it('says to check the secret, port and realm when nothing answered, naming TLS for turns:', () => {
    const verdict = probeVerdict(probe('turns:t.example.org:443', { isTimedOut: true }));
    expect(verdict.headline).toBe('No relay candidate: check the secret, port and realm');
    expect(verdict.detail).toMatch(/^Nothing came back within 8 s\. .*relay port range.*certificate must be valid/);
  });

  it('reports an unreachable server from a 701', () => {
    const verdict = probeVerdict(probe('turn:t.example.org', { errors: [{ code: 701, text: 'STUN host lookup received error.', ms: 30 }] }));
    expect(verdict.detail).toMatch(/^The browser got no answer \(701: STUN host lookup received error\.\)/);
  });

  it('reports STUN working, silent, or unreachable', () => {
    expect(probeVerdict(probe('stun:s.example.org', { candidates: [{ type: 'srflx', address: '198.51.100.4', protocol: 'udp', ms: 31 }] })).headline).toBe(
      'STUN works: public address found in 31 ms',
    );
    expect(probeVerdict(probe('stun:s.example.org')).level).toBe('warn');
    expect(probeVerdict(probe('stun:s.example.org', { errors: [{ code: 701, text: '', ms: 9 }] })).headline).toBe('No answer from the STUN server');
  });
});

describe('relayCallVerdict and overallVerdict', () => {
  const turnOk = { server: { urls: 'turn:t.example.org' }, url: 'turn:t.example.org', result: probe('turn:t.example.org', { candidates: [relayCandidate] }) };
  const base: DiagnosticsState = {
    phase: 'done',
    isOverridden: false,
    probes: [turnOk],
    isRelayCallRunning: false,
    signaling: { isOk: true, ms: 5, url: 'ws://x/r/d/ws' },
  };

  it('passes only a call that decoded frames over relay pairs on both sides', () => {
    expect(relayCallVerdict({ ...base, relayCall: RELAYED }).level).toBe('ok');
    expect(
      relayCallVerdict({
        ...base,
        relayCall: {
          ...RELAYED,
          pairs: [
            { local: 'relay', remote: 'relay' },
            { local: 'host', remote: 'relay' },
          ],
        },
      }).level,
    ).toBe('fail');
    expect(relayCallVerdict({ ...base, relayCall: { ...RELAYED, framesDecoded: 0 } }).level).toBe('fail');
  });

  it('is all green when TURN and the relay call work', () => {
    expect(overallVerdict({ ...base, relayCall: RELAYED })).toMatchObject({
      level: 'ok',
      detail: '1 of 1 TURN URL gives a relay candidate, and a test call carried video over the relay.',
    });
  });

  it('puts a broken WebSocket first, since calls cannot even start', () => {
    const verdict = overallVerdict({
      ...base,
      relayCall: RELAYED,
      signaling: { isOk: false, ms: 8000, url: 'wss://x/r/d/ws', failure: 'closed before the greeting (code 1006)' },
    });
    expect(verdict.headline).toBe('Calls cannot start: the signaling WebSocket fails');
    expect(verdict.detail).toMatch(/forward the Upgrade and Connection headers/);
    expect(signalingVerdict({ isOk: true, ms: 12, url: 'wss://x' }).headline).toBe('Signaling works: WebSocket connected in 12 ms');
  });

  it('warns when no TURN server is configured', () => {
    expect(overallVerdict({ ...base, probes: [] })).toMatchObject({ level: 'warn', headline: 'No TURN server: calls between strict networks may fail' });
  });
});

describe('DiagnosticsRunner', () => {
  const stun: IceServer = { urls: 'stun:s.example.org' };
  const good: IceServer = { urls: ['turn:good.example.org?transport=udp', 'turn:good.example.org?transport=tcp'], username: 'u', credential: 'c' };
  const bad: IceServer = { urls: 'turn:bad.example.org', username: 'u', credential: 'wrong' };

  function runner(config: IceConfig) {
    const source = new IceServerSource({ fetchConfig: async () => config });
    const checks: DiagnosticsChecks = {
      probe: vi.fn(async (_server: IceServer, url: string) =>
        probe(url, url.includes('good') ? { candidates: [relayCandidate] } : { errors: [{ code: 401, text: 'Unauthorized', ms: 5 }] }),
      ),
      relayCall: vi.fn(async () => RELAYED),
      signaling: vi.fn(async (url: string) => ({ isOk: true, ms: 3, url })),
    };
    return { runner: new DiagnosticsRunner(source, 'ws://x/r/d/ws', checks), checks, source };
  }

  it('probes every URL of every server and calls only through servers that gave a relay candidate', async () => {
    const { runner: r, checks, source } = runner({ iceServers: [stun, good, bad], iceTransportPolicy: 'all' });
    await r.run();
    expect(vi.mocked(checks.probe).mock.calls.map(([, url]) => url)).toEqual([
      'stun:s.example.org',
      'turn:good.example.org?transport=udp',
      'turn:good.example.org?transport=tcp',
      'turn:bad.example.org',
    ]);
    expect(checks.relayCall).toHaveBeenCalledWith([good]);
    expect(r.state).toMatchObject({ phase: 'done', relayCall: RELAYED });
    source.dispose();
  });

  it('skips the relay call, saying why, when no TURN server gave a relay candidate', async () => {
    const { runner: r, checks, source } = runner({ iceServers: [bad], iceTransportPolicy: 'all' });
    await r.run();
    expect(checks.relayCall).not.toHaveBeenCalled();
    expect(relayCallVerdict(r.state)).toMatchObject({ level: 'fail', detail: 'Not run: no TURN server gave a relay candidate.' });
    source.dispose();
  });

  it('reports a configuration it could not fetch', async () => {
    const source = new IceServerSource({ fetchConfig: async () => Promise.reject(new Error('HTTP 502')) });
    const checks: DiagnosticsChecks = { probe: vi.fn(), relayCall: vi.fn(), signaling: vi.fn(async (url: string) => ({ isOk: true, ms: 1, url })) };
    const r = new DiagnosticsRunner(source, 'ws://x', checks);
    await r.run();
    expect(overallVerdict(r.state)).toMatchObject({ level: 'fail', headline: 'Could not get the ICE servers from Parley', detail: 'Error: HTTP 502' });
    expect(checks.probe).not.toHaveBeenCalled();
  });
});
