// The call: everyone's video, our controls, and the chat, participant list or
// connection settings beside it, and the state of the link to the server in
// words. It renders what the Manager reports and forwards what the user asks
// for; the logic lives in Manager and LocalMedia.
//
// Over ~300 lines after three branches landed at once (the lock, the speaking
// ring and link marks, the chat's private messages): the next split is a
// ReactiveController for the levels and link marks (_watchLevels, _rateLinks,
// the muted hint) and one for the lock, each with its own state.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ChatPanel } from './chat-panel.js';
import { chatNote } from './chat-note.js';
import type { ChatMessage, PrivateTarget } from '../call/chat-log.js';
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
import { AudioLevels } from '../media/audio-levels.js';
import { rateLink, type LinkQuality } from '../peers/link-quality.js';
import type { CallState, Manager, Participant } from '../call/manager.js';
import { SignalerError } from '../signaling/signaler-events.js';
import type { RoomLock, RoomLockState } from '../call/room-lock.js';
import type { Reaction } from '../peers/peer-gesture.js';
import './room-lock-control.js';
import type { RoomLockControl } from './room-lock-control.js';
import { shared } from './theme.js';
import { callViewStyles } from './call-view-styles.js';
import { levelKey, type VideoGrid } from './video-grid.js';
import type { ViewMode } from '../call/stage.js';
import './view-controls.js';
import { CallAwareness } from './call-awareness.js';
import './gesture-buttons.js';
import './message-preview.js';
import { LazyParts } from './lazy-parts.js';

type Panel = 'chat' | 'people' | 'settings';

/** What a part is called in "Could not load …". */
const PART_NAMES = { chat: 'the chat', people: 'the participant list', settings: 'the settings', help: 'the keyboard shortcuts' } as const;
type Part = keyof typeof PART_NAMES;

/** How often the links' quality marks are refreshed. */
const QUALITY_INTERVAL_MS = 3000;
/** How long "You're muted" stays after we stop talking. */
const MUTED_HINT_MS = 3000;
const PASSWORD_NEEDED = ' The room is locked: they will need its password too.';

