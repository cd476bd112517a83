// Lets the user see and change the ICE servers for their own session: one row
// per RTCIceServer (URLs, username, credential). It checks a list the way the
// server checks ICE_SERVERS_FILE and only fires when the list is usable; the
// owner (IceServerSource) stores it and applies it.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { iceServerProblem } from '../../shared/ice-uri.js';
import type { IceServer } from '../../shared/protocol.js';

interface Row {
  urls: string;
  username: string;
  credential: string;
}

export interface IceServersSaveDetail {
  servers: IceServer[];
}

function toRows(servers: IceServer[]): Row[] {
  return servers.map((s) => ({ urls: [s.urls].flat().join('\n'), username: s.username ?? '', credential: s.credential ?? '' }));
}

function toServer(row: Row): IceServer {
  const server: IceServer = { urls: row.urls.split(/[\s,]+/).filter((u) => u !== '') };
  if (row.username.trim()) server.username = row.username.trim();
  if (row.credential) server.credential = row.credential;
  return server;
}

/**
 * An editable list of ICE servers.
 *
 * @fires ice-servers-save - `CustomEvent<IceServersSaveDetail>`: the user saved a usable list.
 * @fires ice-servers-reset - the user asked for the server's list back.
 * @csspart row - the fields of one server
 * @csspart save - the save button
 * @csspart reset - the reset button
 */
@customElement('ice-server-editor')
export class IceServerEditor extends LitElement {
  /** The list to show; edits work on a copy until saved. */
  @property({ attribute: false }) servers: IceServer[] = [];
  /** Whether `servers` is the user's own list rather than the server's. */
  @property({ type: Boolean, attribute: 'is-overridden' }) isOverridden = false;

  @state() private _rows: Row[] = [];
  @state() private _problems: (string | undefined)[] = [];
  @state() private _listProblem = '';

