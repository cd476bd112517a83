// The lobby: check how you look and sound, pick devices, say your name, join.
// Without a camera or microphone (absent or denied) joining still works. It
// knows from the room's status whether anyone is in and whether it is locked:
// only the first person in is offered the lock; a locked room's password is
// asked up front; and the server's refusals are told in plain words.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { MAX_PASSWORD_LENGTH, type RoomStatus } from '../../shared/protocol.js';
import { camIcon, camOffIcon, lockIcon, logoIcon, micIcon, micOffIcon } from './icons.js';
import type { LocalMedia } from '../media/local-media.js';
import { AudioLevels } from '../media/audio-levels.js';
import './mic-meter.js';
import { avatarClass, initials, shared } from './theme.js';
import { lobbyViewStyles } from './lobby-view-styles.js';
import { displayName } from './display-name.js';
import { whoIsHere } from '../call/who-is-here.js';

/**
 * The lobby.
 *
 * @fires join - {detail: {username, password}} when the user joins (password is '' for none)
 */
@customElement('lobby-view')
export class LobbyView extends LitElement {
  static override styles = [shared, lobbyViewStyles];

  /** The room being joined. */
  @property() room = '';
  /** Our camera and microphone. */
  @property({ attribute: false }) media!: LocalMedia;
  /** The name to start with (remembered from last time). */
  @property() username = '';
  /** Whether the devices are still being asked for. */
  @property({ type: Boolean, attribute: 'starting' }) isStarting = true;
  /** Whether a join is under way (the button waits). */
  @property({ type: Boolean, attribute: 'joining' }) isJoining = false;
  /** Why the last join was turned away, in plain words; empty when it was not. */
  @property() refusal = '';
  /** Whether the room wants a password: the field is shown, required and focused. */
  @property({ type: Boolean, attribute: 'needs-password' }) needsPassword = false;
  /** The room's status from the server: undefined while asked, 'unknown' when it could not be had. */
  @property({ attribute: false }) roomStatus: RoomStatus | 'unknown' | undefined;

  @state() private _name = '';
  @state() private _password = '';
  /** The user opened the optional password field to lock the room. */
  @state() private _isLocking = false;
  @query('video') private _video!: HTMLVideoElement;
  @query('#name') private _nameInput!: HTMLInputElement;
  @query('#password') private _passwordInput!: HTMLInputElement | null;
  private _off: (() => void) | undefined;
  /** The track the preview <video> shows. */
  private _shownTrack: MediaStreamTrack | undefined;
  /** The microphone's level, for the meter: you see that you will be heard. */
  private readonly _levels = new AudioLevels();
  private readonly _resumeLevels = () => this._levels.resume();

  override connectedCallback(): void {
    super.connectedCallback();
    this._name = this.username;
    this._off = this.media.on('change', () => this.requestUpdate());
    // Typing the name or any click lets a suspended AudioContext start (the autoplay rule).
    this.addEventListener('pointerdown', this._resumeLevels);
    this.addEventListener('keydown', this._resumeLevels);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._off?.();
    this.removeEventListener('pointerdown', this._resumeLevels);
    this.removeEventListener('keydown', this._resumeLevels);
    this._levels.close();
    // Let go of the camera when the call view replaces us: a detached <video>
    // keeps buffers of the capture pool the call's encoders need (see
    // video-tile.ts), which stalled the camera for ~2.8 s after Join.
    if (this._video) this._video.srcObject = null;
    this._shownTrack = undefined;
  }

