// The call's buttons: microphone, camera, screen share, chat, people,
// settings, leave. The microphone and camera each take a device menu in a
// slot (mic-menu, camera-menu) before them.
// Toggles keep one name and say their state with aria-pressed, so a screen
// reader hears "Microphone, pressed" rather than a name that changes.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { camIcon, camOffIcon, chatIcon, leaveIcon, micIcon, micOffIcon, peopleIcon, screenIcon, settingsIcon } from './icons.js';
import type { ShortcutNames } from './call-shortcuts.js';
import { shared } from './theme.js';

/** A tooltip with its shortcut, e.g. "Mute microphone (Ctrl+D)". */
function withKey(title: string, key: string | undefined): string {
  return key ? `${title} (${key})` : title;
}

/** aria-keyshortcuts' spelling of "Ctrl+D" or "⌘+D"; absent without one. */
function ariaKeys(key: string | undefined): string | typeof nothing {
  return key ? key.replace('⌘', 'Meta').replace('Ctrl', 'Control') : nothing;
}

export type ControlAction = 'mic' | 'camera' | 'screen' | 'chat' | 'people' | 'settings' | 'leave';

/**
 * The control bar.
 *
 * @fires control - {detail: {action: ControlAction}} when a button is pressed
 * @slot - more buttons, before Chat (the call's hand and reactions)
 * @slot mic-menu - before the microphone button: its device menu
 * @slot camera-menu - before the camera button: its device menu
 * @csspart bar - the row of buttons
 * @cssprop --control-size - the round buttons' size (52 px, 44 px on a phone); a slotted device menu sizes its chevron's pill from it
 * @cssprop --control-gap - the space between the buttons (10 px, 6 px on a phone)
 */
