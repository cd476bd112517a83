// The whole page: the home page at /, and at /r/<room> the lobby, then the
// call, then a goodbye. It owns the LocalMedia and the Manager of the call.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { keyed } from 'lit/directives/keyed.js';
import './call-view.js';
import { logoIcon } from './icons.js';
import { explainJoinFailure } from '../signaling/join-refusal.js';
import { DeviceMemory } from '../media/device-memory.js';
import { LocalMedia } from '../media/local-media.js';
import './lobby-view.js';
import { Manager } from '../call/manager.js';
import { RoomLock } from '../call/room-lock.js';
import { watchRoomStatus } from '../signaling/room-status.js';
import type { RoomStatus } from '../../shared/protocol.js';
import type { LinkProblem } from './link-problem.js';
import { roomFromPath } from './room-name.js';
import { participantKey } from '../signaling/participant-key.js';
import { roomSocketUrl, Signaler } from '../signaling/signaler.js';
import { shared } from './theme.js';
import { videoSizeFromQuery } from '../media/video-size.js';
import { warmUpWebRtc } from '../media/webrtc-warm-up.js';
import { pageTitle } from '../call/page-title.js';

const USERNAME_KEY = 'parley.username';

/** 'front': the home page or the bad-link page is on its way (front-pages.ts); 'unloaded': it could not come. */
type Phase = 'front' | 'unloaded' | 'home' | 'bad-link' | 'lobby' | 'call' | 'left';

