// One participant's picture in the call: their video (or an avatar when their
// camera is off), their name, a muted-microphone mark, the connection state,
// a ring while they speak, a mark of how good the link to them is, a raised
// hand, and the reactions they send floating up over it. A click (or its Pin
// button) pins it; its Full screen button shows it alone.
// Longer than ~300 lines for a reason: over half of it is its styles, kept
// here on purpose. Moved to a file of their own (as call-view's are), they
// cost the room page 131 bytes gzipped (80,108 against 79,977: over issue
// 14's 80 kB), as gzip finds the styles' class names farther from the template's.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ShownReaction } from '../call/reaction-board.js';
import { displayName } from './display-name.js';
import { playOn } from './speaker-output.js';
import { micOffIcon } from './icons.js';
import { avatarClass, initials, shared } from './theme.js';
import type { PeerState } from '../peers/video-peer.js';
import type { LinkQuality } from '../peers/link-quality.js';
import './tile-actions.js';

const STATE_TEXT: Record<PeerState, string> = {
  connecting: 'Connecting…',
  connected: '',
  disconnected: 'Reconnecting…',
  failed: 'Connection lost, retrying…',
  closed: 'Left',
};

/**
 * A video tile.
 *
 * @fires pin-tile - when the user pins or unpins it (a click on it, or its Pin button)
 * @csspart tile - the tile's frame
 * @csspart video - the <video> element
 */
/** How many lanes (.lane-N) reactions rise in across a tile. */
const LANES = 6;

