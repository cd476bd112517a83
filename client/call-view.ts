// The call: everyone's video, our controls, and the chat or participant list
// beside it. It renders what the Manager reports and forwards what the user
// asks for; the logic lives in Manager and LocalMedia.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import './chat-panel.js';
import type { ChatPanel } from './chat-panel.js';
import type { ChatMessage } from './chat-log.js';
import './control-bar.js';
import type { ControlAction, ControlBar } from './control-bar.js';
import { bestGrid } from './grid-layout.js';
import { linkIcon, logoIcon } from './icons.js';
import type { LocalMedia } from './local-media.js';
import type { CallState, Manager, Participant } from './manager.js';
import './participant-list.js';
import { shared } from './theme.js';
import './video-tile.js';

/**
 * The call view.
 *
 * @fires leave - when the user presses Leave
 */
@customElement('call-view')
export class CallView extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: grid;
        grid-template-columns: 1fr auto;
        grid-template-rows: auto 1fr auto;
        grid-template-areas: 'top top' 'stage side' 'controls controls';
        height: 100dvh;
        background: var(--bg);
        overflow: hidden;
      }
      .top {
        grid-area: top;
        display: flex;
        align-items: center;
        gap: 12px;
        padding: 10px 16px;
      }
      .brand {
        display: flex;
        align-items: center;
        gap: 8px;
        font-weight: 700;
        color: var(--accent);
      }
      .room {
        color: var(--muted);
        font-size: 14px;
        font-variant-numeric: tabular-nums;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        min-width: 0;
      }
      .top .btn {
        margin-left: auto;
        min-height: 36px;
        padding: 0 14px;
        font-size: 13px;
      }
      .stage {
        grid-area: stage;
        position: relative;
        display: flex;
        flex-wrap: wrap;
        justify-content: center;
        align-content: center;
        gap: var(--gap);
        --gap: 10px;
        padding: 0 12px;
        min-height: 0;
        min-width: 0;
      }
      /* Equal cells; the last row is centred when it is not full. */
      .stage > video-tile:not(.pip) {
        width: calc((100% - (var(--columns) - 1) * var(--gap)) / var(--columns));
        height: calc((100% - (var(--rows) - 1) * var(--gap)) / var(--rows));
      }
      .pip {
        position: absolute;
        right: 24px;
        bottom: 12px;
        width: clamp(120px, 22%, 280px);
        aspect-ratio: 16 / 9;
        z-index: 2;
        box-shadow: 0 8px 24px rgba(0, 0, 0, 0.45);
        border-radius: var(--radius);
      }
      .waiting {
        position: absolute;
        inset: 0;
        display: grid;
        place-items: center;
        pointer-events: none;
        padding: 16px;
      }
      .waiting .card {
        pointer-events: auto;
        background: rgba(23, 26, 33, 0.88);
        backdrop-filter: blur(10px);
        border: 1px solid var(--border);
        border-radius: 18px;
        padding: 22px 24px;
        max-width: 380px;
        text-align: center;
      }
      .waiting h2 {
        margin: 0 0 6px;
        font-size: 18px;
      }
      .waiting p {
        margin: 0 0 16px;
        color: var(--muted);
        font-size: 14px;
        line-height: 1.5;
      }
      aside {
        grid-area: side;
        width: 360px;
        margin-right: 12px;
        background: var(--surface);
        border: 1px solid var(--border);
        border-radius: var(--radius);
        overflow: hidden;
        display: flex;
        flex-direction: column;
      }
      aside[hidden],
      aside > [hidden] {
        display: none;
      }
      aside > * {
        flex: 1;
        min-height: 0;
      }
      control-bar {
        grid-area: controls;
      }
      .toast {
        position: fixed;
        left: 50%;
        top: 16px;
        transform: translateX(-50%);
        background: var(--surface-3);
        border: 1px solid var(--border);
        padding: 10px 16px;
        border-radius: 12px;
        font-size: 14px;
        z-index: 10;
        box-shadow: 0 8px 24px rgba(0, 0, 0, 0.4);
      }
      .toast.banner {
        display: flex;
        align-items: center;
        gap: 14px;
        border-color: rgba(239, 68, 68, 0.5);
      }
      .toast.banner .btn {
        min-height: 36px;
      }
      @media (max-width: 720px) {
        :host {
          grid-template-columns: 1fr;
          grid-template-areas: 'top' 'stage' 'controls';
        }
        .stage {
          padding: 0 8px;
          --gap: 8px;
        }
        /* Equal cells; the last row is centred when it is not full. */
      .stage > video-tile:not(.pip) {
        width: calc((100% - (var(--columns) - 1) * var(--gap)) / var(--columns));
        height: calc((100% - (var(--rows) - 1) * var(--gap)) / var(--rows));
      }
      .pip {
          right: 16px;
          bottom: 12px;
          width: 30%;
          aspect-ratio: 3 / 4;
        }
        aside {
          position: fixed;
          inset: 0;
          width: auto;
          margin: 0;
          border-radius: 0;
          border: none;
          z-index: 5;
        }
      }
    `,
  ];

  /** The call's Manager. */
  @property({ attribute: false }) manager!: Manager;
  /** Our camera, microphone and screen. */
  @property({ attribute: false }) media!: LocalMedia;
  /** The room's name. */
  @property() room = '';

  @state() private _participants: Participant[] = [];
  @state() private _messages: ChatMessage[] = [];
  @state() private _unread = 0;
  @state() private _panel: 'chat' | 'people' | undefined;
  @state() private _notice = '';
  @state() private _callState: CallState = 'idle';
  @state() private _grid = { columns: 1, rows: 1 };
  @query('.stage') private _stage!: HTMLElement;
  @query('chat-panel') private _chatPanel!: ChatPanel;
  @query('control-bar') private _controls!: ControlBar;
  private _offs: (() => void)[] = [];
  private _resize = new ResizeObserver(() => this._layout());
  private _noticeTimer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    const m = this.manager;
    this._participants = m.participants();
    this._messages = [...m.chat.messages];
    this._callState = m.state;
    this._offs = [
      m.on('participants', (list) => (this._participants = list)),
      m.on('state', (s) => (this._callState = s)),
      m.on('notice', ({ message }) => this._showNotice(message)),
      m.chat.on('message', () => (this._messages = [...m.chat.messages])),
      m.chat.on('unread', (n) => (this._unread = n)),
    ];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const off of this._offs) off();
    this._resize.disconnect();
    clearTimeout(this._noticeTimer);
  }

  protected override firstUpdated(): void {
    this._resize.observe(this._stage);
  }

  protected override updated(): void {
    this._layout();
  }

  private _layout(): void {
    const count = this._gridCount();
    const { clientWidth, clientHeight } = this._stage;
    const next = bestGrid(count, clientWidth, clientHeight);
    if (next.columns !== this._grid.columns || next.rows !== this._grid.rows) this._grid = next;
  }

  /** Tiles in the grid: with one other person we show them large and ourselves inset. */
  private _gridCount(): number {
    return this._participants.length === 2 ? 1 : this._participants.length;
  }

  private _showNotice(message: string): void {
    this._notice = message;
    clearTimeout(this._noticeTimer);
    this._noticeTimer = setTimeout(() => (this._notice = ''), 4000);
  }

  private async _onControl(event: CustomEvent<{ action: ControlAction }>): Promise<void> {
    const media = this.media;
    switch (event.detail.action) {
      case 'mic':
        return media.setMicOn(!media.isMicOn);
      case 'camera':
        await media.setCameraOn(!media.isCameraOn);
        if (media.problem && !media.isCameraOn) this._showNotice(media.problem);
        return;
      case 'screen':
        if (media.isSharingScreen) return media.stopScreenShare();
        await media.startScreenShare();
        return;
      case 'chat':
        return this._setPanel(this._panel === 'chat' ? undefined : 'chat');
      case 'people':
        return this._setPanel(this._panel === 'people' ? undefined : 'people');
      case 'leave':
        this.dispatchEvent(new CustomEvent('leave', { bubbles: true, composed: true }));
        return;
    }
  }

  private async _setPanel(panel: 'chat' | 'people' | undefined): Promise<void> {
    this._panel = panel;
    this.manager.chat.setVisible(panel === 'chat');
    await this.updateComplete;
    if (panel === 'chat') this._chatPanel.focus();
  }

  /** Closing a panel from inside it puts the focus back on the button that opened it. */
  private async _onPanelClose(): Promise<void> {
    const panel = this._panel;
    await this._setPanel(undefined);
    if (panel) this._controls.focusControl(panel);
  }

  private _onSend(event: CustomEvent<{ text: string }>): void {
    this.manager.sendText(event.detail.text);
  }

  private async _onCopyLink(): Promise<void> {
    try {
      await navigator.clipboard.writeText(location.href);
      this._showNotice('Link copied. Send it to the people you want to talk to.');
    } catch {
      this._showNotice(`Share this link: ${location.href}`);
    }
  }

  private _renderTile(p: Participant, isSmall = false) {
    return html`<video-tile
      class=${isSmall ? 'pip' : ''}
      ?small=${isSmall}
      .stream=${p.stream}
      .name=${p.username}
      .peerId=${p.id}
      .isSelf=${p.isSelf}
      .isMicOn=${p.status.audio}
      .isCameraOn=${p.isSelf ? this.media.previewTrack !== undefined : p.status.video}
      .isScreen=${p.status.screen}
      .state=${p.state}
    ></video-tile>`;
  }

  private _renderStage() {
    const [self, ...others] = this._participants;
    if (!self) return nothing;
    if (others.length === 1) return html`${this._renderTile(others[0]!)}${this._renderTile(self, true)}`;
    return html`${repeat(this._participants, (p) => p.id, (p) => this._renderTile(p))}
      ${others.length === 0 && this._callState === 'joined'
        ? html`<div class="waiting">
            <div class="card">
              <h2>You're the first one here</h2>
              <p>Share the link to this page with the people you want to talk to.</p>
              <button class="btn primary" @click=${this._onCopyLink}>${linkIcon} Copy link</button>
            </div>
          </div>`
        : nothing}`;
  }

  override render() {
    const media = this.media;
    const canShare = typeof navigator.mediaDevices?.getDisplayMedia === 'function';
    return html`
      <div class="top">
        <span class="brand">${logoIcon} Parley</span>
        <span class="room" title="Room">${this.room}</span>
        <button class="btn ghost" @click=${this._onCopyLink}>${linkIcon} Copy link</button>
      </div>
      <main
        class="stage"
        aria-label="Video"
        style="--columns: ${this._grid.columns}; --rows: ${this._grid.rows}"
      >
        ${this._renderStage()}
      </main>
      <aside ?hidden=${!this._panel} @close=${this._onPanelClose}>
        <chat-panel ?hidden=${this._panel !== 'chat'} .messages=${this._messages} .canSend=${this._callState === 'joined'} @send-message=${this._onSend}></chat-panel>
        <participant-list
          ?hidden=${this._panel !== 'people'}
          .isActive=${this._panel === 'people'}
          .participants=${this._participants}
          .getStats=${(id: string) => this.manager.getStats(id)}
        ></participant-list>
      </aside>
      <control-bar
        .isMicOn=${media.isMicOn}
        .isCameraOn=${media.isCameraOn}
        .isSharing=${media.isSharingScreen}
        .canShare=${canShare}
        .isChatOpen=${this._panel === 'chat'}
        .isPeopleOpen=${this._panel === 'people'}
        .unread=${this._unread}
        .count=${this._participants.length}
        @control=${this._onControl}
      ></control-bar>
      ${this._callState === 'disconnected'
        ? html`<div class="toast banner" role="alert">
            Lost the connection to the server.
            <button class="btn primary" @click=${() => location.reload()}>Rejoin</button>
          </div>`
        : this._notice
          ? html`<div class="toast" role="status">${this._notice}</div>`
          : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'call-view': CallView;
  }
}
