// The call's connection settings: which ICE servers this session uses (the
// server's, or the user's own), where they came from and until when their
// TURN credentials hold, and the editor to change them. Saving hands the list
// to the Manager's IceServerSource, which applies it to new and live
// connections alike (manager.ts, video-peer.ts).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { IceConfig, IceServer } from '../../shared/protocol.js';
import type { IceServersSaveDetail } from './ice-server-editor.js';
import './ice-server-editor.js';
import { IceServerListError, turnExpiry, type IceChangeReason, type IceServerSource } from '../ice/ice-server-source.js';
import { closeIcon } from './icons.js';
import { shared, sidePanel } from './theme.js';

const NO_SERVERS: IceServer[] = [];

/** The servers' URLs, without credentials: what the user would notice changing. */
const urlsOf = (servers: readonly IceServer[]) => JSON.stringify(servers.map((s) => s.urls));

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** "14:05", or with the date when it is not today. */
function formatExpiry(ms: number, now = Date.now()): string {
  const at = new Date(ms);
  const isToday = at.toDateString() === new Date(now).toDateString();
  return isToday ? timeFormat.format(at) : at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * The connection settings panel.
 *
 * @fires close - when the user closes the panel (button or Escape)
 * @csspart body - the scrolling content under the header
 */
@customElement('ice-settings-panel')
export class IceSettingsPanel extends LitElement {
  static override styles = [
    shared,
    sidePanel,
    css`
      h2:focus {
        outline: none;
      }
      .body {
        flex: 1;
        overflow-y: auto;
        padding: 16px;
        display: flex;
        flex-direction: column;
        gap: 14px;
        font-size: 14px;
        line-height: 1.45;
      }
      p {
        margin: 0;
      }
      .intro {
        color: var(--muted);
      }
      .source {
        display: flex;
        flex-direction: column;
        gap: 4px;
        background: var(--surface-2);
        border: 1px solid var(--border);
        border-radius: 12px;
        padding: 10px 12px;
      }
      .source strong {
        font-size: 14px;
      }
      .source span {
        color: var(--muted);
        font-size: 13px;
      }
      .note {
        background: var(--accent-soft);
        border: 1px solid rgba(123, 108, 255, 0.35);
        border-radius: 12px;
        padding: 10px 12px;
        font-size: 13px;
      }
      .warn {
        background: rgba(245, 158, 11, 0.12);
        border: 1px solid rgba(245, 158, 11, 0.35);
        color: #fcd34d;
        border-radius: 12px;
        padding: 10px 12px;
        font-size: 13px;
      }
      h3 {
        margin: 4px 0 -4px;
        font-size: 13px;
        font-weight: 600;
        color: var(--muted);
        text-transform: uppercase;
        letter-spacing: 0.04em;
      }
      ice-server-editor {
        --line: var(--border);
        --card: var(--surface-2);
        --field: var(--surface);
        --ink: var(--text);
        --muted: #9aa1ae;
        --accent: #7b6cff;
        --fail: #fca5a5;
        font-size: 14px;
      }
      .applied {
        color: #86efac;
        font-size: 13px;
      }
      .applied:empty {
        display: none;
      }
      .error {
        color: #fca5a5;
        font-size: 13px;
      }
      .foot {
        color: var(--muted);
        font-size: 13px;
        border-top: 1px solid var(--border);
        padding-top: 12px;
      }
      a {
        color: #b3aaff;
      }
    `,
  ];

  /** Where this session's ICE servers come from (the Manager's). */
  @property({ attribute: false }) source!: IceServerSource;
  /** Shown inside the settings dialog, which has its own Close: no close button here. */
  @property({ type: Boolean, attribute: 'embedded' }) isEmbedded = false;

  @state() private _config: IceConfig | undefined;
  /** What the editor shows; replaced only when the list really changes, so fresh credentials do not wipe the user's edits. */
  @state() private _shown: IceServer[] = NO_SERVERS;
  @state() private _isOverridden = false;
  @state() private _applied = '';
  @state() private _error = '';
  @query('h2') private _heading!: HTMLHeadingElement;
  private _off: (() => void) | undefined;
  /** On the host, so Escape works wherever the focus is in the panel, the heading included. */
  private readonly _onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') this._close();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('keydown', this._onKeydown);
    this._read();
    this._off = this.source.on('change', ({ reason }) => this._read(reason));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('keydown', this._onKeydown);
    this._off?.();
  }

  /** Moves the keyboard focus to the panel's heading, so a screen reader announces it. */
  override focus(): void {
    this._heading?.focus();
  }

  private _read(reason: IceChangeReason = 'override'): void {
    this._config = this.source.current;
    this._isOverridden = this.source.isOverridden;
    const servers = this._config?.iceServers ?? NO_SERVERS;
    if (reason === 'override' || urlsOf(servers) !== urlsOf(this._shown)) this._shown = servers;
  }

  private _onSave(event: CustomEvent<IceServersSaveDetail>): void {
    this._error = '';
    try {
      this.source.setOverride(event.detail.servers);
      this._applied = 'Saved for this session. Current calls switch to these servers now, new ones start with them.';
    } catch (error) {
      if (!(error instanceof IceServerListError)) throw error;
      this._applied = '';
      this._error = `Not saved: ${error.message}`;
    }
  }

  private _onReset(): void {
    this._error = '';
    this.source.clearOverride();
    this._applied = "Back to the server's list, for current calls and new ones.";
  }

  private _close(): void {
    this.dispatchEvent(new CustomEvent('close', { bubbles: true, composed: true }));
  }

  private _renderSource(config: IceConfig | undefined) {
    const expiry = config && turnExpiry(config.iceServers);
    if (this._isOverridden) {
      return html`<div class="source" data-source="own">
        <strong>Your own list</strong>
        <span>For you only, in this tab, until you close it or go back to the server's list.</span>
      </div>`;
    }
    return html`<div class="source" data-source="server">
      <strong>The server's list</strong>
      <span
        >${
          expiry !== undefined
            ? `TURN credentials are minted for you and renewed automatically (these hold until ${formatExpiry(expiry)}).`
            : 'Handed out by the server when you joined.'
        }</span
      >
    </div>`;
  }

  override render() {
    const config = this._config;
    const ownExpiry = this._isOverridden && config ? turnExpiry(config.iceServers) : undefined;
    return html`
      <header>
        <h2 id="ice-settings-title" tabindex="-1">Connection settings</h2>
        ${this.isEmbedded ? nothing : html`<button class="icon-btn" aria-label="Close connection settings" @click=${this._close}>${closeIcon}</button>`}
      </header>
      <div class="body" part="body">
        <p class="intro">ICE servers help calls get through firewalls: STUN tells your browser its public address, TURN relays the call when no direct path works.</p>
        ${this._renderSource(config)}
        ${
          config?.iceTransportPolicy === 'relay'
            ? html`<p class="note" data-policy="relay">
                <strong>Relay only.</strong> This server sends every call through TURN, so nobody in the call sees anyone else's address. Your own list needs a TURN
                server too.
              </p>`
            : nothing
        }
        ${
          ownExpiry !== undefined
            ? html`<p class="warn">
                These TURN credentials were minted for one session and expire at ${formatExpiry(ownExpiry)}; your own list is not renewed. Go back to the server's list to
                get fresh ones.
              </p>`
            : nothing
        }
        <h3>ICE servers</h3>
        <ice-server-editor
          aria-labelledby="ice-settings-title"
          .servers=${this._shown}
          ?is-overridden=${this._isOverridden}
          @ice-servers-save=${this._onSave}
          @ice-servers-reset=${this._onReset}
        ></ice-server-editor>
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
        <p class="applied" role="status">${this._applied}</p>
        <p class="foot">
          Calls not connecting? <a href="/diagnostics" target="_blank" rel="noopener">Run diagnostics</a> (opens a new tab) to test each server from this browser.
        </p>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ice-settings-panel': IceSettingsPanel;
  }
}
