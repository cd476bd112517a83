// The /diagnostics page: can this browser reach Parley's signaling, what does
// each configured STUN/TURN server give back, and does media flow over the
// relay. It renders DiagnosticsRunner's state; the checks live in plain
// classes beside it. Operators' guide: docs/turn.md.
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { IceServersSaveDetail } from '../ui/ice-server-editor.js';
import '../ui/ice-server-editor.js';
import { IceServerListError, IceServerSource, turnExpiry } from '../ice/ice-server-source.js';
import type { ProbeResult } from './candidate-probe.js';
import { DiagnosticsRunner, type DiagnosticsState } from './diagnostics-runner.js';
import { fetchIceConfig } from './http-ice-config.js';
import { iceDiagnosticsStyles } from './ice-diagnostics-styles.js';
import { signalingUrl } from './signaling-check.js';
import { overallVerdict, probeVerdict, relayCallVerdict, signalingVerdict, type Verdict } from './verdict.js';

const MARK = { ok: '✓', warn: '!', fail: '✕' } as const;

/**
 * The diagnostics page. Starts its checks when connected.
 *
 * @csspart summary - the overall verdict
 */
@customElement('ice-diagnostics')
export class IceDiagnostics extends LitElement {
  /** Where the ICE configuration comes from. */
  @property({ attribute: 'config-url' }) configUrl = '/diagnostics/ice-config';

  @state() private _state?: DiagnosticsState;
  @state() private _editorError = '';

  static override styles = iceDiagnosticsStyles;