/** Why a lock change failed, in the user's words. */
function lockFailure(error: unknown): string {
  const code = error instanceof SignalerError ? error.code : '';
  if (code === 'history-unavailable') return 'The server could not store the lock. The room is as it was; try again.';
  if (code === 'closed' || code === 'timeout') return 'The server did not answer. The room is as it was; try again once reconnected.';
  return 'The room could not be changed. Try again.';
}

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
  @state() private _messages: readonly ChatMessage[] = [];
  @state() private _hasOlder = false;
  @state() private _isLoadingOlder = false;
  /** Whom the chat writes to privately; undefined: everyone. */
  @state() private _chatTarget: PrivateTarget | undefined;
  @state() private _unread = 0;
  @state() private _panel: Panel | undefined;
  @state() private _notice = '';
  @state() private _callState: CallState = 'idle';
  @state() private _lockState: RoomLockState = { isLocked: false, byName: '', isByMe: false };
  @state() private _isLockBusy = false;
  @state() private _lockError = '';
  @query('room-lock-control') private _lockControl!: RoomLockControl | null;
  @query('chat-panel') private _chatPanel!: ChatPanel | null;
  @query('settings-dialog') private _settings!: SettingsDialog | null;
  @state() private _isSettingsOpen = false;
  @query('control-bar') private _controls!: ControlBar;
  @query('video-grid') private _grid!: VideoGrid | null;
  /** Grid or speaker view (view-controls.ts); which tile is large is video-grid's Stage. */
  @state() private _view: ViewMode = 'grid';
  @query('shortcut-help') private _help!: ShortcutHelp | null;
  /** The panels and dialogs, loaded when first opened (lazy-parts.ts): not needed to join. */
  private readonly _parts = new LazyParts<Part>(this, {
    chat: () => import('./chat-panel.js'),
    people: () => Promise.all([import('./participant-list.js'), import('./join-sound-toggle.js')]),
    settings: () => import('./settings-dialog.js'),
    help: () => import('./shortcut-help.js'),
  });
  private readonly _shortcutNames = shortcutNames(isApplePlatform());
  private _shortcuts: CallShortcuts | undefined;
  private _offs: (() => void)[] = [];
  private _noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private _participantsTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly _levels = new AudioLevels();
  @state() private _qualities: ReadonlyMap<string, LinkQuality> = new Map();
  /** We spoke while muted: "You're muted" shows. */
  @state() private _isMutedHintShown = false;
  private _mutedHintTimer: ReturnType<typeof setTimeout> | undefined;
  private _qualityTimer: ReturnType<typeof setInterval> | undefined;
  /** Join and leave notices, the chat preview, the title's unread count, "Bob (2)" (call-awareness.ts). */
  private readonly _aware = new CallAwareness(this, (message) => this._showNotice(message));

  override connectedCallback(): void {
    super.connectedCallback();
    const m = this.manager;
    this._participants = m.participants();
    this._showChat();
    this._callState = m.state;
    this._offs = [
      m.on('participants', (list) => this._showParticipants(list)),
      m.on('state', (s) => (this._callState = s)),
      m.on('notice', ({ message }) => this._showNotice(message)),
      m.chat.on('change', () => this._showChat()),
      m.chat.on('unread', (n) => (this._unread = n)),
      this.media.on('track', () => this._watchLevels()),
      this.media.on('change', () => this._onMediaChange()),
      this.media.on('device-lost', ({ kind, label }) => this._showNotice(describeLostDevice(kind, label))),
      this._levels.on('speaking', ({ key }) => this._onSpeaking(key)),
    ];
    // The AudioContext may start suspended (no click yet on this page, e.g. after a reload into the call).
    const resume = () => this._levels.resume();
    this.addEventListener('pointerdown', resume);
    this.addEventListener('keydown', resume);
    this._offs.push(() => this.removeEventListener('pointerdown', resume));
    this._offs.push(() => this.removeEventListener('keydown', resume));
    this._qualityTimer = setInterval(() => void this._rateLinks(), QUALITY_INTERVAL_MS);
    this._shortcuts = new CallShortcuts(window, {
      isActive: () => !this.hidden,
      toggleMic: () => void this._act('mic'),
      toggleCamera: () => void this._act('camera'),
      isMicOn: () => this.media.isMicOn,
      setMicOn: (isOn) => this.media.setMicOn(isOn),
      openHelp: () => void this._showHelp(),
    });
    if (this.lock) {
      this._lockState = this.lock.state;
      this._offs.push(this.lock.on('change', (change) => this._onLockChange(change)));
    }
  }

  private _onLockChange({ isNews, ...state }: RoomLockState & { isNews: boolean }): void {
    this._lockState = state;
    if (!isNews) return;
    const who = state.isByMe ? 'You' : state.byName || 'Someone';
    this._showNotice(state.isLocked ? `${who} locked the room. Guests now need the password.` : `${who} unlocked the room. Anyone with the link can join.`);
  }

  private async _changeLock(change: (lock: RoomLock) => Promise<void>): Promise<void> {
    if (!this.lock || this._isLockBusy) return;
    this._isLockBusy = true;
    this._lockError = '';
    try {
      await change(this.lock);
      this._lockControl?.close();
    } catch (error) {
      this._lockError = lockFailure(error);
    } finally {
      this._isLockBusy = false;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const off of this._offs) off();
    this._shortcuts?.dispose();
    clearTimeout(this._noticeTimer);
    clearTimeout(this._participantsTimer);
    this._participantsTimer = undefined;
    clearTimeout(this._mutedHintTimer);
    clearInterval(this._qualityTimer);
    this._levels.close();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('_participants')) this._watchLevels();
  }

  /** Listens to everyone's audio: ours through the microphone itself, so that we are heard also while muted. */
  private _watchLevels(): void {
    for (const p of this._participants) this._levels.watch(levelKey(p), p.isSelf ? this.media.micTrack : p.stream?.getAudioTracks()[0]);
    this._levels.retain(this._participants.map(levelKey));
  }

  /** The ring is the grid's (speaking-rings.ts); this view only hints "You're muted". */
  private _onSpeaking(key: string): void {
    if (key === 'self') this._updateMutedHint();
  }

  private _onMediaChange(): void {
    this._updateMutedHint();
    this.requestUpdate();
  }

  /** "You're muted" shows while we talk muted, and a moment after; unmuting hides it at once. */
  private _updateMutedHint(): void {
    if (this.media.isMicOn || !this.media.hasMic) {
      clearTimeout(this._mutedHintTimer);
      this._isMutedHintShown = false;
      return;
    }
    if (!this._levels.isSpeaking('self')) {
      if (this._isMutedHintShown) this._mutedHintTimer = setTimeout(() => (this._isMutedHintShown = false), MUTED_HINT_MS);
      return;
    }
    clearTimeout(this._mutedHintTimer);
    this._isMutedHintShown = true;
  }

  private async _rateLinks(): Promise<void> {
    const next = new Map<string, LinkQuality>();
    await Promise.all(
      this._participants
        .filter((p) => !p.isSelf && p.state === 'connected')
        .map(async (p) => {
          const stats = await this.manager.getStats(p.id).catch(() => undefined);
          if (stats) next.set(p.id, rateLink(stats));
        }),
    );
    this._qualities = next;
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

  private _showChat(): void {
    const chat = this.manager.chat;
    this._messages = chat.messages;
    this._hasOlder = chat.hasOlder;
    this._isLoadingOlder = chat.isLoadingOlder;
  }

  private _showNotice(message: string): void {
    this._notice = message;
    clearTimeout(this._noticeTimer);
    this._noticeTimer = setTimeout(() => (this._notice = ''), 4000);
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
        return this._setPanel(this._panel === 'chat' ? undefined : 'chat');
      case 'people':
        return this._setPanel(this._panel === 'people' ? undefined : 'people');
      case 'settings':
        this._isSettingsOpen = true;
        if (!(await this._usePart('settings'))) return void (this._isSettingsOpen = false);
        return this._settings?.show();
      case 'leave':
        this.dispatchEvent(new CustomEvent('leave', { bubbles: true, composed: true }));
        return;
    }
  }

  /**
   * Loads a part's code if it is not here yet, and renders it; false (and a
   * notice) if it could not be loaded.
   */
  private async _usePart(part: Part): Promise<boolean> {
    try {
      await this._parts.load(part);
      await this.updateComplete;
      return true;
    } catch {
      this._showNotice(`Could not load ${PART_NAMES[part]}. Check your connection and try again.`);
      return false;
    }
  }

  private async _showHelp(): Promise<void> {
    if (await this._usePart('help')) await this._help?.show();
  }

  private async _setPanel(panel: Panel | undefined): Promise<void> {
    this._panel = panel;
    this.manager.chat.setVisible(panel === 'chat');
    if (panel !== 'chat' && panel !== 'people') {
      await this.updateComplete;
      return;
    }
    // Open at once, with "Loading…" until the panel's code is here.
    const isLoaded = await this._usePart(panel);
    if (this._panel !== panel) return;
    if (!isLoaded) return void (await this._setPanel(undefined));
    const chat = this._chatPanel;
    if (panel === 'chat' && chat) {
      await chat.updateComplete;
      chat.showLatest();
      chat.focus();
    }
  }

  private _onSettingsClose(): void {
    this._isSettingsOpen = false;
    this._controls.focusControl('settings');
  }

  /** Closing a panel from inside it puts the focus back on the button that opened it. */
  private async _onPanelClose(): Promise<void> {
    const panel = this._panel;
    await this._setPanel(undefined);
    if (panel) this._controls.focusControl(panel);
  }

  private _onSend(event: CustomEvent<{ text: string; to?: PrivateTarget }>): void {
    this.manager.sendText(event.detail.text, event.detail.to);
  }

  /** "Message privately" in the participant list: the chat opens, writing to them. */
  private async _onMessagePrivately(event: CustomEvent<{ target: PrivateTarget }>): Promise<void> {
    this._chatTarget = event.detail.target;
    await this._setPanel('chat');
  }

  private async _onCopyLink(): Promise<void> {
    try {
      await navigator.clipboard.writeText(location.href);
      this._showNotice(`Link copied. Send it to the people you want to talk to.${this._lockState.isLocked ? PASSWORD_NEEDED : ''}`);
    } catch {
      this._showNotice(`Share this link: ${location.href}.${this._lockState.isLocked ? PASSWORD_NEEDED : ''}`);
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

  /** The open side panel, while its code is on its way (a slow link); Close works meanwhile. */
  private _renderLoading() {
    const panel = this._panel;
    if ((panel !== 'chat' && panel !== 'people') || this._parts.isLoaded(panel)) return nothing;
    return html`<div class="loading">
      <p role="status">Loading ${PART_NAMES[panel]}…</p>
      <button class="btn ghost" @click=${this._onPanelClose}>Close</button>
    </div>`;
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
                .state=${this._lockState}
                .isBusy=${this._isLockBusy}
                .error=${this._lockError}
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
      ${this._parts.isLoaded('help') ? html`<shortcut-help .names=${this._shortcutNames}></shortcut-help>` : nothing}
      <video-grid
        .view=${this._view}
        @stop-presenting=${() => this.media.stopScreenShare()}
        .participants=${this._participants}
        .levels=${this._levels}
        .qualities=${this._qualities}
        .sinkId=${media.speakerId}
        .isAlone=${this._callState === 'joined' && this._participants.length === 1}
        .hasHadCompany=${this._aware.hasHadCompany}
        .labels=${this._aware.labels}
        .hands=${this.manager.gestures.hands.ranks()}
        .reactions=${this.manager.gestures.reactions.all()}
        @copy-link=${this._onCopyLink}
      ></video-grid>
      <aside class=${this._panel === 'settings' ? 'wide' : ''} ?hidden=${!this._panel} @close=${this._onPanelClose}>
        ${
          this._parts.isLoaded('chat')
            ? html`<chat-panel
                ?hidden=${this._panel !== 'chat'}
                .messages=${this._messages}
                .labels=${this._aware.labels}
                .hasOlder=${this._hasOlder}
                .isLoadingOlder=${this._isLoadingOlder}
                .target=${this._chatTarget}
                .canSend=${['joined', 'reconnecting', 'offline'].includes(this._callState)}
                .sendNote=${chatNote(this._callState)}
                @send-message=${this._onSend}
                @retry-message=${(e: CustomEvent<{ mid: string }>) => this.manager.chat.retry(e.detail.mid)}
                @load-older=${() => void this.manager.chat.loadOlder()}
                @target-change=${(e: CustomEvent<{ target: PrivateTarget | undefined }>) => (this._chatTarget = e.detail.target)}
              ></chat-panel>`
            : nothing
        }
        ${
          this._parts.isLoaded('people')
            ? html`<participant-list
                ?hidden=${this._panel !== 'people'}
                .isActive=${this._panel === 'people'}
                .participants=${this._participants}
                .getStats=${(id: string) => this.manager.getStats(id)}
                .labels=${this._aware.labels}
                .hands=${this.manager.gestures.hands.ranks()}
                @message-privately=${this._onMessagePrivately}
                ><join-sound-toggle .preference=${this._aware.sound}></join-sound-toggle
              ></participant-list>`
            : nothing
        }
        ${this._renderLoading()}
      </aside>
      <control-bar
        .isMicOn=${media.isMicOn}
        .isCameraOn=${media.isCameraOn}
        .isSharing=${media.isSharingScreen}
        .canShare=${canShare}
        .isChatOpen=${this._panel === 'chat'}
        .isPeopleOpen=${this._panel === 'people'}
        .isSettingsOpen=${this._isSettingsOpen}
        .unread=${this._unread}
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
        .preview=${this._panel === 'chat' ? undefined : this._aware.preview}
        @open-chat=${() => void this._setPanel('chat')}
        @dismiss=${() => this._aware.dismissPreview()}
      ></message-preview>
      ${
        this._parts.isLoaded('settings')
          ? html`<settings-dialog .media=${media} .levels=${this._levels} .source=${this.manager.ice} @close=${this._onSettingsClose}></settings-dialog>`
          : nothing
      }
      ${this._renderBanner()}
      ${
        this._isMutedHintShown
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
