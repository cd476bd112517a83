// The call: everyone's video, our controls, and the chat, participant list or
// connection settings beside it, and the state of the link to the server in
// words. It renders what the Manager reports and forwards what the user asks
// for; the logic lives in Manager and LocalMedia, and in this view's
// controllers: the levels, link marks and muted hint (call-levels.ts), the
// lock (call-lock.ts), the side panels and the code loaded on first use
// (call-panels.ts), and what people should know (call-awareness.ts).
// Longer than ~300 lines for a reason: its template is the whole call screen
// (top bar, stage, side panel, toolbar, menus and dialogs), wired to those
// controllers; splitting the template would only scatter that wiring.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { chatNote } from './chat-note.js';
import type { PrivateTarget } from '../call/chat-log.js';
import './control-bar.js';
import type { ControlAction, ControlBar } from './control-bar.js';
import { CallShortcuts, isApplePlatform, shortcutNames } from './call-shortcuts.js';
import './device-menu.js';
import { describeLostDevice } from '../media/device-list.js';
import type { SettingsDialog } from './settings-dialog.js';
import { linkIcon, logoIcon } from './icons.js';
import './link-status.js';
import './more-menu.js';
import type { ShortcutHelp } from './shortcut-help.js';
import type { LocalMedia } from '../media/local-media.js';
import type { CallState, Manager, Participant } from '../call/manager.js';
import type { RoomLock } from '../call/room-lock.js';
import type { Reaction } from '../peers/peer-gesture.js';
import './room-lock-control.js';
import type { RoomLockControl } from './room-lock-control.js';
import { shared } from './theme.js';
import { callViewStyles } from './call-view-styles.js';
import type { VideoGrid } from './video-grid.js';
import type { ViewMode } from '../call/stage.js';
import './view-controls.js';
import { CallAwareness } from './call-awareness.js';
import './gesture-buttons.js';
import './message-preview.js';
import { CallChat } from './call-chat.js';
import { CallLevels } from './call-levels.js';
import { CallLock } from './call-lock.js';
import { CallPanels } from './call-panels.js';
import { renderCallBanner } from './call-banner.js';

/**
 * The call view.
 *
 * @fires leave - when the user presses Leave
 */
@customElement('call-view')
export class CallView extends LitElement {
  static override styles = [shared, callViewStyles];

  /** The call's Manager. */
  @property({ attribute: false }) manager!: Manager;
  /** Our camera, microphone and screen. */
  @property({ attribute: false }) media!: LocalMedia;
  /** The room's name. */
  @property() room = '';
  /** The room's lock (client/call/room-lock.ts). */
  @property({ attribute: false }) lock: RoomLock | undefined;

  @state() private _participants: Participant[] = [];
  private _latestParticipants: Participant[] = [];
  @state() private _notice = '';
  @state() private _callState: CallState = 'idle';
  @query('room-lock-control') private _lockControl!: RoomLockControl | null;
  @query('settings-dialog') private _settings!: SettingsDialog | null;
  @state() private _isSettingsOpen = false;
  @query('control-bar') private _controls!: ControlBar;
  @query('video-grid') private _grid!: VideoGrid | null;
  /** Grid or speaker view (view-controls.ts); which tile is large is video-grid's Stage. */
  @state() private _view: ViewMode = 'grid';
  @query('shortcut-help') private _help!: ShortcutHelp | null;
  private readonly _shortcutNames = shortcutNames(isApplePlatform());
  private _shortcuts: CallShortcuts | undefined;
  private _offs: (() => void)[] = [];
  private _noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private _participantsTimer: ReturnType<typeof setTimeout> | undefined;
  /** The chat's messages, unread count and private target (call-chat.ts). */
  private readonly _chat = new CallChat(this);
  /** Everyone's audio level, the links' marks and "You're muted" (call-levels.ts). */
  private readonly _talk = new CallLevels(this, () => this._participants);
  /** The room's lock (call-lock.ts). */
  private readonly _lock = new CallLock(this, (message) => this._showNotice(message));
  /** The side panel shown, and the panels' and dialogs' code, loaded when first used (call-panels.ts). */
  private readonly _panels = new CallPanels(this, (message) => this._showNotice(message));
  /** Join and leave notices, the chat preview, the title's unread count, "Bob (2)" (call-awareness.ts). */
  private readonly _aware = new CallAwareness(this, (message) => this._showNotice(message));

