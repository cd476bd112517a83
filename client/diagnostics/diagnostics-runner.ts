// Runs the diagnostics page's checks in order and reports its state as it
// goes: fetch the ICE configuration, then the signaling check and one
// candidate probe per configured URL side by side, then the force-relay call.
// The <ice-diagnostics> component only renders what this emits.
import type { IceConfig, IceServer } from '../../shared/protocol.js';
import { TypedEmitter } from '../../shared/typed-emitter.js';
import type { IceServerSource } from '../ice/ice-server-source.js';
import { probeIceUrl, probeKind, type ProbeResult } from './candidate-probe.js';
import { runRelayCall, type RelayCallResult } from './relay-call-test.js';
import { checkSignaling, type SignalingResult } from './signaling-check.js';

export interface ProbeState {
  server: IceServer;
  url: string;
  result?: ProbeResult;
}

export interface DiagnosticsState {
  phase: 'idle' | 'running' | 'done';
  config?: IceConfig;
  isOverridden: boolean;
  /** Why the configuration could not be fetched. */
  loadError?: string;
  signaling?: SignalingResult;
  probes: ProbeState[];
  isRelayCallRunning: boolean;
  relayCall?: RelayCallResult;
  /** Why the relay call did not run, when it did not. */
  relayCallSkipped?: string;
}

export interface DiagnosticsRunnerEvents extends Record<string, unknown> {
  update: DiagnosticsState;
}

export interface DiagnosticsChecks {
  probe: typeof probeIceUrl;
  relayCall: typeof runRelayCall;
  signaling: (url: string) => Promise<SignalingResult>;
}

const BROWSER_CHECKS: DiagnosticsChecks = { probe: probeIceUrl, relayCall: runRelayCall, signaling: checkSignaling };

export class DiagnosticsRunner extends TypedEmitter<DiagnosticsRunnerEvents> {
  #state: DiagnosticsState = { phase: 'idle', isOverridden: false, probes: [], isRelayCallRunning: false };
  #run = 0;

  constructor(
    private readonly source: IceServerSource,
    private readonly signalingUrl: string,
    private readonly checks: DiagnosticsChecks = BROWSER_CHECKS,
  ) {
    super();
  }

  get state(): DiagnosticsState {
    return this.#state;
  }

  /** Runs every check; a second call supersedes a run still going. */
  async run(): Promise<void> {
    const run = ++this.#run;
    const isCurrent = () => run === this.#run;
    this.#set({
      phase: 'running',
      config: undefined,
      loadError: undefined,
      signaling: undefined,
      probes: [],
      relayCall: undefined,
      relayCallSkipped: undefined,
      isRelayCallRunning: false,
    });
    const signaling = this.checks.signaling(this.signalingUrl).then((signaling) => isCurrent() && this.#set({ signaling }));
    let config: IceConfig;
    try {
      await this.source.refresh();
      config = this.source.current!;
    } catch (error) {
      if (!isCurrent()) return;
      // The user's own list can still be tested without the server's.
      if (!this.source.current) {
        await signaling;
        return this.#set({ phase: 'done', loadError: String(error) });
      }
      config = this.source.current;
    }
    if (!isCurrent()) return;
    const probes: ProbeState[] = config.iceServers.flatMap((server) => [server.urls].flat().map((url) => ({ server, url })));
    this.#set({ config, isOverridden: this.source.isOverridden, probes });
    await Promise.all([
      signaling,
      ...probes.map(async (probe, index) => {
        const result = await this.checks.probe(probe.server, probe.url);
        if (!isCurrent()) return;
        const next = [...this.#state.probes];
        next[index] = { ...probe, result };
        this.#set({ probes: next });
      }),
    ]);
    if (!isCurrent()) return;
    // Call only through servers that gave a relay candidate: with none, the
    // call cannot connect, and waiting out its timeout would tell nothing new.
    const relayServers = config.iceServers.filter((server) =>
      this.#state.probes.some((p) => p.server === server && p.result?.candidates.some((c) => c.type === 'relay')),
    );
    const hasTurn = this.#state.probes.some((p) => probeKind(p.url) === 'turn');
    if (relayServers.length > 0) {
      this.#set({ isRelayCallRunning: true });
      const relayCall = await this.checks.relayCall(relayServers);
      if (!isCurrent()) return;
      this.#set({ relayCall, isRelayCallRunning: false });
    } else if (hasTurn) {
      this.#set({ relayCallSkipped: 'Not run: no TURN server gave a relay candidate.' });
    }
    this.#set({ phase: 'done' });
  }

  #set(change: Partial<DiagnosticsState>): void {
    this.#state = { ...this.#state, ...change };
    this.emit('update', this.#state);
  }
}
