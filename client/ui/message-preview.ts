// A new chat message while the chat panel is closed: who wrote it and its
// first line, as a card above the toolbar; clicking it opens the chat.
// The text is the message's own words: rendered as text, never as HTML.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ChatPreview } from '../call/chat-preview.js';
import { chatIcon, closeIcon } from './icons.js';
import { shared } from './theme.js';

/**
 * The chat message preview.
 *
 * @fires open-chat - when the preview is clicked
 * @fires dismiss - when its close button is pressed
 */
@customElement('message-preview')
export class MessagePreview extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        position: fixed;
        right: 16px;
        bottom: 96px;
        z-index: 9;
        max-width: min(360px, calc(100vw - 32px));
      }
      .card {
        display: flex;
        align-items: flex-start;
        gap: 4px;
        background: var(--surface-3);
        border: 1px solid var(--border);
        border-radius: 14px;
        box-shadow: 0 8px 24px rgba(0, 0, 0, 0.45);
      }
      .open {
        flex: 1;
        min-width: 0;
        display: flex;
        gap: 10px;
        align-items: flex-start;
        padding: 10px 4px 10px 14px;
        border: 0;
        background: transparent;
        color: inherit;
        text-align: left;
        font: inherit;
      }
      .open svg.icon {
        flex: none;
        margin-top: 2px;
        color: var(--accent);
      }
      .text {
        min-width: 0;
      }
      .from {
        display: block;
        font-weight: 600;
        font-size: 14px;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .line {
        display: block;
        font-size: 14px;
        color: var(--text);
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      /* Smaller and quieter than the panels' iconButton (theme.ts): it sits in a toast. */
      .close {
        flex: none;
        margin: 6px 6px 0 0;
        width: 32px;
        height: 32px;
        border-radius: 50%;
        border: none;
        background: transparent;
        color: var(--muted);
        display: grid;
        place-items: center;
      }
      .close:hover {
        background: var(--surface-2);
        color: var(--text);
      }
      @media (max-width: 480px) {
        :host {
          left: 12px;
          right: 12px;
          bottom: 128px;
          max-width: none;
        }
      }
    `,
  ];

  /** The message shown; nothing renders without one. */
  @property({ attribute: false }) preview: ChatPreview | undefined;

  private _fire(name: 'open-chat' | 'dismiss'): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }

  override render() {
    const p = this.preview;
    if (!p) return nothing;
    return html`<div class="card" role="status">
      <button
        class="open"
        aria-label=${`New message from ${p.from}${p.isPrivate ? ', privately' : ''}: ${p.text}. Open the chat`}
        @click=${() => this._fire('open-chat')}
      >
        ${chatIcon}
        <span class="text">
          <span class="from"><bdi>${p.from}</bdi>${p.isPrivate ? ' (privately)' : ''}</span>
          <span class="line"><bdi>${p.text}</bdi></span>
        </span>
      </button>
      <button class="icon-btn close" aria-label="Dismiss" @click=${() => this._fire('dismiss')}>${closeIcon}</button>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'message-preview': MessagePreview;
  }
  interface HTMLElementEventMap {
    /** The preview was clicked: open the chat. */
    'open-chat': CustomEvent<void>;
    /** The preview's close button was pressed. */
    dismiss: CustomEvent<void>;
  }
}
