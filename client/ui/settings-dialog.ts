// The gear's settings, as Meet's: "Audio" (microphone with its level, and
// speaker), "Video" (camera, with a preview) and "Advanced" (the connection
// settings: ICE servers). A modal dialog: Escape closes it, the focus stays
// inside while it is open, and the caller puts it back on the gear.
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { IceServerSource } from '../ice/ice-server-source.js';
import type { AudioLevels } from '../media/audio-levels.js';
import { listDevices, markedDevice, type DeviceKind } from '../media/device-list.js';
import type { LocalMedia } from '../media/local-media.js';
import { chooseDevice, currentDeviceId } from './device-menu.js';
import { closeIcon } from './icons.js';
import './ice-settings-panel.js';
import './mic-meter.js';
import { settingsDialogStyles } from './settings-dialog-styles.js';
import { canChooseSpeaker } from './speaker-output.js';
import { iconButton, shared } from './theme.js';

export type SettingsTab = 'audio' | 'video' | 'advanced';
const TABS: readonly { id: SettingsTab; name: string }[] = [
  { id: 'audio', name: 'Audio' },
  { id: 'video', name: 'Video' },
  { id: 'advanced', name: 'Advanced' },
];

/**
 * The settings dialog.
 *
 * @fires close - when the dialog closes (Escape, Close or Done)
 */
@customElement('settings-dialog')
export class SettingsDialog extends LitElement {
  static override styles = [shared, iconButton, settingsDialogStyles];

  /** Our devices. */
  @property({ attribute: false }) media: LocalMedia | undefined;
  /** Audio levels that follow our microphone, for the meter. */
  @property({ attribute: false }) levels: AudioLevels | undefined;
  /** Which key of `levels` is our microphone. */
  @property({ attribute: 'level-key' }) levelKey = 'self';
  /** The call's ICE servers, for "Advanced". */
  @property({ attribute: false }) source: IceServerSource | undefined;

  @state() private _isOpen = false;
  @state() private _tab: SettingsTab = 'audio';
  @query('dialog') private _dialog!: HTMLDialogElement;
  @query('.preview video') private _preview!: HTMLVideoElement | null;
  private _off: (() => void) | undefined;
  /** The track the preview shows. */
  private _shownTrack: MediaStreamTrack | undefined;

  get isOpen(): boolean {
    return this._isOpen;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._off = this.media?.on('change', () => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._off?.();
    this._showPreview(undefined);
  }

  /** Opens the dialog on `tab` and puts the focus on that tab. */
  async show(tab: SettingsTab = this._tab): Promise<void> {
    this._tab = tab;
    this._isOpen = true;
    void this.media?.refreshDevices();
    await this.updateComplete;
    if (!this._dialog.open) this._dialog.showModal();
    this._tabButton(tab)?.focus();
  }

  /** Closes the dialog; the caller puts the focus back where it came from. */
  close(): void {
    if (!this._isOpen) return;
    this._isOpen = false;
    this._dialog.close();
    this.dispatchEvent(new CustomEvent('close', { bubbles: true, composed: true }));
  }

  /** What the preview should show: the camera, while the Video tab is open. */
  private get _wantedTrack(): MediaStreamTrack | undefined {
    return this._isOpen && this._tab === 'video' ? this.media?.cameraTrack : undefined;
  }

  /**
   * Let go of the camera before the preview leaves the page: a detached
   * <video> keeps buffers of the capture pool every encoder shares
   * (video-tile.ts), and the preview goes whenever the tab changes.
   */
  protected override willUpdate(): void {
    if (this._wantedTrack !== this._shownTrack) this._showPreview(undefined);
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('media')) {
      this._off?.();
      this._off = this.media?.on('change', () => this.requestUpdate());
    }
    this._showPreview(this._wantedTrack);
  }

  private _showPreview(track: MediaStreamTrack | undefined): void {
    if (track === this._shownTrack || !this._preview) return;
    this._shownTrack = track;
    this._preview.srcObject = track ? new MediaStream([track]) : null;
  }

  private _tabButton(tab: SettingsTab): HTMLButtonElement | null {
    return this.renderRoot.querySelector<HTMLButtonElement>(`[role=tab][data-tab="${tab}"]`);
  }