@customElement('video-tile')
export class VideoTile extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        position: relative;
        min-width: 0;
        min-height: 0;
      }
      .tile {
        position: absolute;
        inset: 0;
        border-radius: var(--radius);
        overflow: hidden;
        background: #1c2029;
        display: grid;
        place-items: center;
        box-shadow: 0 1px 0 rgba(255, 255, 255, 0.04) inset;
        /* The avatar is sized by the tile, not the window: a strip tile beside a shared screen is small on a wide screen. */
        container-type: size;
      }
      video {
        width: 100%;
        height: 100%;
        object-fit: cover;
        background: #000;
      }
      video.screen {
        object-fit: contain;
      }
      video.mirror {
        transform: scaleX(-1);
      }
      video[hidden] {
        display: none;
      }
      .avatar {
        width: clamp(40px, 40cqmin, 120px);
        aspect-ratio: 1;
        border-radius: 50%;
        display: grid;
        place-items: center;
        /* At most 0.4 of the circle's width, so two initials stay inside it. */
        font-size: clamp(16px, 14cqmin, 40px);
        font-weight: 600;
        color: white;
      }
      .label {
        position: absolute;
        left: 10px;
        bottom: 10px;
        max-width: calc(100% - 20px);
        display: flex;
        align-items: center;
        gap: 6px;
        padding: 4px 10px;
        border-radius: 999px;
        background: rgba(10, 12, 16, 0.62);
        backdrop-filter: blur(6px);
        font-size: 13px;
        font-weight: 500;
      }
      .label span {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .label svg.icon {
        width: 16px;
        height: 16px;
        color: #ff8a8a;
      }
      .state {
        position: absolute;
        top: 10px;
        left: 10px;
        padding: 4px 10px;
        border-radius: 999px;
        background: rgba(245, 158, 11, 0.9);
        color: #1a1200;
        font-size: 12px;
        font-weight: 600;
      }
      .state.unreachable {
        background: rgba(10, 12, 16, 0.62);
        color: inherit;
        font-weight: 500;
      }
      .unmute {
        position: absolute;
        top: 10px;
        right: 10px;
      }
      /* Drawn over the video, inset, so the tile keeps its size. */
      .tile::after {
        content: '';
        position: absolute;
        inset: 0;
        border-radius: inherit;
        pointer-events: none;
        box-shadow: inset 0 0 0 3px transparent;
        transition: box-shadow 0.15s;
      }
      :host([speaking]) .tile::after {
        box-shadow: inset 0 0 0 3px var(--accent);
      }
      /* After the name, as Meet puts its signal bars. */
      .label .quality {
        display: flex;
        flex: none;
        align-items: flex-end;
        gap: 2px;
        height: 12px;
        overflow: visible;
      }
      .quality i {
        width: 3px;
        border-radius: 1px;
        background: rgba(255, 255, 255, 0.3);
      }
      .quality i:nth-child(1) {
        height: 40%;
      }
      .quality i:nth-child(2) {
        height: 70%;
      }
      .quality i:nth-child(3) {
        height: 100%;
      }
      .quality.good i {
        background: #4ade80;
      }
      .quality.fair i:nth-child(-n + 2) {
        background: #fbbf24;
      }
      .quality.poor i:nth-child(1) {
        background: #f87171;
      }
      tile-actions {
        position: absolute;
        top: 10px;
        right: 10px;
        opacity: 0;
        transition: opacity 0.15s;
      }
      /* Below "Turn on sound", which has the corner while it shows. */
      .unmute ~ tile-actions {
        top: 62px;
      }
      .tile:hover tile-actions,
      tile-actions:focus-within {
        opacity: 1;
      }
      @media (hover: none) {
        tile-actions {
          opacity: 1;
        }
      }
      :host(:fullscreen) .tile {
        border-radius: 0;
      }
      .hand {
        position: absolute;
        top: 10px;
        left: 10px;
        padding: 4px 10px;
        border-radius: 999px;
        background: var(--accent);
        color: white;
        font-size: 13px;
        font-weight: 600;
      }
      /* Below a connection state, which has the corner while it shows. */
      .state ~ .hand {
        top: 44px;
      }
      /* Each reaction rises from the bottom and fades, over its ~3 s (reaction-board.ts). */
      .reactions {
        position: absolute;
        inset: 0;
        overflow: hidden;
        pointer-events: none;
      }
      /* Lanes across the tile, as classes: the page's CSP refuses a style="" attribute, which is
         what Lit's styleMap writes on a first render, so every reaction rose at the left edge. */
      .lane-0 {
        left: 18%;
      }
      .lane-1 {
        left: 30%;
      }
      .lane-2 {
        left: 42%;
      }
      .lane-3 {
        left: 54%;
      }
      .lane-4 {
        left: 66%;
      }
      .lane-5 {
        left: 78%;
      }
      .reaction {
        position: absolute;
        bottom: 44px;
        font-size: clamp(28px, 12%, 48px);
        line-height: 1;
        animation: rise 3s ease-out forwards;
      }
      @keyframes rise {
        from {
          transform: translateY(0) scale(0.6);
          opacity: 0;
        }
        12% {
          transform: translateY(-8%) scale(1);
          opacity: 1;
        }
        to {
          transform: translateY(-180%) scale(1);
          opacity: 0;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .reaction {
          animation: none;
        }
      }
      :host([small]) .label {
        left: 6px;
        bottom: 6px;
        font-size: 12px;
        padding: 2px 8px;
      }
    `,
  ];

  /** The participant's stream: theirs, or for the self view the one we send. */
  @property({ attribute: false }) stream: MediaStream | undefined;
  /** The participant's display name. */
  @property() name = '';
  /** The participant's id; tests and avatars use it. */
  @property({ attribute: 'peer-id', reflect: true }) peerId = '';
  /** Whether this is our own picture (muted, mirrored). */
  @property({ type: Boolean, attribute: 'self', reflect: true }) isSelf = false;
  /** Whether their microphone is on. */
  @property({ type: Boolean, attribute: 'mic-on' }) isMicOn = true;
  /** Whether their camera (or screen) is sending. */
  @property({ type: Boolean, attribute: 'camera-on' }) isCameraOn = true;
  /** Whether they are showing their screen. */
  @property({ type: Boolean, attribute: 'screen' }) isScreen = false;
  /** The connection to them. */
  @property() state: PeerState = 'connected';
  /** Whether the server lists them (chat reaches them); a connection may play on without that. */
  @property({ type: Boolean, attribute: 'reachable' }) isReachable = true;
  /** Whether they are speaking now (audio-levels.ts). */
  @property({ type: Boolean, attribute: 'speaking', reflect: true }) isSpeaking = false;
  /** How good the link to them is; undefined for ourselves and until measured. */
  @property({ attribute: false }) quality: LinkQuality | undefined;
  /** Whether their hand is raised. */
  @property({ type: Boolean, attribute: 'hand-raised', reflect: true }) isHandRaised = false;
  /** The reactions floating over the tile now (reaction-board.ts). */
  @property({ attribute: false }) reactions: readonly ShownReaction[] = [];
  /** The speaker their sound plays on ('' = the default); our own is muted anyway. */
  @property({ attribute: false }) sinkId = '';
  /** Rendered as a small picture-in-picture. */
  @property({ type: Boolean, reflect: true }) small = false;
  /** Whether it is pinned (the large tile until unpinned). */
  @property({ type: Boolean, attribute: 'pinned', reflect: true }) isPinned = false;

  @state() private _isAudioBlocked = false;
  @state() private _isFullscreen = false;
  @query('video') private _video!: HTMLVideoElement;
  private readonly _onFullscreenChange = () => (this._isFullscreen = this.matches(':fullscreen'));

  /** Shows this tile's video in a picture-in-picture window. */
  showPictureInPicture(): Promise<PictureInPictureWindow> {
    return this._video.requestPictureInPicture();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('fullscreenchange', this._onFullscreenChange);
    // Put back what disconnectedCallback let go, when the tile is moved rather than dropped.
    if (this.hasUpdated) this._showStream();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('fullscreenchange', this._onFullscreenChange);
    // A <video> taken out of the page keeps its stream's frames, and with
    // them buffers of the camera's capture pool that every consumer of the
    // camera shares: measured in Chromium, a self view dropped by a layout
    // change stalled the camera, and so the encoder of every peer
    // connection, for ~2.8 s after Join (docs/benchmarks.md).
    this._video.srcObject = null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('stream')) this._showStream();
    if (changed.has('sinkId') && !this.isSelf) playOn(this._video, this.sinkId);
  }

  private _showStream(): void {
    if (this._video.srcObject === (this.stream ?? null)) return;
    this._video.srcObject = this.stream ?? null;
    if (this.stream) this._play();
  }

  private _play(): void {
    this._video.play().catch(() => {
      // Autoplay with sound can be refused; play muted and offer the sound.
      if (this.isSelf || this._video.muted) return;
      this._video.muted = true;
      this._isAudioBlocked = true;
      void this._video.play().catch(() => undefined);
    });
  }

  private _onUnmute(): void {
    this._video.muted = false;
    this._isAudioBlocked = false;
    void this._video.play().catch(() => undefined);
  }

  private _onTileClick(event: Event): void {
    // A click on one of its buttons (Turn on sound, Pin) is that button's.
    if (event.composedPath().some((el) => el instanceof HTMLButtonElement)) return;
    this._pin();
  }

  private _pin(): void {
    this.dispatchEvent(new CustomEvent('pin-tile', { bubbles: true, composed: true }));
  }

  private async _toggleFullscreen(): Promise<void> {
    // Refused (no user gesture, or not allowed in a frame): the tile stays as it is, nothing to tell.
    if (this._isFullscreen) await document.exitFullscreen().catch(() => undefined);
    else await this.requestFullscreen().catch(() => undefined);
  }

  override render() {
    // Cleaned, and isolated in <bdi> so a right-to-left name cannot reorder " (you)" (display-name.ts).
    const name = displayName(this.name);
    const label = `${name}${this.isSelf ? ' (you)' : ''}`;
    const isVideoShown = this.isCameraOn && this.stream !== undefined;
    const classes = [this.isScreen ? 'screen' : '', this.isSelf && !this.isScreen ? 'mirror' : ''].join(' ');
    return html`
      <div class="tile" part="tile" role="group" aria-label=${label} @click=${this._onTileClick}>
        <video
          part="video"
          class=${classes}
          data-peer=${this.peerId}
          ?data-self=${this.isSelf}
          autoplay
          playsinline
          .muted=${this.isSelf}
          ?hidden=${!isVideoShown}
        ></video>
        ${isVideoShown ? nothing : html`<div class="avatar ${avatarClass(this.peerId || this.name)}" aria-hidden="true">${initials(name)}</div>`}
        <div class="label">
          ${this.isMicOn ? nothing : html`<span class="visually-hidden">Microphone off</span>${micOffIcon}`}
          <span><bdi>${name}</bdi>${this.isSelf ? ' (you)' : ''}</span>
          ${
            this.quality
              ? html`<span
                  class="quality ${this.quality.level}"
                  data-quality=${this.quality.level}
                  role="img"
                  aria-label=${this.quality.reason}
                  title=${this.quality.reason}
                  ><i></i><i></i><i></i
                ></span>`
              : nothing
          }
        </div>
        ${
          STATE_TEXT[this.state]
            ? html`<div class="state" role="status">${STATE_TEXT[this.state]}</div>`
            : this.isReachable
              ? nothing
              : html`<div class="state unreachable" role="status">Not reachable for chat</div>`
        }
        ${this.isHandRaised ? html`<div class="hand" role="img" aria-label="Hand raised"><span aria-hidden="true">✋</span></div>` : nothing}
        <div class="reactions" aria-hidden="true">
          ${repeat(
            this.reactions,
            (r) => r.id,
            (r, i) => html`<span class="reaction lane-${(r.id * 5 + i * 3) % LANES}" data-emoji=${r.emoji}>${r.emoji}</span>`,
          )}
        </div>
        ${this._isAudioBlocked ? html`<button class="btn primary unmute" @click=${this._onUnmute}>Turn on sound</button>` : nothing}
        <tile-actions
          .name=${name}
          .isPinned=${this.isPinned}
          .isFullscreen=${this._isFullscreen}
          @toggle-pin=${this._pin}
          @toggle-fullscreen=${this._toggleFullscreen}
        ></tile-actions>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'video-tile': VideoTile;
  }
  interface HTMLElementEventMap {
    /** A tile asked to be pinned, or unpinned. */
    'pin-tile': CustomEvent<void>;
  }
}