  #source?: IceServerSource;
  #runner?: DiagnosticsRunner;
  #offUpdate?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#source = new IceServerSource({ fetchConfig: () => fetchIceConfig(this.configUrl), storage: sessionStorage });
    const room = `diagnostics-${Math.random().toString(36).slice(2, 10)}`;
    this.#runner = new DiagnosticsRunner(this.#source, signalingUrl(location, room));
    this.#offUpdate = this.#runner.on('update', (state) => {
      this._state = state;
      // The page above says in plain words whether calls connect (user-verdict.ts).
      this.dispatchEvent(new CustomEvent('diagnostics-update', { detail: state, bubbles: true, composed: true }));
    });
    void this.#runner.run();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#offUpdate?.();
    this.#source?.dispose();
  }

  override render() {
    const s = this._state;
    if (!s) return nothing;
    const isRunning = s.phase === 'running';
    return html`
      <header>
        <h3 class="title">Connection check <small>STUN, TURN and signaling, tested from this browser</small></h3>
        <button ?disabled=${isRunning} @click=${this._onRunAgain}>${isRunning ? 'Checking…' : 'Run again'}</button>
      </header>
      ${this._summary(overallVerdict(s))}
      <section aria-labelledby="signaling">
        <h3 id="signaling">Signaling</h3>
        ${s.signaling ? this._verdictRow(signalingVerdict(s.signaling)) : html`<p class="pending">Opening the WebSocket…</p>`}
      </section>
      <section aria-labelledby="servers">
        <h3 id="servers">ICE servers</h3>
        ${this._configNote(s)}
        ${s.probes.length === 0 && s.phase === 'done' && !s.loadError ? html`<p class="detail">No STUN or TURN server is configured.</p>` : nothing}
        <ul>
          ${s.probes.map(
            (p) =>
              html`<li class="probe" data-url=${p.url}>
                ${
                  p.result
                    ? this._probe(p.result, s.isOverridden)
                    : html`${this._badge('warn', '…')}
                        <div>
                          <div class="url">${p.url}</div>
                          <p class="pending">Gathering candidates…</p>
                        </div>`
                }
              </li>`,
          )}
        </ul>
      </section>
      <section aria-labelledby="relay-call">
        <h3 id="relay-call">Force relay test call</h3>
        <p class="note">Two connections in this page, both limited to relay candidates, send a moving test pattern to each other.</p>
        <div class="call">
          <div id="relay-call-result">
            ${s.isRelayCallRunning ? html`<p class="pending">Calling through the relay…</p>` : s.phase === 'done' ? this._verdictRow(relayCallVerdict(s)) : html`<p class="pending">Waits for the server checks.</p>`}
          </div>
          ${s.relayCall?.snapshot ? html`<img class="snapshot" alt="A frame received over the relay" src=${s.relayCall.snapshot} />` : nothing}
        </div>
      </section>
      <section>
        <details>
          <summary>Try other ICE servers (this session only)</summary>
          <p class="note">Your list replaces the server's for this tab until you close it, here and in calls.</p>
          <ice-server-editor
            .servers=${s.config?.iceServers ?? []}
            ?is-overridden=${s.isOverridden}
            @ice-servers-save=${this._onSave}
            @ice-servers-reset=${this._onReset}
          ></ice-server-editor>
          ${this._editorError ? html`<p class="error" role="alert">${this._editorError}</p>` : nothing}
        </details>
      </section>
    `;
  }

  private _summary(verdict: Verdict): TemplateResult {
    return html`<section class="summary ${verdict.level}" part="summary" role="status" data-level=${verdict.level}>
      ${this._badge(verdict.level)}
      <div>
        <strong>${verdict.headline}</strong>
        <p>${verdict.detail}</p>
      </div>
    </section>`;
  }

  private _configNote(s: DiagnosticsState): TemplateResult | typeof nothing {
    if (!s.config) return nothing;
    const policy = s.config.iceTransportPolicy === 'relay' ? 'relay: every call goes through TURN' : 'all: direct when possible, TURN as the fallback';
    const expiry = turnExpiry(s.config.iceServers);
    const origin = s.isOverridden ? 'Your own list for this session' : `From the server${expiry ? `, credentials valid until ${new Date(expiry).toLocaleString()}` : ''}`;
    return html`<p class="meta">${origin}. Transport policy ${policy}.</p>`;
  }

  private _probe(result: ProbeResult, isOwnList: boolean): TemplateResult {
    const verdict = probeVerdict(result, isOwnList);
    const firstByType = new Map<string, number>();
    const counts = new Map<string, number>();
    for (const c of result.candidates) {
      if (!firstByType.has(c.type)) firstByType.set(c.type, c.ms);
      counts.set(c.type, (counts.get(c.type) ?? 0) + 1);
    }
    return html`${this._badge(verdict.level)}
      <div data-level=${verdict.level}>
        <div class="url">${result.url}</div>
        <p class="headline">${verdict.headline}</p>
        <p class="detail">${verdict.detail}</p>
        <div class="chips">
          ${[...counts].map(([type, count]) => html`<span class="chip ${type}">${type} ×${count}, first at ${firstByType.get(type)} ms</span>`)}
          ${result.errors.length ? html`<span class="chip">errors: ${[...new Set(result.errors.map((e) => e.code))].join(', ')}</span>` : nothing}
          <span class="chip">took ${result.durationMs} ms</span>
        </div>
      </div>`;
  }

  private _verdictRow(verdict: Verdict): TemplateResult {
    return html`<div class="verdict" data-level=${verdict.level}>
      ${this._badge(verdict.level)}
      <div>
        <p class="headline">${verdict.headline}</p>
        <p class="detail">${verdict.detail}</p>
      </div>
    </div>`;
  }

  private _badge(level: Verdict['level'], text: string = MARK[level]): TemplateResult {
    return html`<span class="badge small ${level}" aria-hidden="true">${text}</span>`;
  }

  private _onRunAgain(): void {
    void this.#runner?.run();
  }

  private _onSave(event: CustomEvent<IceServersSaveDetail>): void {
    try {
      this.#source?.setOverride(event.detail.servers);
      this._editorError = '';
      void this.#runner?.run();
    } catch (error) {
      this._editorError = error instanceof IceServerListError ? error.message : String(error);
    }
  }

  private _onReset(): void {
    this.#source?.clearOverride();
    void this.#runner?.run();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ice-diagnostics': IceDiagnostics;
  }
  interface HTMLElementEventMap {
    /** The checks' state changed. */
    'diagnostics-update': CustomEvent<DiagnosticsState>;
  }
}
