// The diagnostics page's camera, microphone and speaker check, like Whereby's
// pre-call test: a camera preview that counts the frames it shows, the
// lobby's microphone meter, and a test sound the user says they heard or not.
// Camera and microphone are asked for apart, so one missing or blocked does
// not hide whether the other works.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { AudioLevels } from '../media/audio-levels.js';
import '../ui/mic-meter.js';
import { meterShare } from '../ui/mic-meter.js';
import { accessFailure, type DeviceAccess, type DeviceState } from './user-verdict.js';

/** A share of the meter (mic-meter.ts) that is a voice or a sound, not room noise. */
const HEARD_SHARE = 0.35;
/** The test sound: three rising notes, as a doorbell. */
const NOTES_HZ = [523.25, 659.25, 783.99];
const NOTE_S = 0.22;

/** Plays the test sound on the default speaker; resolves when it has ended. */
async function playChime(context: AudioContext): Promise<void> {
  await context.resume();
  const start = context.currentTime + 0.05;
  for (const [i, hz] of NOTES_HZ.entries()) {
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.frequency.value = hz;
    const at = start + i * NOTE_S;
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.3, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.001, at + NOTE_S * 1.6);
    osc.connect(gain).connect(context.destination);
    osc.start(at);
    osc.stop(at + NOTE_S * 1.7);
    if (i === NOTES_HZ.length - 1) await new Promise((resolve) => osc.addEventListener('ended', resolve, { once: true }));
  }
}

/**
 * The device check.
 *
 * @fires devices-change - {detail: DeviceState} when what the check knows changes (not on every frame)
 */
