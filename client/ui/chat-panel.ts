// The chat beside the call: messages with name and time (own ones marked),
// and a field to write in. Text is always rendered as text, never as HTML.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ChatMessage } from '../call/chat-log.js';
import { displayName } from './display-name.js';
import { closeIcon, sendIcon } from './icons.js';
import { shared, sidePanel } from './theme.js';

/** Messages from one sender closer together than this share one heading. */
const GROUP_GAP_MS = 2 * 60_000;

/** Whether `message` starts a new group (needs its own name and time). */
export function startsGroup(message: ChatMessage, previous: ChatMessage | undefined): boolean {
  return !previous || previous.senderId !== message.senderId || message.time - previous.time > GROUP_GAP_MS;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/**
 * The chat panel.
 *
 * @fires send-message - {detail: {text}} when the user sends a message
 * @fires close - when the user closes the panel
 * @csspart messages - the scrolling list of messages
 */
@customElement('chat-panel')
export class ChatPanel extends LitElement {
  static override styles = [
    shared,
    sidePanel,
    css`
      ol {
        list-style: none;
        margin: 0;
        padding: 12px 16px;
        flex: 1;
        overflow-y: auto;
        display: flex;
        flex-direction: column;
        gap: 4px;
      }
      li {
        display: flex;
        flex-direction: column;
        align-items: flex-start;
        max-width: 100%;
      }
      li.own {
        align-items: flex-end;
      }
      li.first {
        margin-top: 10px;
      }
      .meta {
        font-size: 12px;
        color: var(--muted);
        margin: 0 4px 4px;
      }
      .meta b {
        color: var(--text);
        font-weight: 600;
        margin-right: 6px;
        overflow-wrap: anywhere;
      }
      .bubble {
        padding: 8px 12px;
        border-radius: 16px;
        background: var(--surface-3);
        max-width: 85%;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        line-height: 1.4;
        font-size: 14.5px;
      }
      li.own .bubble {
        background: var(--accent);
        color: white;
      }
      .empty {
        margin: auto;
        text-align: center;
        color: var(--muted);
        font-size: 14px;
        padding: 24px;
      }
      form {
        display: flex;
        gap: 8px;
        padding: 12px 16px calc(12px + env(safe-area-inset-bottom));
        border-top: 1px solid var(--border);
      }
      form input {
        border-radius: 999px;
        padding: 0 16px;
      }
      .send {
        width: 44px;
        height: 44px;
        border-radius: 50%;
        border: none;
        background: var(--accent);
        color: white;
        display: grid;
        place-items: center;
        flex: none;
      }
      .send[disabled] {
        background: var(--surface-3);
        color: var(--muted);
        cursor: default;
      }
    `,
  ];

  /** Every message so far, oldest first. */
  @property({ attribute: false }) messages: ChatMessage[] = [];
  /** Whether sending is possible (we are in the call). */
  @property({ type: Boolean, attribute: 'can-send' }) canSend = true;

  @query('ol') private _list!: HTMLOListElement;
  @query('input') private _input!: HTMLInputElement;
  private _draft = '';
  private _wasAtBottom = true;

  /** Puts the keyboard focus in the message field. */
  override focus(): void {
    this._input?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('messages') && this._list) {
      const { scrollTop, scrollHeight, clientHeight } = this._list;
      this._wasAtBottom = scrollHeight - scrollTop - clientHeight < 40;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    const last = this.messages[this.messages.length - 1];
    // Follow new messages, unless the reader scrolled up to read older ones.
    if (changed.has('messages') && (this._wasAtBottom || last?.isOwn)) this._list.scrollTop = this._list.scrollHeight;
  }

  private _onInput(): void {
    this._draft = this._input.value;
    this.requestUpdate();
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const text = this._draft.trim();
    if (!text || !this.canSend) return;
    this.dispatchEvent(new CustomEvent('send-message', { detail: { text }, bubbles: true, composed: true }));
    this._draft = '';
    this._input.value = '';
    this.requestUpdate();
  }

  private _onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') this.dispatchEvent(new CustomEvent('close', { bubbles: true, composed: true }));
  }

  private _renderMessage(message: ChatMessage, index: number) {
    const isFirst = startsGroup(message, this.messages[index - 1]);
    const time = timeFormat.format(new Date(message.time));
    // Cleaned, and isolated in <bdi> so a right-to-left name cannot reorder the time beside it (display-name.ts).
    const from = html`<bdi>${message.isOwn ? 'You' : displayName(message.from)}</bdi>`;
    return html`<li class="${message.isOwn ? 'own' : ''} ${isFirst ? 'first' : ''}" data-own=${message.isOwn}>
      ${
        isFirst
          ? html`<div class="meta"><b>${from}</b><time datetime=${new Date(message.time).toISOString()}>${time}</time></div>`
          : html`<span class="visually-hidden">${from} at ${time}:</span>`
      }
      <div class="bubble">${message.text}</div>
    </li>`;
  }

  override render() {
    return html`
      <header>
        <h2 id="chat-title">Chat</h2>
        <button class="icon-btn" aria-label="Close chat" @click=${() => this.dispatchEvent(new CustomEvent('close', { bubbles: true, composed: true }))}>
          ${closeIcon}
        </button>
      </header>
      <ol part="messages" aria-labelledby="chat-title" aria-live="polite" @keydown=${this._onKeydown}>
        ${this.messages.length === 0 ? html`<li class="empty">No messages yet. Say hello!</li>` : nothing}
        ${repeat(
          this.messages,
          (m) => m.seq,
          (m, i) => this._renderMessage(m, i),
        )}
      </ol>
      <form @submit=${this._onSubmit} @keydown=${this._onKeydown}>
        <label for="message" class="visually-hidden">Message</label>
        <input id="message" placeholder="Message everyone" autocomplete="off" maxlength="4000" @input=${this._onInput} ?disabled=${!this.canSend} />
        <button class="send" type="submit" aria-label="Send" ?disabled=${!this.canSend || this._draft.trim() === ''}>${sendIcon}</button>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-panel': ChatPanel;
  }
  interface HTMLElementEventMap {
    /** The user sent a chat message. */
    'send-message': CustomEvent<{ text: string }>;
  }
}
