// "Play a sound when someone joins or leaves", in the participant list: the
// switch for the call's SoundPreference (client/call/sound-preference.ts),
// remembered in this browser.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SoundPreference } from '../call/sound-preference.js';
import { shared } from './theme.js';

/** The join-sound switch. */
@customElement('join-sound-toggle')
export class JoinSoundToggle extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      /* As the list's "Show connection stats" switch above it. */
      label {
        display: flex;
        align-items: center;
        gap: 10px;
        padding: 12px 16px;
        font-size: 14px;
        color: var(--muted);
        border-bottom: 1px solid var(--border);
        cursor: pointer;
      }
      input {
        width: 18px;
        height: 18px;
        accent-color: var(--accent);
      }
    `,
  ];

  /** The preference it switches. */
  @property({ attribute: false }) preference: SoundPreference | undefined;

  override render() {
    return html`<label
      ><input type="checkbox" .checked=${this.preference?.isOn ?? false} @change=${(e: Event) => this.preference?.set((e.target as HTMLInputElement).checked)} /> Play a
      sound when someone joins or leaves</label
    >`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'join-sound-toggle': JoinSoundToggle;
  }
}
