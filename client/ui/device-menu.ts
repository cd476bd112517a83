// The small menu beside the microphone and camera buttons, as Meet has: the
// microphones and speakers (or the cameras) the browser offers, the one in
// use marked. Picking one switches it at once, in the call (the new track
// reaches every peer through replaceTrack, see LocalMedia.selectDevice) and
// in the lobby alike. The lists follow devices being plugged in and out.
import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { listDevices, markedDevice, type DeviceKind } from '../media/device-list.js';
import type { LocalMedia } from '../media/local-media.js';
import { canChooseSpeaker } from './speaker-output.js';
import { shared } from './theme.js';

const chevronIcon = svg`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="m12 10.8-4.6 4.6L6 14l6-6 6 6-1.4 1.4Z"></path></svg>`;
const checkIcon = svg`<svg class="icon check" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="m9.55 18-5.7-5.7 1.425-1.425L9.55 15.15l9.175-9.175L20.15 7.4Z"></path></svg>`;

const TITLE: Record<DeviceKind, string> = { mic: 'Microphone', camera: 'Camera', speaker: 'Speaker' };

/** What the user is choosing from, per kind: the LocalMedia id in use. */
export function currentDeviceId(media: LocalMedia, kind: DeviceKind): string {
  return kind === 'mic' ? media.micId : kind === 'camera' ? media.cameraId : media.speakerId;
}

/** Switches `kind` to device `id`. */
export function chooseDevice(media: LocalMedia, kind: DeviceKind, id: string): Promise<void> {
  if (kind === 'speaker') return Promise.resolve(media.selectSpeaker(id));
  return media.selectDevice(kind === 'mic' ? 'audio' : 'video', id);
}

/**
 * A device menu.
 *
 * @csspart toggle - the chevron button
 */