@customElement('device-check')
export class DeviceCheck extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .grid {
      display: grid;
      gap: 1rem;
    }
    @media (min-width: 720px) {
      .grid {
        grid-template-columns: 320px 1fr;
        align-items: start;
      }
    }
    figure {
      margin: 0;
    }
    video {
      width: 100%;
      aspect-ratio: 16 / 9;
      background: #000;
      border-radius: 12px;
      object-fit: cover;
      transform: scaleX(-1);
      display: block;
    }
    figcaption {
      font-size: 0.85rem;
      color: var(--muted);
      margin-top: 0.35rem;
      font-variant-numeric: tabular-nums;
    }
    .row {
      display: flex;
      align-items: center;
      gap: 0.75rem;
      flex-wrap: wrap;
      padding: 0.6rem 0;
      border-bottom: 1px solid var(--line);
    }
    .row:last-child {
      border-bottom: none;
    }
    .name {
      font-weight: 600;
      min-width: 6.5rem;
    }
    mic-meter {
      height: 20px;
    }
    .ask {
      display: flex;
      align-items: center;
      gap: 0.5rem;
    }
    button {
      font: inherit;
      font-size: 0.95rem;
      padding: 0.45rem 0.9rem;
      border-radius: 999px;
      border: 1px solid var(--line);
      background: var(--card-2);
      color: var(--ink);
      cursor: pointer;
    }
    button.primary {
      background: var(--accent-fill);
      border-color: var(--accent-fill);
      color: #fff;
    }
    button:disabled {
      opacity: 0.6;
      cursor: progress;
    }
    :focus-visible {
      outline: 3px solid #a89dff;
      outline-offset: 2px;
    }
  `;

  @state() private _state: DeviceState = { camera: 'asking', frames: 0, microphone: 'asking', isHeard: false, speaker: undefined };
  @state() private _isPlaying = false;
  @state() private _hasPlayed = false;
  @query('video') private _video!: HTMLVideoElement;
  private readonly _levels = new AudioLevels();
  private _streams: MediaStream[] = [];
  private _sound: AudioContext | undefined;
  private _offs: (() => void)[] = [];
  private _frameCallback = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    // The meter's AudioContext starts suspended until the page's first click or key.
    const resume = () => this._levels.resume();
    addEventListener('pointerdown', resume);
    addEventListener('keydown', resume);
    this._offs.push(
      () => removeEventListener('pointerdown', resume),
      () => removeEventListener('keydown', resume),
      this._levels.on('levels', () => this._onLevels()),
    );
    void this.check();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const off of this._offs) off();
    this._stop();
    this._levels.close();
    void this._sound?.close().catch(() => undefined);
  }

  /** Asks for the camera and the microphone again (after the user allowed them, or plugged one in). */
  async check(): Promise<void> {
    this._stop();
    this._set({ camera: 'asking', frames: 0, microphone: 'asking', isHeard: false });
    const [camera, microphone] = await Promise.all([this._open({ video: true }), this._open({ audio: true })]);
    await this.updateComplete;
    if (camera instanceof MediaStream) {
      this._video.srcObject = camera;
      this._countFrames();
    }
    if (microphone instanceof MediaStream) this._levels.watch('mic', microphone.getAudioTracks()[0]);
    this._set({ camera: camera instanceof MediaStream ? 'ok' : camera, microphone: microphone instanceof MediaStream ? 'ok' : microphone });
  }

  private async _open(constraints: MediaStreamConstraints): Promise<MediaStream | DeviceAccess> {
    try {
      if (!navigator.mediaDevices?.getUserMedia) return 'failed';
      const stream = await navigator.mediaDevices.getUserMedia(constraints);
      this._streams.push(stream);
      return stream;
    } catch (error) {
      return accessFailure(error);
    }
  }

  /** Counts the frames the preview really presents, not the ones the camera claims to send. */
  private _countFrames(): void {
    const video = this._video;
    const onFrame = () => {
      this._state = { ...this._state, frames: this._state.frames + 1 };
      if (this._state.frames === 1) this._announce();
      this._frameCallback = video.requestVideoFrameCallback(onFrame);
    };
    this._frameCallback = video.requestVideoFrameCallback(onFrame);
  }

  private _onLevels(): void {
    if (!this._state.isHeard && meterShare(this._levels.level('mic')) >= HEARD_SHARE) this._set({ isHeard: true });
  }

  private _stop(): void {
    this._video?.cancelVideoFrameCallback(this._frameCallback);
    for (const stream of this._streams) for (const track of stream.getTracks()) track.stop();
    this._streams = [];
    this._levels.unwatch('mic');
  }

  private _set(change: Partial<DeviceState>): void {
    this._state = { ...this._state, ...change };
    this._announce();
  }

  private _announce(): void {
    this.dispatchEvent(new CustomEvent('devices-change', { detail: this._state, bubbles: true, composed: true }));
  }

  private async _onPlay(): Promise<void> {
    this._levels.resume();
    this._sound ??= new AudioContext();
    this._isPlaying = true;
    try {
      await playChime(this._sound);
    } finally {
      this._isPlaying = false;
      this._hasPlayed = true;
    }
  }

  override render() {
    const s = this._state;
    return html`<div class="grid">
      <figure>
        <video muted playsinline autoplay aria-label="Your camera"></video>
        <figcaption data-frames=${s.frames}>${s.camera === 'ok' ? `${s.frames} ${s.frames === 1 ? 'frame' : 'frames'} shown` : 'No picture'}</figcaption>
      </figure>
      <div>
        <div class="row">
          <span class="name">Microphone</span>
          <mic-meter .levels=${this._levels} key="mic"></mic-meter>
        </div>
        <div class="row">
          <span class="name">Speaker</span>
          <button class="primary" ?disabled=${this._isPlaying} @click=${this._onPlay}>${this._isPlaying ? 'Playing…' : 'Play test sound'}</button>
          ${
            this._hasPlayed
              ? html`<span class="ask" role="group" aria-label="Did you hear it?">
                  Did you hear it?
                  <button aria-pressed=${s.speaker === 'heard'} @click=${() => this._set({ speaker: 'heard' })}>Yes</button>
                  <button aria-pressed=${s.speaker === 'not-heard'} @click=${() => this._set({ speaker: 'not-heard' })}>No</button>
                </span>`
              : nothing
          }
        </div>
        <div class="row">
          <button @click=${() => void this.check()}>Check again</button>
        </div>
      </div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'device-check': DeviceCheck;
  }
  interface HTMLElementEventMap {
    /** What the device check knows changed. */
    'devices-change': CustomEvent<DeviceState>;
  }
}
