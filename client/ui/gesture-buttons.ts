// The toolbar's "Raise hand" toggle and its reactions: a button that opens a
// row of emoji (peer-gesture.ts REACTIONS), as Meet's does. Slotted into the
// control bar by the call view. The hand keeps one name and says its state
// with aria-pressed, like the other toggles.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { REACTIONS, type Reaction } from '../peers/reactions.js';
import { shared } from './theme.js';

/**
 * The hand and reaction buttons.
 *
 * @fires hand-toggle - when the hand button is pressed
 * @fires react - {detail: {emoji}} when a reaction is picked
 */
@customElement('gesture-buttons')
export class GestureButtons extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: flex;
        gap: 10px;
        position: relative;
      }
      button.round {
        width: 52px;
        height: 52px;
        border-radius: 50%;
        border: 1px solid var(--border);
        background: var(--surface-2);
        display: grid;
        place-items: center;
        font-size: 22px;
        line-height: 1;
        transition: background 0.15s;
      }
      button.round:hover {
        background: var(--surface-3);
      }
      button.round.active {
        background: var(--accent);
        border-color: transparent;
      }
      .picker {
        position: absolute;
        bottom: calc(100% + 10px);
        left: 50%;
        transform: translateX(-50%);
        display: flex;
        gap: 4px;
        padding: 6px;
        border-radius: 999px;
        background: var(--surface-3);
        border: 1px solid var(--border);
        box-shadow: 0 8px 24px rgba(0, 0, 0, 0.45);
        /* Over the chat preview (9) and the call's notices (10) while open: the user asked for it. */
        z-index: 11;
      }
      .picker button {
        width: 44px;
        height: 44px;
        border: 0;
        border-radius: 50%;
        background: transparent;
        font-size: 24px;
        line-height: 1;
      }
      .picker button:hover,
      .picker button:focus-visible {
        background: var(--surface-2);
      }
      @media (max-width: 480px) {
        :host {
          gap: 6px;
        }
        button.round {
          width: 44px;
          height: 44px;
          font-size: 19px;
        }
        .picker button {
          width: 40px;
          height: 40px;
          font-size: 21px;
        }
        /* On a phone the buttons start the toolbar's second row at its left: centred on them, the picker
           ran off the screen's left edge; and it rises above the first row too (microphone and camera),
           which it hid while open. */
        .picker {
          left: 0;
          transform: none;
          bottom: calc(100% + var(--control-size, 44px) + var(--control-gap, 6px) + 10px);
        }
      }
    `,
  ];

  /** Whether our hand is raised. */
  @property({ type: Boolean, attribute: 'hand-raised' }) isHandRaised = false;

  @state() private _isPickerOpen = false;

  private _fire(name: 'hand-toggle' | 'react', detail?: { emoji: Reaction }): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private _onPickerKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    this._isPickerOpen = false;
    this.shadowRoot?.querySelector<HTMLButtonElement>('button[data-action="react"]')?.focus();
  }

  override render() {
    return html`
      <button
        class="round ${this.isHandRaised ? 'active' : ''}"
        aria-label="Raise hand"
        aria-pressed=${this.isHandRaised}
        title=${this.isHandRaised ? 'Lower hand' : 'Raise hand'}
        data-action="hand"
        @click=${() => this._fire('hand-toggle')}
      >
        <span aria-hidden="true">✋</span>
      </button>
      <button
        class="round ${this._isPickerOpen ? 'active' : ''}"
        aria-label="Reactions"
        aria-expanded=${this._isPickerOpen}
        title="Send a reaction"
        data-action="react"
        @click=${() => (this._isPickerOpen = !this._isPickerOpen)}
      >
        <span aria-hidden="true">🙂</span>
      </button>
      ${
        this._isPickerOpen
          ? html`<div class="picker" role="group" aria-label="Reactions" @keydown=${this._onPickerKey}>
              ${REACTIONS.map((emoji) => html`<button aria-label=${`React with ${emoji}`} title=${emoji} @click=${() => this._fire('react', { emoji })}>${emoji}</button>`)}
            </div>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'gesture-buttons': GestureButtons;
  }
  interface HTMLElementEventMap {
    /** The hand button was pressed. */
    'hand-toggle': CustomEvent<void>;
    /** A reaction was picked. */
    react: CustomEvent<{ emoji: Reaction }>;
  }
}
