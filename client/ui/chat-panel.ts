// The chat beside the call: what was said before we joined (above an
// "Earlier messages" divider; scrolling up loads older pages), messages with
// name and time, our own with their delivery state (sending, sent, or failed
// with Retry), direct messages marked and answerable in one click, links
// clickable, and a field to write in, to everyone or privately. Text is
// always rendered as text nodes and <a> elements built here, never as HTML.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ChatMessage, PrivateTarget } from '../call/chat-log.js';
import { chatPanelStyles } from './chat-panel-styles.js';
import { displayName } from './display-name.js';
import { checkIcon, closeIcon, lockIcon, replyIcon, sendIcon } from './icons.js';
import { splitLinks } from './message-links.js';
import { shared, sidePanel } from './theme.js';

/** Messages from one sender closer together than this share one heading. */
const GROUP_GAP_MS = 2 * 60_000;
/** Scrolled to within this many pixels of the top, the next older page is asked for. */
const LOAD_OLDER_AT_PX = 120;

/** Whether `message` starts a new group (needs its own name and time). */
export function startsGroup(message: ChatMessage, previous: ChatMessage | undefined): boolean {
  if (!previous || previous.isOwn !== message.isOwn || message.time - previous.time > GROUP_GAP_MS) return true;
  if (previous.private?.peerId !== message.private?.peerId || previous.private?.direction !== message.private?.direction) return true;
  return !message.isOwn && previous.senderId !== message.senderId;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** The message text, its http(s) links as <a> elements that open in a new tab without the page's opener or referrer. */
export function renderText(text: string) {
  return splitLinks(text).map((part) => (part.kind === 'link' ? html`<a href=${part.href} target="_blank" rel="noopener noreferrer">${part.text}</a>` : part.text));
}

/**
 * The chat panel.
 *
 * @fires send-message - {detail: {text, to?}} when the user sends a message (`to`: privately)
 * @fires retry-message - {detail: {mid}} when the user asks to send a failed message again
 * @fires load-older - when the reader scrolls up to the oldest message shown, and older ones remain
 * @fires target-change - {detail: {target}} when the user picks whom to write privately, or goes back to everyone (undefined)
 * @fires close - when the user closes the panel
 * @csspart messages - the scrolling list of messages
 */
@customElement('chat-panel')
export class ChatPanel extends LitElement {
  static override styles = [shared, sidePanel, chatPanelStyles];

  /** Every message so far, oldest first. */
  @property({ attribute: false }) messages: readonly ChatMessage[] = [];
  /** id → the name shown in the call, "Bob (2)" for a second Bob (call-awareness.ts). */
  @property({ attribute: false }) labels: ReadonlyMap<string, string> = new Map();
  /** Whether sending is possible (we are in the call, or reconnecting to it). */
  @property({ type: Boolean, attribute: 'can-send' }) canSend = true;
  /** Why sending is off, or why messages wait (the server is away); shown by the field. */
  @property() sendNote = '';
  /** Whether older messages remain to be loaded. */
  @property({ type: Boolean, attribute: 'has-older' }) hasOlder = false;
  @property({ type: Boolean, attribute: 'loading-older' }) isLoadingOlder = false;
  /** Whom the next message goes to privately; undefined: everyone. */
  @property({ attribute: false }) target: PrivateTarget | undefined;

  @query('ol') private _list!: HTMLOListElement;
  @query('textarea') private _input!: HTMLTextAreaElement;
  private _draft = '';
  private _wasAtBottom = true;
  /** Scroll state before an update that may prepend older messages, to keep the reader's place. */
  private _anchor: { firstKey: string | undefined; fromBottom: number } | undefined;

  /** Puts the keyboard focus in the message field. */
  override focus(): void {
    this._input?.focus();
  }

  /** Scrolls to the newest message: the panel was opened. */
  showLatest(): void {
    if (this._list) this._list.scrollTop = this._list.scrollHeight;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('messages') && this._list) {
      const { scrollTop, scrollHeight, clientHeight } = this._list;
      // Hidden (no height), the panel shows the newest when it is opened (showLatest).
      this._wasAtBottom = clientHeight === 0 || scrollHeight - scrollTop - clientHeight < 40;
      this._anchor = { firstKey: changed.get('messages')?.[0]?.key, fromBottom: scrollHeight - scrollTop };
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has('messages')) return;
    const list = this._list;
    const last = this.messages[this.messages.length - 1];
    const wasPrepended = this._anchor?.firstKey !== undefined && this.messages[0]?.key !== this._anchor.firstKey;
    // Follow new messages, unless the reader scrolled up to read older ones;
    // older ones put in above keep the reader's message where it was.
    if (this._wasAtBottom || (last?.isOwn && last.state === 'sending' && !wasPrepended)) list.scrollTop = list.scrollHeight;
    else if (wasPrepended && this._anchor) list.scrollTop = list.scrollHeight - this._anchor.fromBottom;
    this._anchor = undefined;
  }

  private _fire<T>(type: string, detail?: T): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private _onScroll(): void {
    if (this.hasOlder && !this.isLoadingOlder && this._list.scrollTop < LOAD_OLDER_AT_PX) this._fire('load-older');
  }

  private _onInput(): void {
    this._draft = this._input.value;
    this.requestUpdate();
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const text = this._draft.trim();
    if (!text || !this.canSend) return;
    this._fire('send-message', this.target ? { text, to: this.target } : { text });
    this._draft = '';
    this._input.value = '';
    this.requestUpdate();
  }

  /** Enter sends, Shift+Enter starts a new line (as in Meet and Slack); Enter that ends an IME composition only composes. */
  private _onFieldKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this._input.form?.requestSubmit();
  }

  private _onKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    // Escape first leaves a private conversation, then closes the panel.
    if (this.target && event.currentTarget instanceof HTMLFormElement) this._fire('target-change', { target: undefined });
    else this._fire('close');
  }

  private async _replyTo(message: ChatMessage): Promise<void> {
    if (!message.private) return;
    this._fire('target-change', { target: { id: message.private.peerId, name: message.private.name } });
    await this.updateComplete;
    this.focus();
  }

  /** The sender as the call shows them ("Bob (2)"), while that is still the name they wrote under. */
  private _nameOf(message: ChatMessage): string {
    const name = displayName(message.from);
    const label = this.labels.get(message.senderId);
    return label === name || label?.startsWith(`${name} (`) ? label : name;
  }

  private _renderMark(message: ChatMessage) {
    const mark = message.private;
    if (!mark) return nothing;
    const name = html`<bdi>${displayName(mark.name)}</bdi>`;
    return html`<span class="private-mark" data-private=${mark.direction}
      >${lockIcon}${mark.direction === 'to' ? html`Privately to ${name}` : html`Privately from ${name}`}</span
    >`;
  }

  private _renderUnder(message: ChatMessage, isLastOwn: boolean) {
    const reply =
      message.private?.direction === 'from'
        ? html`<button class="link-btn" @click=${() => this._replyTo(message)} aria-label=${`Reply privately to ${displayName(message.private.name)}`}>
            ${replyIcon} Reply privately
          </button>`
        : nothing;
    switch (message.state) {
      case 'sending':
        return html`<div class="under" data-status="sending">Sending…</div>`;
      case 'failed':
        return html`<div class="under failed" data-status="failed">
          <span>${message.failure ?? 'Not sent'}</span>
          <button class="link-btn" @click=${() => this._fire('retry-message', { mid: message.mid })}>Retry</button>
        </div>`;
      case 'sent':
        // A check on each; the word only under the latest, as messengers do.
        return html`<div class="under" data-status="sent">${checkIcon}<span class=${isLastOwn ? '' : 'visually-hidden'}>Sent</span></div>`;
      default:
        return reply === nothing ? nothing : html`<div class="under">${reply}</div>`;
    }
  }

  private _renderMessage(message: ChatMessage, index: number, lastOwnKey: string | undefined) {
    const previous = this.messages[index - 1];
    const isFirst = startsGroup(message, previous) || previous?.isEarlier !== message.isEarlier;
    const time = timeFormat.format(new Date(message.time));
    // Cleaned, and isolated in <bdi> so a right-to-left name cannot reorder the time beside it (display-name.ts).
    const from = html`<bdi>${message.isOwn ? 'You' : this._nameOf(message)}</bdi>`;
    const classes = [message.isOwn ? 'own' : '', isFirst ? 'first' : '', message.private ? 'private' : '', message.state ?? ''].join(' ');
    return html`<li class=${classes} data-own=${message.isOwn} data-key=${message.key} data-state=${message.state ?? nothing}>
      ${
        isFirst
          ? html`<div class="meta"><b>${from}</b><time datetime=${new Date(message.time).toISOString()}>${time}</time></div>`
          : html`<span class="visually-hidden">${from} at ${time}:</span>`
      }
      ${isFirst || message.private?.direction !== previous?.private?.direction ? this._renderMark(message) : nothing}
      <div class="bubble">${renderText(message.text)}</div>
      ${this._renderUnder(message, message.key === lastOwnKey)}
    </li>`;
  }

  private _renderList() {
    const messages = this.messages;
    let lastEarlier = -1;
    /** Our latest sent message: the only one that says "Sent" in words. */
    let lastOwnKey: string | undefined;
    messages.forEach((m, i) => {
      if (m.isEarlier) lastEarlier = i;
      if (m.state === 'sent') lastOwnKey = m.key;
    });
    // The divider sits under what was said before we joined.
    const rows: (number | 'divider')[] = messages.map((_, i) => i);
    if (lastEarlier >= 0) rows.splice(lastEarlier + 1, 0, 'divider');
    return repeat(
      rows,
      (row) => (row === 'divider' ? 'divider' : messages[row]!.key),
      (row) => (row === 'divider' ? html`<li class="divider" role="separator" data-divider>Earlier messages</li>` : this._renderMessage(messages[row]!, row, lastOwnKey)),
    );
  }

  override render() {
    const target = this.target;
    const targetName = target ? displayName(target.name) : '';
    return html`
      <header>
        <h2 id="chat-title">Chat</h2>
        <button class="icon-btn" aria-label="Close chat" @click=${() => this._fire('close')}>${closeIcon}</button>
      </header>
      <ol part="messages" aria-labelledby="chat-title" aria-live="polite" aria-busy=${this.isLoadingOlder} @keydown=${this._onKeydown} @scroll=${this._onScroll}>
        ${
          this.hasOlder
            ? html`<li class="older">
                <button class="btn ghost" ?disabled=${this.isLoadingOlder} @click=${() => this._fire('load-older')}>
                  ${this.isLoadingOlder ? 'Loading…' : 'Load earlier messages'}
                </button>
              </li>`
            : nothing
        }
        ${this.messages.length === 0 ? html`<li class="empty">No messages yet. Say hello!</li>` : nothing} ${this._renderList()}
      </ol>
      <div class="composer">
        ${
          target
            ? html`<div class="target" data-target>
                ${lockIcon}<span>Privately to <bdi>${targetName}</bdi></span>
                <button aria-label="Message everyone instead" title="Message everyone instead" @click=${() => this._fire('target-change', { target: undefined })}>
                  ${closeIcon}
                </button>
              </div>`
            : nothing
        }
        ${this.sendNote ? html`<p class="send-note" id="send-note">${this.sendNote}</p>` : nothing}
        <form @submit=${this._onSubmit} @keydown=${this._onKeydown}>
          <label for="message" class="visually-hidden">Message</label>
          <textarea
            id="message"
            rows="1"
            placeholder=${!this.canSend && this.sendNote ? 'Chat is off' : target ? `Message ${targetName} privately` : 'Message everyone'}
            autocomplete="off"
            maxlength="4000"
            aria-describedby=${this.sendNote ? 'send-note' : nothing}
            @input=${this._onInput}
            @keydown=${this._onFieldKeydown}
            ?disabled=${!this.canSend}
          ></textarea>
          <button class="send" type="submit" aria-label="Send" ?disabled=${!this.canSend || this._draft.trim() === ''}>${sendIcon}</button>
        </form>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-panel': ChatPanel;
  }
  interface HTMLElementEventMap {
    /** The user sent a chat message; `to` when privately. */
    'send-message': CustomEvent<{ text: string; to?: PrivateTarget }>;
    'retry-message': CustomEvent<{ mid: string }>;
    'load-older': CustomEvent<undefined>;
    'target-change': CustomEvent<{ target: PrivateTarget | undefined }>;
  }
}