  private async _select(tab: SettingsTab): Promise<void> {
    this._tab = tab;
    await this.updateComplete;
    this._tabButton(tab)?.focus();
  }

  /** Arrow keys move between tabs (only the chosen one is in the Tab order), as the ARIA tabs pattern has it. */
  private _onTabKey(event: KeyboardEvent): void {
    const at = TABS.findIndex((t) => t.id === this._tab);
    const step = { ArrowRight: 1, ArrowLeft: TABS.length - 1, Home: TABS.length - at, End: TABS.length - 1 - at }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    void this._select(TABS[(at + step) % TABS.length]!.id);
  }

  /** The native Escape: closed our way, so the close event fires once. */
  private _onCancel(event: Event): void {
    event.preventDefault();
    this.close();
  }

  /** The focus guards at both ends: Tab past the end goes to the start, Shift+Tab past the start to the end. */
  private _wrapTo(selector: string): void {
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private _renderSelect(kind: DeviceKind, label: string) {
    const media = this.media;
    if (!media) return nothing;
    const options = listDevices(media.devices, kind);
    const marked = markedDevice(options, currentDeviceId(media, kind));
    const onChange = (event: Event) => {
      if (event.currentTarget instanceof HTMLSelectElement) void chooseDevice(media, kind, event.currentTarget.value);
    };
    return html`<label
      >${label}
      <select data-kind=${kind} ?disabled=${options.length === 0} @change=${onChange}>
        ${options.length === 0 ? html`<option>None found</option>` : nothing}
        ${options.map((o) => html`<option value=${o.id} ?selected=${o.id === marked}>${o.label}</option>`)}
      </select></label
    >`;
  }

  private _renderPanel() {
    switch (this._tab) {
      case 'audio':
        return html`${this._renderSelect('mic', 'Microphone')}
          <div class="meter-row">
            <mic-meter .levels=${this.levels} key=${this.levelKey}></mic-meter>
            <span>${this.media?.isMicOn ? 'Speak to see your level.' : 'Your microphone is muted; the level still shows that it hears you.'}</span>
          </div>
          ${canChooseSpeaker() ? this._renderSelect('speaker', 'Speaker') : html`<p class="note">This browser plays sound on the system's speaker; it cannot be changed here.</p>`}`;
      case 'video': {
        const hasCamera = this.media?.cameraTrack !== undefined;
        return html`${this._renderSelect('camera', 'Camera')}
          <div class="preview">
            <video autoplay playsinline muted ?hidden=${!hasCamera} aria-label="Camera preview"></video>
            ${hasCamera ? nothing : html`<span>Your camera is off.</span>`}
          </div>`;
      }
      case 'advanced':
        return this.source ? html`<ice-settings-panel embedded .source=${this.source} @close=${this._onPanelClose}></ice-settings-panel>` : nothing;
    }
  }

  /** The connection settings' own Escape: it closes the whole dialog. */
  private _onPanelClose(event: Event): void {
    event.stopPropagation();
    this.close();
  }

  override render() {
    return html`<dialog aria-labelledby="settings-title" @cancel=${this._onCancel}>
      ${
        this._isOpen
          ? html`<span tabindex="0" class="guard" @focus=${() => this._wrapTo('#done')}></span>
              <header>
                <h2 id="settings-title">Settings</h2>
                <button class="icon-btn close" aria-label="Close settings" @click=${() => this.close()}>${closeIcon}</button>
              </header>
              <div role="tablist" aria-label="Settings" @keydown=${this._onTabKey}>
                ${TABS.map(
                  (t) =>
                    html`<button
                      role="tab"
                      id="tab-${t.id}"
                      data-tab=${t.id}
                      aria-selected=${t.id === this._tab}
                      aria-controls="panel"
                      tabindex=${t.id === this._tab ? 0 : -1}
                      @click=${() => this._select(t.id)}
                    >
                      ${t.name}
                    </button>`,
                )}
              </div>
              <div class="body">
                <div role="tabpanel" id="panel" class=${this._tab} aria-labelledby="tab-${this._tab}">${this._renderPanel()}</div>
              </div>
              <footer><button class="btn primary" id="done" @click=${() => this.close()}>Done</button></footer>
              <span tabindex="0" class="guard" @focus=${() => this._wrapTo('.close')}></span>`
          : nothing
      }
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'settings-dialog': SettingsDialog;
  }
}