@customElement('device-menu')
export class DeviceMenu extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        position: relative;
        display: inline-flex;
        /* The width of the chevron's part of the pill, and of its icon. */
        --chevron-width: 34px;
        --chevron-icon: 20px;
      }
      /*
       * The left end of a pill whose right end is the round button it belongs
       * to (control-bar.ts sets the sizes): it runs on to the button's centre,
       * where the button's circle meets its top and bottom edges, so the two
       * read as one shape. The chevron shows in the part beside the button,
       * which is also where a click lands (the middle of the toggle).
       */
      .toggle {
        width: calc(var(--chevron-width) + var(--control-size, 52px) / 2);
        height: var(--control-size, 52px);
        border-radius: 999px 0 0 999px;
        border: 1px solid var(--border);
        border-right: none;
        background: var(--surface);
        display: grid;
        place-items: center start;
        padding: 0 0 0 calc((var(--chevron-width) - var(--chevron-icon)) / 2 - 1px);
      }
      .toggle:hover,
      .toggle[aria-expanded='true'] {
        background: var(--surface-3);
      }
      .toggle .icon {
        width: var(--chevron-icon);
        height: var(--chevron-icon);
      }
      .menu {
        position: absolute;
        left: 0;
        bottom: calc(100% + 10px);
        z-index: 30;
        width: min(320px, calc(100vw - 24px));
        max-height: min(420px, 70dvh);
        overflow-y: auto;
        background: var(--surface-2);
        border: 1px solid var(--border);
        border-radius: 12px;
        padding: 6px;
        box-shadow: 0 8px 24px rgba(0, 0, 0, 0.45);
      }
      .group + .group {
        border-top: 1px solid var(--border);
        margin-top: 6px;
        padding-top: 6px;
      }
      h3 {
        margin: 6px 10px 4px;
        font-size: 12px;
        font-weight: 600;
        color: var(--muted);
        text-transform: uppercase;
        letter-spacing: 0.04em;
      }
      [role='menuitemradio'] {
        display: flex;
        align-items: center;
        gap: 8px;
        width: 100%;
        min-height: 40px;
        padding: 6px 10px;
        border: none;
        border-radius: 8px;
        background: transparent;
        text-align: left;
        font-size: 14px;
      }
      [role='menuitemradio']:hover,
      [role='menuitemradio']:focus-visible {
        background: var(--surface-3);
      }
      [role='menuitemradio'] span {
        flex: 1;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .check {
        width: 18px;
        height: 18px;
        flex: none;
        color: var(--accent);
      }
      [aria-checked='false'] .check {
        visibility: hidden;
      }
      .empty {
        margin: 4px 10px 8px;
        font-size: 14px;
        color: var(--muted);
      }
      @media (max-width: 480px) {
        :host {
          --chevron-width: 28px;
          --chevron-icon: 16px;
        }
        /* The width of the screen, just above the control bar's two rows (2 × 44 px buttons, 6 px apart, 12 px padding): the buttons stay in view. */
        .menu {
          position: fixed;
          left: 12px;
          right: 12px;
          bottom: calc(126px + env(safe-area-inset-bottom));
          width: auto;
        }
      }
    `,
  ];

  /** Our devices. */
  @property({ attribute: false }) media: LocalMedia | undefined;
  /** The lists to show, in order, space-separated: e.g. "mic speaker" or "camera". */
  @property() kinds = 'mic';
  /** The chevron's accessible name. */
  @property() label = 'Audio devices';

  @state() private _isOpen = false;
  @query('.toggle') private _toggle!: HTMLButtonElement;
  private _off: (() => void) | undefined;
  /** A press anywhere else closes the menu, as a native menu does. */
  private readonly _onOutside = (event: Event) => {
    if (!event.composedPath().includes(this)) this._isOpen = false;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this._off = this.media?.on('change', () => this.requestUpdate());
    document.addEventListener('pointerdown', this._onOutside);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._off?.();
    document.removeEventListener('pointerdown', this._onOutside);
  }

  /** The kinds shown: the speaker only where the browser can switch it. */
  private get _kinds(): DeviceKind[] {
    return this.kinds
      .split(/\s+/)
      .filter((k): k is DeviceKind => k === 'mic' || k === 'camera' || k === 'speaker')
      .filter((k) => k !== 'speaker' || canChooseSpeaker());
  }

  private _items(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('[role=menuitemradio]')];
  }

  private async _onToggle(): Promise<void> {
    this._isOpen = !this._isOpen;
    if (!this._isOpen) return;
    // Labels come once access is granted, and devices may have changed since start.
    void this.media?.refreshDevices();
    await this.updateComplete;
    (this._items().find((b) => b.getAttribute('aria-checked') === 'true') ?? this._items()[0])?.focus();
  }

  private _close(): void {
    this._isOpen = false;
    this._toggle.focus();
  }

  private _onKey(event: KeyboardEvent): void {
    if (!this._isOpen) return;
    if (event.key === 'Escape') {
      event.stopPropagation();
      return this._close();
    }
    if (event.key === 'Tab') return void (this._isOpen = false);
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const items = this._items();
    const at = items.findIndex((b) => b === this.shadowRoot?.activeElement);
    const next = (at + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
    items[next]?.focus();
  }

  private _onPick(kind: DeviceKind, id: string): void {
    if (this.media) void chooseDevice(this.media, kind, id);
    this._close();
  }

  private _renderGroup(kind: DeviceKind) {
    const media = this.media;
    if (!media) return nothing;
    const options = listDevices(media.devices, kind);
    const marked = markedDevice(options, currentDeviceId(media, kind));
    return html`<div class="group" role="group" aria-labelledby="title-${kind}">
      <h3 id="title-${kind}">${TITLE[kind]}</h3>
      ${options.length === 0 ? html`<p class="empty">None found</p>` : nothing}
      ${options.map(
        (o) =>
          html`<button role="menuitemradio" aria-checked=${o.id === marked} data-kind=${kind} data-device=${o.id} @click=${() => this._onPick(kind, o.id)}>
            ${checkIcon}<span>${o.label}</span>
          </button>`,
      )}
    </div>`;
  }

  override render() {
    return html`<div @keydown=${this._onKey}>
      <button
        class="toggle"
        part="toggle"
        aria-label=${this.label}
        title=${this.label}
        aria-haspopup="menu"
        aria-expanded=${this._isOpen}
        aria-controls="menu"
        @click=${this._onToggle}
      >
        ${chevronIcon}
      </button>
      ${this._isOpen ? html`<div class="menu" id="menu" role="menu" aria-label=${this.label}>${this._kinds.map((k) => this._renderGroup(k))}</div>` : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'device-menu': DeviceMenu;
  }
}