  override connectedCallback(): void {
    super.connectedCallback();
    const m = this.manager;
    this._participants = m.participants();
    this._callState = m.state;
    this._offs = [
      m.on('participants', (list) => this._showParticipants(list)),
      m.on('state', (s) => (this._callState = s)),
      m.on('notice', ({ message }) => this._showNotice(message)),
      this.media.on('change', () => this.requestUpdate()),
      this.media.on('device-lost', ({ kind, label }) => this._showNotice(describeLostDevice(kind, label))),
    ];
    this._shortcuts = new CallShortcuts(window, {
      isActive: () => !this.hidden,
      toggleMic: () => void this._act('mic'),
      toggleCamera: () => void this._act('camera'),
      isMicOn: () => this.media.isMicOn,
      setMicOn: (isOn) => this.media.setMicOn(isOn),
      openHelp: () => void this._showHelp(),
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const off of this._offs) off();
    this._shortcuts?.dispose();
    clearTimeout(this._noticeTimer);
    clearTimeout(this._participantsTimer);
    this._participantsTimer = undefined;
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('_participants')) this._talk.watch();
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

  /** A lock change asked for in the top bar; its panel closes once the server took it. */
  private async _changeLock(apply: (lock: RoomLock) => Promise<void>): Promise<void> {
    if (await this._lock.change(apply)) this._lockControl?.close();
  }

  /** Puts the focus on the call's toolbar (after Join), so Tab goes on to its buttons. */
  async focusControls(): Promise<void> {
    await this.updateComplete;
    await this._controls.updateComplete;
    this._controls.focusBar();
  }

  private _onControl(event: CustomEvent<{ action: ControlAction }>): Promise<void> {
    return this._act(event.detail.action);
  }

  private async _act(action: ControlAction): Promise<void> {
    const media = this.media;
    switch (action) {
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
        return this._panels.open(this._panels.panel === 'chat' ? undefined : 'chat');
      case 'people':
        return this._panels.open(this._panels.panel === 'people' ? undefined : 'people');
      case 'settings':
        this._isSettingsOpen = true;
        if (!(await this._panels.use('settings'))) return void (this._isSettingsOpen = false);
        return this._settings?.show();
      case 'leave':
        this.dispatchEvent(new CustomEvent('leave', { bubbles: true, composed: true }));
        return;
    }
  }

  private async _showHelp(): Promise<void> {
    if (await this._panels.use('help')) await this._help?.show();
  }

  private _onSettingsClose(): void {
    this._isSettingsOpen = false;
    this._controls.focusControl('settings');
  }

  /** Closing a panel from inside it puts the focus back on the button that opened it. */
  private async _onPanelClose(): Promise<void> {
    const panel = this._panels.panel;
    await this._panels.open(undefined);
    if (panel) this._controls.focusControl(panel);
  }

  private _onSend(event: CustomEvent<{ text: string; to?: PrivateTarget }>): void {
    this.manager.sendText(event.detail.text, event.detail.to);
  }

  /** "Message privately" in the participant list: the chat opens, writing to them. */
  private async _onMessagePrivately(event: CustomEvent<{ target: PrivateTarget }>): Promise<void> {
    this._chat.setTarget(event.detail.target);
    await this._panels.open('chat');
  }

  private async _onCopyLink(): Promise<void> {
    try {
      await navigator.clipboard.writeText(location.href);
      this._showNotice(`Link copied. Send it to the people you want to talk to.${this._lock.linkNote}`);
    } catch {
      this._showNotice(`Share this link: ${location.href}.${this._lock.linkNote}`);
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
        ${
          this.lock
            ? html`<room-lock-control
                .state=${this._lock.state}
                .isBusy=${this._lock.isBusy}
                .error=${this._lock.error}
                .canChange=${this._callState === 'joined'}
                @lock-room=${(e: CustomEvent<{ password: string }>) => this._changeLock((lock) => lock.lock(e.detail.password))}
                @unlock-room=${() => this._changeLock((lock) => lock.unlock())}
              ></room-lock-control>`
            : nothing
        }
        <view-controls
          .view=${this._view}
          .canPip=${this._participants.length > 1}
          @view-change=${(e: CustomEvent<{ view: ViewMode }>) => (this._view = e.detail.view)}
          @picture-in-picture=${() => this._grid?.togglePictureInPicture().catch(() => this._showNotice('Picture-in-picture is not available now.'))}
        ></view-controls>
        <button class="btn ghost" @click=${this._onCopyLink}>${linkIcon} <span class="copy-label">Copy link</span></button>
        <more-menu .items=${[{ id: 'shortcuts', label: 'Keyboard shortcuts', hint: '?' }]} @menu-select=${() => void this._showHelp()}></more-menu>
      </div>
      ${this._panels.isLoaded('help') ? html`<shortcut-help .names=${this._shortcutNames}></shortcut-help>` : nothing}
      <video-grid
        .view=${this._view}
        @stop-presenting=${() => this.media.stopScreenShare()}
        .participants=${this._participants}
        .levels=${this._talk.levels}
        .qualities=${this._talk.qualities}
        .sinkId=${media.speakerId}
        .isAlone=${this._callState === 'joined' && this._participants.length === 1}
        .hasHadCompany=${this._aware.hasHadCompany}
        .labels=${this._aware.labels}
        .hands=${this.manager.gestures.hands.ranks()}
        .reactions=${this.manager.gestures.reactions.all()}
        @copy-link=${this._onCopyLink}
      ></video-grid>
      <aside class=${this._panels.panel === 'settings' ? 'wide' : ''} ?hidden=${!this._panels.panel} @close=${this._onPanelClose}>
        ${
          this._panels.isLoaded('chat')
            ? html`<chat-panel
                ?hidden=${this._panels.panel !== 'chat'}
                .messages=${this._chat.messages}
                .labels=${this._aware.labels}
                .hasOlder=${this._chat.hasOlder}
                .isLoadingOlder=${this._chat.isLoadingOlder}
                .target=${this._chat.target}
                .canSend=${['joined', 'reconnecting', 'offline'].includes(this._callState)}
                .sendNote=${chatNote(this._callState)}
                @send-message=${this._onSend}
                @retry-message=${(e: CustomEvent<{ mid: string }>) => this.manager.chat.retry(e.detail.mid)}
                @load-older=${() => void this.manager.chat.loadOlder()}
                @target-change=${(e: CustomEvent<{ target: PrivateTarget | undefined }>) => this._chat.setTarget(e.detail.target)}
              ></chat-panel>`
            : nothing
        }
        ${
          this._panels.isLoaded('people')
            ? html`<participant-list
                ?hidden=${this._panels.panel !== 'people'}
                .isActive=${this._panels.panel === 'people'}
                .participants=${this._participants}
                .getStats=${(id: string) => this.manager.getStats(id)}
                .labels=${this._aware.labels}
                .hands=${this.manager.gestures.hands.ranks()}
                @message-privately=${this._onMessagePrivately}
                ><join-sound-toggle .preference=${this._aware.sound}></join-sound-toggle
              ></participant-list>`
            : nothing
        }
        ${this._panels.renderLoading(() => void this._onPanelClose())}
      </aside>
      <control-bar
        .isMicOn=${media.isMicOn}
        .isCameraOn=${media.isCameraOn}
        .isSharing=${media.isSharingScreen}
        .canShare=${canShare}
        .isChatOpen=${this._panels.panel === 'chat'}
        .isPeopleOpen=${this._panels.panel === 'people'}
        .isSettingsOpen=${this._isSettingsOpen}
        .unread=${this._chat.unread}
        .count=${this._participants.length}
        .shortcuts=${this._shortcutNames}
        @control=${this._onControl}
        ><gesture-buttons
          .isHandRaised=${this.manager.gestures.isHandRaised}
          @hand-toggle=${() => this.manager.gestures.setHandRaised(!this.manager.gestures.isHandRaised)}
          @react=${(e: CustomEvent<{ emoji: Reaction }>) => this.manager.gestures.react(e.detail.emoji)}
        ></gesture-buttons
        ><device-menu slot="mic-menu" .media=${media} kinds="mic speaker" label="Choose microphone and speaker"></device-menu
        ><device-menu slot="camera-menu" .media=${media} kinds="camera" label="Choose camera"></device-menu
      ></control-bar>
      <message-preview
        .preview=${this._panels.panel === 'chat' ? undefined : this._aware.preview}
        @open-chat=${() => void this._panels.open('chat')}
        @dismiss=${() => this._aware.dismissPreview()}
      ></message-preview>
      ${
        this._panels.isLoaded('settings')
          ? html`<settings-dialog .media=${media} .levels=${this._talk.levels} .source=${this.manager.ice} @close=${this._onSettingsClose}></settings-dialog>`
          : nothing
      }
      ${renderCallBanner(this._callState, this.manager.disconnectReason, this._notice)}
      ${
        this._talk.isMutedHintShown
          ? html`<div class="muted-hint" role="status">
              <span>You're muted</span>
              <button class="btn primary" @click=${() => this.media.setMicOn(true)}>Unmute</button>
            </div>`
          : nothing
      }
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
