// The layout buttons in the call's top bar: grid or speaker view, and
// picture-in-picture of whoever speaks (where the browser has it). In the
// top bar rather than the control bar, whose seven buttons already fill a
// 360 px wide phone.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ViewMode } from '../call/stage.js';
import { gridViewIcon, pipIcon, speakerViewIcon } from './icons.js';
import { shared } from './theme.js';

/**
 * The view switch and the picture-in-picture button.
 *
 * @fires view-change - {detail: {view: ViewMode}} when the user switches view
 * @fires picture-in-picture - when the user asks for (or closes) picture-in-picture
 */
@customElement('view-controls')
export class ViewControls extends LitElement {
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
        border: 1px solid var(--border);
        background: var(--surface-2);
        display: grid;
        place-items: center;
      }
      button:hover:not([disabled]) {
        background: var(--surface-3);
      }
      button[disabled] {
        opacity: 0.5;
        cursor: not-allowed;
      }
      svg.icon {
        width: 20px;
        height: 20px;
      }
    `,
  ];

  /** The layout now. */
  @property() view: ViewMode = 'grid';
  /** Whether there is someone else whose video could go into picture-in-picture. */
  @property({ type: Boolean, attribute: 'can-pip' }) canPip = false;

  override render() {
    const isSpeaker = this.view === 'speaker';
    const next: ViewMode = isSpeaker ? 'grid' : 'speaker';
    // Chromium on desktop and Android, Safari: yes; Firefox has its own button on each video instead.
    const hasPip = document.pictureInPictureEnabled === true;
    return html`
      <button
        aria-label="Speaker view"
        aria-pressed=${isSpeaker}
        title=${isSpeaker ? 'Grid view: everyone the same size' : 'Speaker view: whoever speaks large'}
        data-action="view"
        @click=${() => this.dispatchEvent(new CustomEvent('view-change', { detail: { view: next }, bubbles: true }))}
      >
        ${isSpeaker ? gridViewIcon : speakerViewIcon}
      </button>
      ${
        hasPip
          ? html`<button
              aria-label="Picture-in-picture"
              title="Picture-in-picture of whoever speaks"
              data-action="pip"
              ?disabled=${!this.canPip}
              @click=${() => this.dispatchEvent(new CustomEvent('picture-in-picture', { bubbles: true }))}
            >
              ${pipIcon}
            </button>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'view-controls': ViewControls;
  }
  interface HTMLElementEventMap {
    /** The user switched between grid and speaker view. */
    'view-change': CustomEvent<{ view: ViewMode }>;
    /** The user asked for picture-in-picture, or to close it. */
    'picture-in-picture': CustomEvent<void>;
  }
}