  // Colours come from the page through custom properties (light on
  // /diagnostics, dark in the call), and the row layout follows the editor's
  // own width, not the window's: in the call it sits in a narrow side panel.
  static override styles = css`
    :host {
      display: block;
      font: inherit;
      color: inherit;
      container-type: inline-size;
    }
    .row {
      display: grid;
      gap: 0.5rem;
      grid-template-columns: 1fr 1fr;
      padding: 0.75rem;
      border: 1px solid var(--line, #d5dae1);
      border-radius: 10px;
      margin-bottom: 0.75rem;
      background: var(--card, #fff);
    }
    .row .urls,
    .row .remove,
    .problem {
      grid-column: 1 / -1;
    }
    .row .remove {
      justify-self: start;
    }
    @container (min-width: 640px) {
      .row {
        grid-template-columns: 2fr 1fr 1fr auto;
        align-items: end;
      }
      .row .urls,
      .row .remove {
        grid-column: auto;
      }
    }
    label {
      display: grid;
      gap: 0.25rem;
      font-size: 0.8rem;
      color: var(--muted, #5b6573);
      min-width: 0;
    }
    input,
    textarea {
      font: inherit;
      font-size: 0.95rem;
      padding: 0.5rem 0.6rem;
      min-height: 2.5rem;
      border: 1px solid var(--line, #c4cbd4);
      border-radius: 7px;
      color: var(--ink, #18202b);
      background: var(--field, #fff);
      min-width: 0;
      width: 100%;
      box-sizing: border-box;
    }
    /* Monospace and a little smaller, so a whole turns: URL usually fits one line of a side panel. */
    textarea {
      resize: vertical;
      field-sizing: content;
      line-height: 1.4;
      overflow-wrap: anywhere;
      font-family: ui-monospace, 'SF Mono', Menlo, Consolas, monospace;
      font-size: 0.8rem;
    }
    input:focus,
    textarea:focus {
      outline: 2px solid var(--accent, #2f6fde);
      outline-offset: 1px;
    }
    .problem {
      color: var(--fail, #b42318);
      font-size: 0.85rem;
      margin: 0;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
    }
    button {
      font: inherit;
      font-size: 0.9rem;
      padding: 0.5rem 0.85rem;
      min-height: 2.5rem;
      border-radius: 7px;
      border: 1px solid var(--line, #c4cbd4);
      background: var(--field, #fff);
      color: var(--ink, #18202b);
      cursor: pointer;
    }
    button:focus-visible {
      outline: 2px solid var(--accent, #2f6fde);
      outline-offset: 2px;
    }
    button.primary {
      background: var(--accent, #2f6fde);
      border-color: var(--accent, #2f6fde);
      color: #fff;
    }
    button.remove {
      color: var(--fail, #b42318);
    }
    .empty {
      color: var(--muted, #5b6573);
      margin: 0 0 0.75rem;
    }
  `;

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('servers')) {
      this._rows = toRows(this.servers);
      this._problems = [];
      this._listProblem = '';
    }
  }

  override render() {
    return html`
      ${this._rows.length === 0 ? html`<p class="empty">No ICE servers: calls will work only where a direct path exists.</p>` : nothing}
      ${this._rows.map(
        (row, index) => html`
          <div class="row" part="row" data-index=${index}>
            <label class="urls"
              >URLs, one per line
              <textarea
                name="urls"
                rows=${Math.max(1, row.urls.split('\n').length)}
                .value=${row.urls}
                placeholder="turn:turn.example.org:3478"
                spellcheck="false"
                autocapitalize="off"
                @input=${(e: Event) => this._onInput(index, 'urls', e)}
              ></textarea>
            </label>
            <label>Username <input name="username" .value=${row.username} autocomplete="off" @input=${(e: Event) => this._onInput(index, 'username', e)} /></label>
            <label
              >Credential
              <input name="credential" type="password" .value=${row.credential} autocomplete="off" @input=${(e: Event) => this._onInput(index, 'credential', e)}
            /></label>
            <button class="remove" aria-label="Remove server ${index + 1}" @click=${() => this._onRemove(index)}>Remove</button>
            ${this._problems[index] ? html`<p class="problem" role="alert">Server ${index + 1}: ${this._problems[index]}</p>` : nothing}
          </div>
        `,
      )}
      ${this._listProblem ? html`<p class="problem" role="alert">${this._listProblem}</p>` : nothing}
      <div class="actions">
        <button @click=${this._onAdd}>Add server</button>
        <button class="primary" part="save" @click=${this._onSave}>Use for this session</button>
        ${this.isOverridden ? html`<button part="reset" @click=${this._onReset}>Back to the server's list</button>` : nothing}
      </div>
    `;
  }

  private _onInput(index: number, field: keyof Row, event: Event): void {
    const input = event.target as HTMLInputElement | HTMLTextAreaElement;
    this._rows = this._rows.map((row, i) => (i === index ? { ...row, [field]: input.value } : row));
  }

  private _onAdd(): void {
    this._rows = [...this._rows, { urls: '', username: '', credential: '' }];
  }

  private _onRemove(index: number): void {
    this._rows = this._rows.filter((_, i) => i !== index);
    this._problems = this._problems.filter((_, i) => i !== index);
  }

  private _onSave(): void {
    const servers = this._rows.map(toServer);
    this._problems = servers.map((server) => iceServerProblem(server));
    this._listProblem = servers.length === 0 ? "Add at least one server, or go back to the server's list." : '';
    if (this._listProblem || this._problems.some((p) => p !== undefined)) return;
    this.dispatchEvent(new CustomEvent<IceServersSaveDetail>('ice-servers-save', { detail: { servers }, bubbles: true, composed: true }));
  }

  private _onReset(): void {
    this.dispatchEvent(new CustomEvent('ice-servers-reset', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ice-server-editor': IceServerEditor;
  }
  interface HTMLElementEventMap {
    'ice-servers-save': CustomEvent<IceServersSaveDetail>;
    'ice-servers-reset': CustomEvent<void>;
  }
}
