// The call: everyone's video, our controls, and the chat, participant list or
// connection settings beside it, and the state of the link to the server in
// words. It renders what the Manager reports and forwards what the user asks
// for; the logic lives in Manager and LocalMedia.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import './chat-panel.js';
import type { ChatPanel } from './chat-panel.js';
import type { ChatMessage } from '../call/chat-log.js';
import './control-bar.js';
import type { ControlAction, ControlBar } from './control-bar.js';
import './ice-settings-panel.js';
import type { IceSettingsPanel } from './ice-settings-panel.js';
import { linkIcon, logoIcon } from './icons.js';
import './link-status.js';
import type { LocalMedia } from '../media/local-media.js';
import type { CallState, Manager, Participant } from '../call/manager.js';
import './participant-list.js';
import { shared } from './theme.js';
import './video-grid.js';

type Panel = 'chat' | 'people' | 'settings';

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
      :host([hidden]) {
        display: none;
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
      link-status {
        margin-left: auto;
      }
      .top .btn {
        flex: none;
        min-height: 36px;
        padding: 0 14px;
        font-size: 13px;
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
      /* Room for a whole turns: URL on one line of the ICE server list. */
      aside.wide {
        width: 420px;
      }
      aside[hidden],
      aside > [hidden] {
        display: none;
      }
      aside > * {
        flex: 1;
        min-height: 0;
      }
      video-grid {
        grid-area: stage;
        min-height: 0;
        min-width: 0;
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
      .toast.banner.warn {
        border-color: rgba(245, 158, 11, 0.55);
      }
      .toast.banner p {
        margin: 0;
        line-height: 1.4;
      }
      .toast.banner .small {
        color: var(--muted);
        font-size: 13px;
      }
      @media (max-width: 720px) {
        .toast {
          width: calc(100% - 24px);
          max-width: max-content;
          /* Below the top bar: it spans the whole width on a phone, and the
             link's state and Copy link must stay in view under a banner. */
          top: 62px;
        }
        :host {
          grid-template-columns: 1fr;
          grid-template-areas: 'top' 'stage' 'controls';
        }
        aside,
        aside.wide {
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
  private _latestParticipants: Participant[] = [];
  @state() private _messages: ChatMessage[] = [];
  @state() private _unread = 0;
  @state() private _panel: Panel | undefined;
  @state() private _notice = '';
  @state() private _callState: CallState = 'idle';
  @query('chat-panel') private _chatPanel!: ChatPanel;
  @query('ice-settings-panel') private _settingsPanel!: IceSettingsPanel | null;
  @query('control-bar') private _controls!: ControlBar;
  private _offs: (() => void)[] = [];
  private _noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private _participantsTimer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    const m = this.manager;
    this._participants = m.participants();
    this._messages = [...m.chat.messages];
    this._callState = m.state;
    this._offs = [
      m.on('participants', (list) => this._showParticipants(list)),
      m.on('state', (s) => (this._callState = s)),
      m.on('notice', ({ message }) => this._showNotice(message)),
      m.chat.on('message', () => (this._messages = [...m.chat.messages])),
      m.chat.on('unread', (n) => (this._unread = n)),
    ];
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const off of this._offs) off();
    clearTimeout(this._noticeTimer);
    clearTimeout(this._participantsTimer);
    this._participantsTimer = undefined;
  }

  /**
   * Shows the latest list in a task of its own, after the one that reported
   * it. A list changes when a connection is created or its remote track
   * arrives, and in that same task the connection queues its next WebRTC
   * step (createOffer, or createAnswer after the offer's track event):
   * rendering there (a new tile, a <video> given a stream: 10 to 30 ms on
   * a busy machine) held that step back, and so the whole join. A burst of
   * changes renders once.
   */
  private _showParticipants(list: Participant[]): void {
    this._latestParticipants = list;
    this._participantsTimer ??= setTimeout(() => {
      this._participantsTimer = undefined;
      this._participants = this._latestParticipants;
    });
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
      case 'settings':
        return this._setPanel(this._panel === 'settings' ? undefined : 'settings');
      case 'leave':
        this.dispatchEvent(new CustomEvent('leave', { bubbles: true, composed: true }));
        return;
    }
  }

  private async _setPanel(panel: Panel | undefined): Promise<void> {
    this._panel = panel;
    this.manager.chat.setVisible(panel === 'chat');
    await this.updateComplete;
    if (panel === 'chat') this._chatPanel.focus();
    if (panel === 'settings') {
      await this._settingsPanel?.updateComplete;
      this._settingsPanel?.focus();
    }
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

  /** What the user must know about the link to the server; otherwise the latest notice. */
  private _renderBanner() {
    switch (this._callState) {
      case 'reconnecting':
        return html`<div class="toast banner warn" role="alert">
          <p>Lost the connection to the server. Reconnecting…<br /><span class="small">The call goes on meanwhile.</span></p>
        </div>`;
      case 'offline':
        return html`<div class="toast banner" role="alert">
          <p>Offline: the server is gone. Still trying to reconnect…<br /><span class="small">Check your connection, or rejoin later.</span></p>
        </div>`;
      case 'disconnected':
        return html`<div class="toast banner" role="alert">
          <p>${this.manager.disconnectReason || 'Lost the connection to the server.'}</p>
          <button class="btn primary" @click=${() => location.reload()}>Rejoin</button>
        </div>`;
      default:
        return this._notice ? html`<div class="toast" role="status">${this._notice}</div>` : nothing;
    }
  }

  override render() {
    const media = this.media;
    const canShare = typeof navigator.mediaDevices?.getDisplayMedia === 'function';
    return html`
      <div class="top">
        <span class="brand">${logoIcon} Parley</span>
        <span class="room" title="Room">${this.room}</span>
        <link-status .state=${this._callState}></link-status>
        <button class="btn ghost" @click=${this._onCopyLink}>${linkIcon} Copy link</button>
      </div>
      <video-grid .participants=${this._participants} .isAlone=${this._callState === 'joined' && this._participants.length === 1} @copy-link=${this._onCopyLink}></video-grid>
      <aside class=${this._panel === 'settings' ? 'wide' : ''} ?hidden=${!this._panel} @close=${this._onPanelClose}>
        <chat-panel ?hidden=${this._panel !== 'chat'} .messages=${this._messages} .canSend=${this._callState === 'joined'} @send-message=${this._onSend}></chat-panel>
        <participant-list
          ?hidden=${this._panel !== 'people'}
          .isActive=${this._panel === 'people'}
          .participants=${this._participants}
          .getStats=${(id: string) => this.manager.getStats(id)}
        ></participant-list>
        ${this._panel === 'settings' ? html`<ice-settings-panel .source=${this.manager.ice}></ice-settings-panel>` : nothing}
      </aside>
      <control-bar
        .isMicOn=${media.isMicOn}
        .isCameraOn=${media.isCameraOn}
        .isSharing=${media.isSharingScreen}
        .canShare=${canShare}
        .isChatOpen=${this._panel === 'chat'}
        .isPeopleOpen=${this._panel === 'people'}
        .isSettingsOpen=${this._panel === 'settings'}
        .unread=${this._unread}
        .count=${this._participants.length}
        @control=${this._onControl}
      ></control-bar>
      ${this._renderBanner()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'call-view': CallView;
  }
  interface HTMLElementEventMap {
    /** The user pressed Leave. */
    leave: CustomEvent<void>;
  }
}
