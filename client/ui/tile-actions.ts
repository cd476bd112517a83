// The buttons over a video tile: pin it (the large tile) and show it full
// screen. Shown while the pointer is over the tile or a button has the
// focus, and always on touch screens, where there is no hover; as Meet's
// tile menu, but two buttons rather than a menu of two items.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { fullscreenExitIcon, fullscreenIcon, pinIcon } from './icons.js';
import { shared } from './theme.js';

/**
 * A tile's pin and full-screen buttons.
 *
 * @fires toggle-pin - when Pin is pressed
 * @fires toggle-fullscreen - when Full screen is pressed
 */
@customElement('tile-actions')
export class TileActions extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: flex;
        gap: 6px;
      }
      button {
        width: 36px;
        height: 36px;
        border-radius: 50%;
        border: none;
        display: grid;
        place-items: center;
        background: rgba(10, 12, 16, 0.62);
        backdrop-filter: blur(6px);
        color: white;
      }
      button:hover {
        background: rgba(10, 12, 16, 0.85);
      }
      button[aria-pressed='true'] {
        background: var(--accent);
      }
      svg.icon {
        width: 20px;
        height: 20px;
      }
    `,
  ];

  /** The tile's name, for the buttons' accessible names. */
  @property() name = '';
  /** Whether the tile is pinned. */
  @property({ type: Boolean, attribute: 'pinned' }) isPinned = false;
  /** Whether the tile is full screen now. */
  @property({ type: Boolean, attribute: 'fullscreen' }) isFullscreen = false;

  private _fire(event: 'toggle-pin' | 'toggle-fullscreen', click: Event): void {
    // The tile itself pins on a click: this one must not pin twice.
    click.stopPropagation();
    this.dispatchEvent(new CustomEvent(event, { bubbles: true }));
  }

  override render() {
    return html`
      <button
        aria-label="Pin ${this.name}"
        aria-pressed=${this.isPinned}
        title=${this.isPinned ? 'Unpin' : 'Pin: keep this tile large'}
        data-action="pin"
        @click=${(e: Event) => this._fire('toggle-pin', e)}
      >
        ${pinIcon}
      </button>
      <button
        aria-label=${this.isFullscreen ? 'Exit full screen' : `Show ${this.name} full screen`}
        title=${this.isFullscreen ? 'Exit full screen' : 'Full screen'}
        data-action="fullscreen"
        @click=${(e: Event) => this._fire('toggle-fullscreen', e)}
      >
        ${this.isFullscreen ? fullscreenExitIcon : fullscreenIcon}
      </button>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tile-actions': TileActions;
  }
  interface HTMLElementEventMap {
    /** Pin was pressed on a tile. */
    'toggle-pin': CustomEvent<void>;
    /** Full screen was pressed on a tile. */
    'toggle-fullscreen': CustomEvent<void>;
  }
}
