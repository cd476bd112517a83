// The /diagnostics page: first the user's own check in plain words (camera,
// microphone, speaker, and whether a call will connect from here), then the
// STUN/TURN details for whoever runs Parley, under "For the operator".
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { shared } from '../ui/theme.js';
import { logoIcon } from '../ui/icons.js';
import './device-check.js';
import type { DiagnosticsState } from './diagnostics-runner.js';
import './ice-diagnostics.js';
import { cameraLine, connectionLine, microphoneLine, speakerLine, userSummary, type DeviceState, type UserLine } from './user-verdict.js';

const MARK = { ok: '✓', warn: '!', fail: '✕' } as const;

/** The diagnostics page. */
@customElement('diagnostics-page')
export class DiagnosticsPage extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        --ink: var(--text);
        --line: var(--border);
        --card: var(--surface);
        --card-2: var(--surface-2);
        display: block;
        min-height: 100dvh;
        background: var(--bg);
      }
      .top {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 12px;
        padding: 16px 24px;
        max-width: 960px;
        margin: 0 auto;
      }
      .brand {
        display: flex;
        align-items: center;
        gap: 8px;
        font-weight: 700;
        font-size: 18px;
        color: var(--accent-text);
        text-decoration: none;
      }
      .back {
        min-height: 36px;
        font-size: 14px;
      }
      main {
        max-width: 960px;
        margin: 0 auto;
        padding: 0 1rem 2rem;
      }
      h1 {
        font-size: 1.6rem;
        margin: 0.5rem 0 1rem;
      }
      section {
        background: var(--surface);
        border: 1px solid var(--border);
        border-radius: 14px;
        padding: 1rem;
        margin-bottom: 1rem;
      }
      h2 {
        font-size: 1.1rem;
        margin: 0 0 0.75rem;
      }
      .verdict strong {
        font-size: 1.15rem;
      }
      .verdict ul {
        list-style: none;
        margin: 0.75rem 0 0;
        padding: 0;
        display: grid;
        gap: 0.5rem;
      }
      .verdict li {
        display: flex;
        gap: 0.6rem;
        align-items: flex-start;
        line-height: 1.4;
      }
      .mark {
        flex: none;
        width: 1.4rem;
        height: 1.4rem;
        border-radius: 50%;
        display: grid;
        place-items: center;
        font-size: 0.8rem;
        font-weight: 700;
        color: #fff;
      }
      .mark.ok {
        background: var(--ok-strong);
      }
      .mark.warn {
        background: var(--warn-strong);
      }
      .mark.fail {
        background: var(--danger-strong);
      }
      .operator {
        margin-top: 2rem;
      }
      .operator > p {
        color: var(--muted);
        margin: 0 0 1rem;
      }
      .operator a {
        color: var(--accent-text);
      }
    `,
  ];

  @state() private _devices: DeviceState = { camera: 'asking', frames: 0, microphone: 'asking', isHeard: false, speaker: undefined };
  @state() private _connection: DiagnosticsState | undefined;

  private _renderLine(line: UserLine, key: string) {
    return html`<li data-check=${key} data-level=${line.level}>
      <span class="mark ${line.level}" aria-hidden="true">${MARK[line.level]}</span><span>${line.text}</span>
    </li>`;
  }

  override render() {
    const d = this._devices;
    const lines: [string, UserLine][] = [
      ['camera', cameraLine(d)],
      ['microphone', microphoneLine(d)],
      ['speaker', speakerLine(d)],
      ['connection', connectionLine(this._connection)],
    ];
    const summary = userSummary(lines.map(([, line]) => line));
    return html`
      <header class="top">
        <a class="brand" href="/">${logoIcon} Parley</a>
        <a class="btn ghost back" href="/">Back to Parley</a>
      </header>
      <main>
        <h1>Check your setup</h1>
        <section class="verdict" aria-labelledby="verdict-title" data-level=${summary.level}>
          <h2 id="verdict-title" class="visually-hidden">Your result</h2>
          <strong role="status">${summary.text}</strong>
          <ul>
            ${lines.map(([key, line]) => this._renderLine(line, key))}
          </ul>
        </section>
        <section aria-labelledby="devices-title">
          <h2 id="devices-title">Camera, microphone and speaker</h2>
          <device-check @devices-change=${(e: CustomEvent<DeviceState>) => (this._devices = e.detail)}></device-check>
        </section>
        <div class="operator">
          <h2>For the operator</h2>
          <p>
            What each STUN and TURN server gives this browser, and whether media crosses the relay. How to set them up (TURN_URLS, TURN_SECRET, the firewall ports):
            <a href="/docs/turn.md" target="_blank" rel="noopener">the STUN and TURN guide (docs/turn.md)</a>.
          </p>
          <ice-diagnostics @diagnostics-update=${(e: CustomEvent<DiagnosticsState>) => (this._connection = e.detail)}></ice-diagnostics>
        </div>
      </main>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'diagnostics-page': DiagnosticsPage;
  }
}