@customElement('control-bar')
export class ControlBar extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        /* The round buttons' size and the space between them; a device menu's chevron (device-menu.ts) is sized from them. */
        --control-size: 52px;
        --control-gap: 10px;
      }
      .bar {
        display: flex;
        justify-content: center;
        align-items: center;
        gap: var(--control-gap);
        padding: 12px 12px calc(12px + env(safe-area-inset-bottom));
        flex-wrap: wrap;
      }
      .group {
        display: flex;
        gap: var(--control-gap);
      }
      /*
       * A device menu's chevron (slotted by the call view) and the round
       * button after it are one pill, as in Meet: the chevron's half-pill
       * runs under the button to its centre, so the button's circle is the
       * pill's right end, and the chevron sits beside it, nothing behind it.
       */
      ::slotted(device-menu) {
        margin-right: calc(-1 * (var(--control-size) / 2 + var(--control-gap)));
      }
      button.round {
        position: relative;
        width: var(--control-size);
        height: var(--control-size);
        border-radius: 50%;
        border: 1px solid var(--border);
        background: var(--surface-2);
        display: grid;
        place-items: center;
        transition: background 0.15s;
      }
      button.round:hover {
        background: var(--surface-3);
      }
      /* Off is red, as in the lobby (and Meet): the one state you must not miss. */
      button.round.off {
        background: var(--danger);
        color: white;
        border-color: transparent;
      }
      button.round.off:hover {
        background: var(--danger-hover);
      }
      button.round.active {
        background: var(--accent);
        border-color: transparent;
        color: white;
      }
      button.leave {
        width: 68px;
        border-radius: 999px;
        background: var(--danger);
        border-color: transparent;
        color: white;
      }
      button.leave:hover {
        background: var(--danger-hover);
      }
      .badge {
        position: absolute;
        top: -3px;
        right: -3px;
        min-width: 20px;
        height: 20px;
        padding: 0 5px;
        border-radius: 999px;
        background: var(--danger);
        color: white;
        font-size: 11px;
        font-weight: 700;
        display: grid;
        place-items: center;
        border: 2px solid var(--bg);
      }
      .divider {
        width: 1px;
        height: 32px;
        background: var(--border);
        margin: 0 4px;
      }
      @media (max-width: 480px) {
        /* The call's six buttons fit one row of a 360 px wide phone; the microphone, camera and screen go on the row above. */
        :host {
          --control-size: 44px;
          --control-gap: 6px;
        }
        button.leave {
          width: 58px;
        }
        .divider {
          display: none;
        }
      }
    `,
  ];

  /** Whether the microphone is on. */
  @property({ type: Boolean, attribute: 'mic-on' }) isMicOn = true;
  /** Whether the camera is on. */
  @property({ type: Boolean, attribute: 'camera-on' }) isCameraOn = true;
  /** Whether we are sharing the screen. */
  @property({ type: Boolean, attribute: 'sharing' }) isSharing = false;
  /** Whether the browser can share a screen at all (phones cannot). */
  @property({ type: Boolean, attribute: 'can-share' }) canShare = true;
  /** Whether the chat panel is open. */
  @property({ type: Boolean, attribute: 'chat-open' }) isChatOpen = false;
  /** Whether the participant list is open. */
  @property({ type: Boolean, attribute: 'people-open' }) isPeopleOpen = false;
  /** Whether the settings dialog is open. */
  @property({ type: Boolean, attribute: 'settings-open' }) isSettingsOpen = false;
  /** Chat messages not yet seen. */
  @property({ type: Number }) unread = 0;
  /** How many are in the call, shown on the people button. */
  @property({ type: Number }) count = 1;

  /** The keyboard shortcuts, named in the buttons' tooltips. */
  @property({ attribute: false }) shortcuts: ShortcutNames | undefined;

  /** Puts the keyboard focus on the toolbar itself (after Join): Tab then reaches its first button. */
  focusBar(): void {
    this.shadowRoot?.querySelector<HTMLElement>('.bar')?.focus();
  }

  /** Puts the keyboard focus on one button (e.g. back on Chat when the chat closes). */
  focusControl(action: ControlAction): void {
    this.shadowRoot?.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`)?.focus();
  }

  private _fire(action: ControlAction): void {
    this.dispatchEvent(new CustomEvent('control', { detail: { action }, bubbles: true, composed: true }));
  }

  override render() {
    const unreadText = this.unread > 0 ? `, ${this.unread} unread` : '';
    return html`
      <div class="bar" part="bar" role="toolbar" aria-label="Call controls" tabindex="-1">
        <div class="group">
          <slot name="mic-menu"></slot>
          <button
            class="round ${this.isMicOn ? '' : 'off'}"
            aria-label="Microphone"
            aria-pressed=${this.isMicOn}
            title=${withKey(this.isMicOn ? 'Mute microphone' : 'Unmute microphone', this.shortcuts?.mic)}
            aria-keyshortcuts=${ariaKeys(this.shortcuts?.mic)}
            data-action="mic"
            @click=${() => this._fire('mic')}
          >
            ${this.isMicOn ? micIcon : micOffIcon}
          </button>
          <slot name="camera-menu"></slot>
          <button
            class="round ${this.isCameraOn ? '' : 'off'}"
            aria-label="Camera"
            aria-pressed=${this.isCameraOn}
            title=${withKey(this.isCameraOn ? 'Turn camera off' : 'Turn camera on', this.shortcuts?.camera)}
            aria-keyshortcuts=${ariaKeys(this.shortcuts?.camera)}
            data-action="camera"
            @click=${() => this._fire('camera')}
          >
            ${this.isCameraOn ? camIcon : camOffIcon}
          </button>
          ${
            this.canShare
              ? html`<button
                  class="round ${this.isSharing ? 'active' : ''}"
                  aria-label="Share screen"
                  aria-pressed=${this.isSharing}
                  title=${this.isSharing ? 'Stop sharing' : 'Share screen'}
                  data-action="screen"
                  @click=${() => this._fire('screen')}
                >
                  ${screenIcon}
                </button>`
              : nothing
          }
        </div>
        <div class="divider" aria-hidden="true"></div>
        <div class="group">
          <slot></slot>
          <button
            class="round ${this.isChatOpen ? 'active' : ''}"
            aria-label="Chat${unreadText}"
            aria-expanded=${this.isChatOpen}
            title="Chat"
            data-action="chat"
            @click=${() => this._fire('chat')}
          >
            ${chatIcon} ${this.unread > 0 ? html`<span class="badge" aria-hidden="true">${this.unread > 99 ? '99+' : this.unread}</span>` : nothing}
          </button>
          <button
            class="round ${this.isPeopleOpen ? 'active' : ''}"
            aria-label="Participants (${this.count})"
            aria-expanded=${this.isPeopleOpen}
            title="Participants"
            data-action="people"
            @click=${() => this._fire('people')}
          >
            ${peopleIcon}
          </button>
          <button
            class="round ${this.isSettingsOpen ? 'active' : ''}"
            aria-label="Settings"
            aria-haspopup="dialog"
            aria-expanded=${this.isSettingsOpen}
            title="Settings: audio, video and connection"
            data-action="settings"
            @click=${() => this._fire('settings')}
          >
            ${settingsIcon}
          </button>
          <button class="round leave" aria-label="Leave" title="Leave the call" data-action="leave" @click=${() => this._fire('leave')}>${leaveIcon}</button>
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'control-bar': ControlBar;
  }
  interface HTMLElementEventMap {
    /** A toolbar button was pressed. */
    control: CustomEvent<{ action: ControlAction }>;
  }
}