  protected override firstUpdated(): void {
    this._nameInput.focus();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('username') && !this._name) this._name = this.username;
    // Asked (again) for the password: put the cursor there, the wrong one selected.
    // A locked room found before Join, the name already remembered: the password is what is left to type.
    const isAskedUpFront = changed.has('needsPassword') && !this.refusal && this._name.trim() !== '';
    if ((changed.has('refusal') || changed.has('needsPassword')) && this.needsPassword && (this.refusal || isAskedUpFront)) {
      this._passwordInput?.focus();
      this._passwordInput?.select();
    }
    this._levels.watch('mic', this.media.micTrack);
    const track = this.media.previewTrack;
    if (track !== this._shownTrack) {
      this._shownTrack = track;
      this._video.srcObject = track ? new MediaStream([track]) : null;
    }
  }

  private _onName(): void {
    this._name = this._nameInput.value;
  }

  private _onPassword(): void {
    this._password = this._passwordInput?.value ?? '';
  }

  private _onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const username = this._name.trim();
    if (!username) return this._nameInput.focus();
    if (this.isJoining) return;
    if (this.needsPassword && !this._password) return this._passwordInput?.focus();
    // A password is sent only while its field is shown: closing the field means "no password".
    const password = this._hasPasswordField ? this._password : '';
    this.dispatchEvent(new CustomEvent('join', { detail: { username, password }, bubbles: true, composed: true }));
  }

  private get _hasPasswordField(): boolean {
    return this.needsPassword || (this._isLocking && this._canLock);
  }

  /** Only the first person in may lock the room from here (the server refuses a password for a room in use). */
  private get _canLock(): boolean {
    const status = this.roomStatus;
    return status === 'unknown' || (status !== undefined && !status.occupied && !status.locked);
  }

  /** One line on who is here, when the server said. */
  private _renderRoomLine() {
    const status = this.roomStatus;
    if (status === undefined || status === 'unknown' || this.refusal) return nothing;
    if (status.locked) return html`<p class="room-line">${lockIcon} This room is locked. Enter its password to join.</p>`;
    if (status.occupied) {
      // Names come only for a room that is not locked (room-status-api.ts); cleaned as everywhere (display-name.ts).
      const who = status.names?.length ? `${whoIsHere(status.names.map(displayName))}.` : 'Others are already in this call.';
      // One span for the words: as two flex items beside each other, the name and the advice stood in two narrow columns.
      return html`<p class="room-line" data-who>
        <span><bdi>${who}</bdi> Once in, you can lock the room from the top bar.</span>
      </p>`;
    }
    return html`<p class="room-line" data-who>${whoIsHere([])}.</p>`;
  }

  private _renderPassword() {
    if (!this._hasPasswordField) {
      if (!this._canLock) return nothing;
      return html`<button type="button" class="lock" @click=${this._onLock}>${lockIcon} Lock this room with a password</button>`;
    }
    const hint =
      this.roomStatus === 'unknown' ? 'If you are the first one here, everyone who joins after you will need it.' : 'Everyone who joins after you will need it.';
    return html`<label class="field" for="password">${this.needsPassword ? 'Room password' : 'Password for this room'}</label>
      <input
        id="password"
        type="password"
        autocomplete="off"
        maxlength=${MAX_PASSWORD_LENGTH}
        placeholder=${this.needsPassword ? '' : 'Optional'}
        .value=${this._password}
        @input=${this._onPassword}
        ?required=${this.needsPassword}
        aria-describedby=${this.needsPassword ? nothing : 'password-hint'}
      />
      ${this.needsPassword ? nothing : html`<p class="hint" id="password-hint">${hint}</p>`}`;
  }

  private async _onLock(): Promise<void> {
    this._isLocking = true;
    await this.updateComplete;
    this._passwordInput?.focus();
  }

  private _onDevice(kind: 'audio' | 'video', event: Event): void {
    const select = event.currentTarget;
    if (select instanceof HTMLSelectElement) void this.media.selectDevice(kind, select.value);
  }

  private _renderSelect(kind: 'audio' | 'video', label: string) {
    const devices = this.media.devices.filter((d) => d.kind === (kind === 'audio' ? 'audioinput' : 'videoinput'));
    const selected = kind === 'audio' ? this.media.micId : this.media.cameraId;
    return html`<label class="field"
      >${label}
      <select ?disabled=${devices.length === 0} @change=${(e: Event) => this._onDevice(kind, e)}>
        ${devices.length === 0 ? html`<option>None found</option>` : nothing}
        ${devices.map((d, i) => html`<option value=${d.deviceId} ?selected=${d.deviceId === selected}>${d.label || `${label} ${i + 1}`}</option>`)}
      </select></label
    >`;
  }

  override render() {
    const media = this.media;
    const hasPreview = media.previewTrack !== undefined;
    const name = this._name.trim();
    return html`
      <a class="top" href="/">${logoIcon} Parley</a>
      <div class="wrap">
        <div class="preview">
          <video autoplay playsinline muted ?hidden=${!hasPreview}></video>
          ${hasPreview ? nothing : html`<div class="avatar ${avatarClass(name || 'guest')}" aria-hidden="true">${initials(name || 'Guest')}</div>`}
          ${this.isStarting ? html`<div class="status" role="status">Starting camera…</div>` : nothing}
          ${media.hasMic ? html`<mic-meter class="meter" .levels=${this._levels} key="mic" title="Microphone level"></mic-meter>` : nothing}
          <div class="toggles">
            <button
              type="button"
              class=${media.isMicOn ? '' : 'off'}
              aria-label="Microphone"
              aria-pressed=${media.isMicOn}
              title=${media.isMicOn ? 'Mute microphone' : 'Unmute microphone'}
              ?disabled=${!media.hasMic}
              @click=${() => media.setMicOn(!media.isMicOn)}
            >
              ${media.isMicOn ? micIcon : micOffIcon}
            </button>
            <button
              type="button"
              class=${media.isCameraOn ? '' : 'off'}
              aria-label="Camera"
              aria-pressed=${media.isCameraOn}
              title=${media.isCameraOn ? 'Turn camera off' : 'Turn camera on'}
              ?disabled=${this.isStarting}
              @click=${() => void media.setCameraOn(!media.isCameraOn)}
            >
              ${media.isCameraOn ? camIcon : camOffIcon}
            </button>
          </div>
        </div>
        <form @submit=${this._onSubmit}>
          <div>
            <h1>Ready to join?</h1>
            <p class="sub">Room <code>${this.room}</code></p>
          </div>
          ${media.problem ? html`<p class="problem" role="alert">${media.problem} You can still join to see, hear and chat with the others.</p>` : nothing}
          ${this.refusal ? html`<p class="refusal" role="alert">${this.refusal}</p>` : nothing} ${this._renderRoomLine()}
          <label class="field" for="name">Your name</label>
          <input id="name" autocomplete="nickname" maxlength="64" placeholder="e.g. Ada" .value=${this._name} @input=${this._onName} required />
          ${this._renderPassword()}
          <div class="devices">${this._renderSelect('video', 'Camera')} ${this._renderSelect('audio', 'Microphone')}</div>
          <button class="btn primary join" type="submit" ?disabled=${name === '' || this.isJoining}>${this.isJoining ? 'Joining…' : 'Join call'}</button>
          <p class="help">Connection problems? <a href="/diagnostics">Run diagnostics</a></p>
        </form>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lobby-view': LobbyView;
  }
  interface HTMLElementEventMap {
    /** The user pressed Join. */
    join: CustomEvent<{ username: string; password: string }>;
  }
}