/** This tab's sessionStorage, where the user's own ICE servers live; none where the browser refuses it. */
function sessionStorageOrNone(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/** This origin's localStorage, where the participant key lives; none where the browser refuses it. */
function localStorageOrNone(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** The application shell. */
@customElement('parley-app')
export class ParleyApp extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        min-height: 100dvh;
        background: var(--bg);
      }
      .left {
        min-height: 100dvh;
        display: grid;
        place-items: center;
        padding: 24px;
        text-align: center;
      }
      .left h1 {
        margin: 12px 0 8px;
        font-size: 28px;
      }
      .left p {
        color: var(--muted);
        margin: 0 0 24px;
      }
      .left .logo svg {
        width: 44px;
        height: 44px;
        color: var(--accent);
      }
      .row a {
        text-decoration: none;
      }
      .row {
        display: flex;
        gap: 12px;
        justify-content: center;
        flex-wrap: wrap;
      }
    `,
  ];

  @state() private _phase: Phase = 'front';
  @state() private _isStarting = true;
  /** What is wrong with the link this page was opened at, in the 'bad-link' phase. */
  private _linkProblem: LinkProblem | undefined;
  @state() private _isJoining = false;
  @state() private _refusal = '';
  @state() private _needsPassword = false;
  private _room = '';
  private _media: LocalMedia | undefined;
  private _manager: Manager | undefined;
  private _lock: RoomLock | undefined;
  /** What the server said of the room before we joined; undefined until it answered (or if it cannot). */
  @state() private _roomStatus: RoomStatus | 'unknown' | undefined;
  private _onPageHide = () => this._manager?.leave();
  private _stopStatus: (() => void) | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    const room = roomFromPath(location.pathname);
    if (room) {
      this._room = room;
      document.title = pageTitle(room);
      this._enterLobby();
    } else {
      void this._openFrontPage();
    }
    addEventListener('pagehide', this._onPageHide);
  }

  /** Loads the home page or, for a link that leads nowhere, the page that says so. */
  private async _openFrontPage(): Promise<void> {
    try {
      const { linkProblem } = await import('./front-pages.js');
      this._linkProblem = linkProblem(location.pathname);
      this._phase = this._linkProblem ? 'bad-link' : 'home';
      if (this._linkProblem) document.title = 'Link not found · Parley';
    } catch {
      this._phase = 'unloaded';
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    removeEventListener('pagehide', this._onPageHide);
    this._stopStatus?.();
  }

  private _enterLobby(): void {
    this._phase = 'lobby';
    this._isStarting = true;
    // Asked again while the lobby shows, so that it says who came meanwhile; stopped at Join.
    this._stopStatus = watchRoomStatus(this._room, (status) => {
      if (this._phase !== 'lobby') return;
      this._roomStatus = status ?? 'unknown';
      if (status?.locked) this._needsPassword = true;
    });
    // The devices picked earlier in this tab (in the call, or a previous lobby) are the ones the lobby starts with.
    const memory = new DeviceMemory(sessionStorageOrNone());
    const media = (this._media = new LocalMedia(undefined, { videoSize: videoSizeFromQuery(location.search), memory }));
    // While the user reads the lobby, not at Join, where every millisecond counts.
    void media.start().finally(() => {
      this._isStarting = false;
      warmUpWebRtc();
      // Join may have been pressed while the camera was starting: that
      // Manager is the call's, and must not be replaced.
      if (!this._manager) this._prepareCall();
    });
  }

  /**
   * Builds the next call's Manager, and with it the call view, hidden behind
   * the lobby: the view's first render (25 to 40 ms) happens while the user
   * reads the lobby instead of between a join's first peer connection and
   * its offer or answer. Nothing connects until Join.
   */
  private _prepareCall(): Manager {
    const signaler = new Signaler(roomSocketUrl(location, this._room), { participant: participantKey(localStorageOrNone()) });
    const manager = (this._manager = new Manager({ signaler, media: this._media!, iceStorage: sessionStorageOrNone() }));
    this._lock?.dispose();
    this._lock = new RoomLock(signaler);
    this.requestUpdate();
    return manager;
  }

  private _onNavigate(event: CustomEvent<{ path: string }>): void {
    location.assign(event.detail.path);
  }

  /** Joins from the lobby; the call shows once the server has let us in, and a refusal is explained in the lobby. */
  private async _onJoin(event: CustomEvent<{ username: string; password: string }>): Promise<void> {
    const { username, password } = event.detail;
    try {
      localStorage.setItem(USERNAME_KEY, username);
    } catch {
      // Private mode may refuse storage; the name is only a convenience.
    }
    const manager = this._manager?.state === 'idle' ? this._manager : this._prepareCall();
    this._isJoining = true;
    this._refusal = '';
    try {
      await manager.join(username, password);
      this._phase = 'call';
      this._stopStatus?.();
      await this.updateComplete;
      await this.renderRoot.querySelector('call-view')?.focusControls();
    } catch (error) {
      // The Manager let go of the media; the lobby keeps it, and a new
      // Manager (and call view) waits for the next try.
      this._prepareCall();
      const failure = explainJoinFailure(error);
      this._refusal = failure.message;
      if (failure.needsPassword) this._needsPassword = true;
      if (failure.isRoomInUse) {
        // Unlocked meanwhile, or never locked: the password field goes, and Join goes in without one.
        this._roomStatus = { occupied: true, locked: false };
        this._needsPassword = false;
      }
    } finally {
      this._isJoining = false;
    }
  }

  private async _onLeave(): Promise<void> {
    this._manager?.leave();
    this._phase = 'left';
    // The call's buttons are gone: the focus goes to what one most likely wants next.
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.left .btn.primary')?.focus();
  }

  private _savedName(): string {
    try {
      return localStorage.getItem(USERNAME_KEY) ?? '';
    } catch {
      return '';
    }
  }

  override render() {
    switch (this._phase) {
      case 'front':
        return nothing;
      case 'unloaded':
        return html`<div class="left">
          <div>
            <div class="logo">${logoIcon}</div>
            <h1>Parley could not load</h1>
            <p>Check your connection, then try again.</p>
            <div class="row"><button class="btn primary" @click=${() => location.reload()}>Try again</button></div>
          </div>
        </div>`;
      case 'home':
        return html`<home-page @navigate=${this._onNavigate}></home-page>`;
      case 'bad-link':
        return html`<bad-link-page .problem=${this._linkProblem!} @navigate=${this._onNavigate}></bad-link-page>`;
      case 'lobby':
      case 'call':
        // One template for both phases: the call view prepared in the lobby
        // (hidden) is the one shown on admission. A new Manager gets a new view.
        return html`${
          this._phase === 'lobby'
            ? html`<lobby-view
                .room=${this._room}
                .media=${this._media!}
                .username=${this._savedName()}
                .isStarting=${this._isStarting}
                .isJoining=${this._isJoining}
                .refusal=${this._refusal}
                .needsPassword=${this._needsPassword}
                .roomStatus=${this._roomStatus}
                @join=${this._onJoin}
              ></lobby-view>`
            : nothing
        }${
          this._manager
            ? keyed(
                this._manager,
                html`<call-view
                  ?hidden=${this._phase !== 'call'}
                  .room=${this._room}
                  .manager=${this._manager}
                  .lock=${this._lock}
                  .media=${this._media!}
                  @leave=${this._onLeave}
                ></call-view>`,
              )
            : nothing
        }`;
      case 'left':
        return html`<div class="left">
          <div>
            <div class="logo">${logoIcon}</div>
            <h1>You left the call</h1>
            <p>Room ${this._room}</p>
            <div class="row">
              <button class="btn primary" @click=${() => location.reload()}>Rejoin</button>
              <a class="btn ghost" href="/">Home</a>
            </div>
          </div>
        </div>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-app': ParleyApp;
  }
}
