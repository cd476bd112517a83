// The room's lock, inside the call (as Whereby's lock switch and Jitsi's
// security options): a lock icon in the top bar while the room is locked,
// saying who locked it, and a small panel to lock it with a password or
// unlock it. It renders RoomLock's state and forwards what the user asks; the
// call view applies it.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { MAX_PASSWORD_LENGTH } from '../../shared/protocol.js';
import type { RoomLockState } from '../call/room-lock.js';
import { lockIcon, lockOpenIcon } from './icons.js';
import { shared } from './theme.js';

/**
 * The lock button and its panel.
 *
 * @fires lock-room - {detail: {password}} when the user locks the room
 * @fires unlock-room - when the user unlocks it
 */
@customElement('room-lock-control')
export class RoomLockControl extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        position: relative;
        flex: none;
      }
      .toggle {
        min-height: 36px;
        padding: 0 12px;
        font-size: 13px;
      }
      .toggle.locked {
        background: var(--accent-soft);
        border-color: var(--accent);
        color: var(--text);
      }
      .toggle .icon {
        width: 18px;
        height: 18px;
      }
      .panel {
        position: absolute;
        right: 0;
        top: calc(100% + 8px);
        width: min(320px, calc(100vw - 24px));
        z-index: 20;
        background: var(--surface-2);
        border: 1px solid var(--border);
        border-radius: 12px;
        padding: 14px;
        box-shadow: 0 8px 24px rgba(0, 0, 0, 0.45);
        display: grid;
        gap: 10px;
      }
      .panel p {
        margin: 0;
        font-size: 14px;
        line-height: 1.4;
      }
      .panel .error {
        color: #fca5a5;
      }
      label {
        font-size: 13px;
        color: var(--muted);
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 8px;
      }
      @media (max-width: 720px) {
        /* The button sits mid-bar on a phone: the panel spans the screen under the top bar. */
        .panel {
          position: fixed;
          left: 12px;
          right: 12px;
          top: 58px;
          width: auto;
        }
        .toggle .label {
          position: absolute;
          width: 1px;
          height: 1px;
          overflow: hidden;
          clip: rect(0 0 0 0);
          white-space: nowrap;
        }
      }
    `,
  ];

  /** The room's lock as the server last told it. */
  @property({ attribute: false }) state: RoomLockState = { isLocked: false, byName: '', isByMe: false };
  /** Whether a change is on its way to the server (the buttons wait). */
  @property({ type: Boolean, attribute: 'busy' }) isBusy = false;
  /** Why the last change failed, in plain words; empty when it did not. */
  @property() error = '';
  /** Whether the link to the server is up: locking needs it. */
  @property({ type: Boolean, attribute: 'can-change' }) canChange = true;

  @state() private _isOpen = false;
  @state() private _password = '';
  @query('#lock-password') private _input!: HTMLInputElement | null;
  @query('.toggle') private _toggle!: HTMLButtonElement;

  /** Closes the panel (after a change was made). */
  close(): void {
    this._isOpen = false;
    this._password = '';
  }

  /** Who locked it, for the button's label and tooltip. */
  private get _lockedBy(): string {
    const { isByMe, byName } = this.state;
    if (isByMe) return 'Locked by you';
    return byName ? `Locked by ${byName}` : 'Locked';
  }

  private async _onToggle(): Promise<void> {
    this._isOpen = !this._isOpen;
    await this.updateComplete;
    if (this._isOpen) (this._input ?? this.renderRoot.querySelector<HTMLButtonElement>('.panel .btn.primary'))?.focus();
  }

  private _onKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || !this._isOpen) return;
    event.stopPropagation();
    this._isOpen = false;
    this._toggle.focus();
  }

  private _onPassword(event: Event): void {
    if (event.currentTarget instanceof HTMLInputElement) this._password = event.currentTarget.value;
  }

  private _onLock(event: SubmitEvent): void {
    event.preventDefault();
    if (!this._password) return this._input?.focus();
    this.dispatchEvent(new CustomEvent('lock-room', { detail: { password: this._password }, bubbles: true, composed: true }));
  }

  private _onUnlock(): void {
    this.dispatchEvent(new CustomEvent('unlock-room', { bubbles: true, composed: true }));
  }

  private _renderPanel() {
    const error = this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing;
    if (this.state.isLocked) {
      return html`<div class="panel" id="lock-panel" role="dialog" aria-label="Room lock">
        <p>${this._lockedBy}. Anyone joining needs the password; the people already here stay.</p>
        ${error}
        <div class="actions">
          <button class="btn primary" ?disabled=${this.isBusy || !this.canChange} @click=${this._onUnlock}>${lockOpenIcon} Unlock room</button>
        </div>
      </div>`;
    }
    return html`<form class="panel" id="lock-panel" role="dialog" aria-label="Room lock" @submit=${this._onLock}>
      <p>Lock this room: anyone who joins after now will need the password. Tell it to the people you invite.</p>
      <label for="lock-password">Password</label>
      <input
        id="lock-password"
        type="password"
        autocomplete="new-password"
        maxlength=${MAX_PASSWORD_LENGTH}
        required
        .value=${this._password}
        @input=${this._onPassword}
      />
      ${error}
      <div class="actions">
        <button class="btn primary" type="submit" ?disabled=${this.isBusy || !this.canChange || !this._password}>${lockIcon} Lock room</button>
      </div>
    </form>`;
  }

  override render() {
    const { isLocked } = this.state;
    return html`<div @keydown=${this._onKey}>
      <button
        class="btn ghost toggle ${isLocked ? 'locked' : ''}"
        aria-expanded=${this._isOpen}
        aria-controls="lock-panel"
        title=${isLocked ? `${this._lockedBy}: guests need the password` : 'Lock this room with a password'}
        @click=${this._onToggle}
      >
        ${isLocked ? lockIcon : lockOpenIcon}<span class="label">${isLocked ? this._lockedBy : 'Lock'}</span>
      </button>
      ${this._isOpen ? this._renderPanel() : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'room-lock-control': RoomLockControl;
  }
  interface HTMLElementEventMap {
    /** The user locks the room with this password. */
    'lock-room': CustomEvent<{ password: string }>;
    /** The user unlocks the room. */
    'unlock-room': CustomEvent<void>;
  }
}
