// The lobby's microphone level: five bars that light up as you speak, so you
// know you will be heard before you join. It follows one key of an
// AudioLevels and moves by a CSS variable, not by re-rendering: it changes
// ten times a second.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AudioLevels } from '../media/audio-levels.js';

/** Levels below this (about -60 dBFS) show no bar; full scale shows all five. */
const FLOOR_DB = -60;
const BARS = 5;

/** An RMS level (0 to 1) as a share of the meter (0 to 1), on a decibel scale as ears hear it. */
export function meterShare(level: number): number {
  if (level <= 0) return 0;
  const db = 20 * Math.log10(level);
  return Math.min(1, Math.max(0, (db - FLOOR_DB) / -FLOOR_DB));
}

@customElement('mic-meter')
export class MicMeter extends LitElement {
  static override styles = css`
    :host {
      display: inline-flex;
      align-items: flex-end;
      gap: 3px;
      height: 16px;
    }
    i {
      width: 4px;
      border-radius: 2px;
      background: rgba(255, 255, 255, 0.28);
      transition: background 0.08s;
    }
    i:nth-child(1) {
      height: 30%;
    }
    i:nth-child(2) {
      height: 47%;
    }
    i:nth-child(3) {
      height: 65%;
    }
    i:nth-child(4) {
      height: 82%;
    }
    i:nth-child(5) {
      height: 100%;
    }
    i.lit {
      background: #4ade80;
    }
  `;

  /** Where the level comes from. */
  @property({ attribute: false }) levels: AudioLevels | undefined;
  /** Which of its tracks. */
  @property() key = '';

  private _off: (() => void) | undefined;
  private _lit = -1;

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('role', 'meter');
    this.setAttribute('aria-label', 'Microphone level');
    this.setAttribute('aria-valuemin', '0');
    this.setAttribute('aria-valuemax', String(BARS));
    this._follow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._off?.();
    this._off = undefined;
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('levels')) this._follow();
    else this._show();
  }

  private _follow(): void {
    this._off?.();
    this._off = this.levels?.on('levels', () => this._show());
    this._show();
  }

  private _show(): void {
    const lit = Math.round(meterShare(this.levels?.level(this.key) ?? 0) * BARS);
    const bars = this.shadowRoot?.querySelectorAll('i');
    if (lit === this._lit || !bars?.length) return;
    this._lit = lit;
    this.setAttribute('aria-valuenow', String(lit));
    bars.forEach((bar, i) => bar.classList.toggle('lit', i < lit));
  }

  override render() {
    return html`<i></i><i></i><i></i><i></i><i></i>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mic-meter': MicMeter;
  }
}
