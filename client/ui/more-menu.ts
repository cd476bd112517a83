// "More options" (⋮): a menu button for what does not earn a place of its
// own in the bars. Keyboard as the ARIA menu button pattern: Enter or the
// arrows open it on the first item, the arrows move, Escape closes it and
// gives the focus back to the button.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { moreIcon } from './icons.js';
import { shared } from './theme.js';

export interface MoreMenuItem {
  /** Sent in `menu-select`. */
  id: string;
  label: string;
  /** A shortcut to show beside the label, e.g. "?". */
  hint?: string;
}

/**
 * The "More options" menu.
 *
 * @fires menu-select - {detail: {id}} when an item is chosen
 */
@customElement('more-menu')
export class MoreMenu extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        position: relative;
        display: inline-block;
      }
      .trigger {
        width: 36px;
        height: 36px;
        border-radius: 50%;
        border: 1px solid var(--border);
        background: var(--surface-2);
        display: grid;
        place-items: center;
      }
      .trigger:hover,
      .trigger[aria-expanded='true'] {
        background: var(--surface-3);
      }
      [role='menu'] {
        position: absolute;
        right: 0;
        top: calc(100% + 6px);
        z-index: 20;
        min-width: 220px;
        padding: 6px;
        margin: 0;
        background: var(--surface);
        border: 1px solid var(--border);
        border-radius: 12px;
        box-shadow: 0 12px 32px rgba(0, 0, 0, 0.45);
      }
      [role='menuitem'] {
        display: flex;
        width: 100%;
        justify-content: space-between;
        gap: 16px;
        padding: 10px 12px;
        border: none;
        border-radius: 8px;
        background: transparent;
        text-align: left;
        font-size: 14px;
      }
      [role='menuitem']:hover,
      [role='menuitem']:focus {
        background: var(--surface-3);
      }
      .hint {
        color: var(--muted);
      }
    `,
  ];

  /** The menu's items. */
  @property({ attribute: false }) items: MoreMenuItem[] = [];

  @state() private _isOpen = false;
  @query('.trigger') private _trigger!: HTMLButtonElement;

  private readonly _onOutside = (event: Event) => {
    if (!event.composedPath().includes(this)) this._close(false);
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this._onOutside);
  }

  private _menuItems(): HTMLButtonElement[] {
    return [...(this.shadowRoot?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])];
  }

  private async _open(focusIndex: number): Promise<void> {
    this._isOpen = true;
    document.addEventListener('pointerdown', this._onOutside);
    await this.updateComplete;
    const items = this._menuItems();
    items.at(focusIndex)?.focus();
  }

  private _close(isFocusBack: boolean): void {
    this._isOpen = false;
    document.removeEventListener('pointerdown', this._onOutside);
    if (isFocusBack) this._trigger.focus();
  }

  private _onTriggerKeydown(event: KeyboardEvent): void {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      void this._open(event.key === 'ArrowDown' ? 0 : -1);
    }
  }

  private _onMenuKeydown(event: KeyboardEvent): void {
    const items = this._menuItems();
    const at = items.indexOf(this.shadowRoot?.activeElement as HTMLButtonElement);
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      items[(moves[event.key]! + items.length) % items.length]?.focus();
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      if (event.key === 'Escape') event.preventDefault();
      this._close(event.key === 'Escape');
    }
  }

  private _choose(id: string): void {
    this._close(true);
    this.dispatchEvent(new CustomEvent('menu-select', { detail: { id }, bubbles: true, composed: true }));
  }

  override render() {
    return html`
      <button
        class="trigger"
        aria-label="More options"
        title="More options"
        aria-haspopup="menu"
        aria-expanded=${this._isOpen}
        @click=${() => (this._isOpen ? this._close(true) : void this._open(0))}
        @keydown=${this._onTriggerKeydown}
      >
        ${moreIcon}
      </button>
      ${
        this._isOpen
          ? html`<div role="menu" aria-label="More options" @keydown=${this._onMenuKeydown}>
              ${this.items.map(
                (item) =>
                  html`<button role="menuitem" tabindex="-1" @click=${() => this._choose(item.id)}>
                    <span>${item.label}</span>${item.hint ? html`<span class="hint" aria-hidden="true">${item.hint}</span>` : nothing}
                  </button>`,
              )}
            </div>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'more-menu': MoreMenu;
  }
  interface HTMLElementEventMap {
    /** A "More options" item was chosen. */
    'menu-select': CustomEvent<{ id: string }>;
  }
}
