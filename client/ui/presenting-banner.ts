// What the presenter sees instead of their own screen: "You are presenting"
// and a Stop button. A large mirror of the screen they are looking at
// confuses (a hall of mirrors when they share this very window), so, as
// Meet does, they get a banner.
import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { screenIcon } from './icons.js';
import { shared } from './theme.js';

/**
 * The "You are presenting" banner.
 *
 * @fires stop-presenting - when Stop presenting is pressed
 */
@customElement('presenting-banner')
export class PresentingBanner extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: flex;
        align-items: center;
        gap: 12px;
        padding: 6px 6px 6px 14px;
        border-radius: 999px;
        background: var(--surface-3);
        border: 1px solid var(--border);
        box-shadow: 0 8px 24px rgba(0, 0, 0, 0.4);
        font-size: 14px;
        font-weight: 500;
        white-space: nowrap;
      }
      .what {
        display: flex;
        align-items: center;
        gap: 8px;
      }
      svg.icon {
        color: var(--accent);
      }
      .btn {
        min-height: 36px;
        padding: 0 16px;
        font-size: 14px;
      }
    `,
  ];

  override render() {
    return html`<span class="what" role="status">${screenIcon} You are presenting</span>
      <button class="btn primary" @click=${() => this.dispatchEvent(new CustomEvent('stop-presenting', { bubbles: true }))}>Stop presenting</button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'presenting-banner': PresentingBanner;
  }
}
