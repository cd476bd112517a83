// The state of the link to the server, in a word and a coloured dot, for the
// call's top bar: connected, reconnecting, offline (docs/client.md
// "Connection states"). On a phone only the dot shows; the call view's
// banner says it in words whenever it is not "connected".
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CallState } from '../call/manager.js';
import { shared, visuallyHidden } from './theme.js';

/** [the word shown, what it means (the title and the accessible name)]. */
export function linkWords(state: CallState): [string, string] {
  switch (state) {
    case 'idle':
    case 'joining':
      return ['Connecting…', 'Connecting to the server'];
    case 'joined':
      return ['Connected', 'Connected to the server'];
    case 'reconnecting':
      return ['Reconnecting…', 'Lost the server; reconnecting'];
    case 'offline':
      return ['Offline', 'The server is gone; still trying'];
    case 'left':
    case 'disconnected':
      return ['Disconnected', 'Not connected to the server'];
  }
}

/** The link to the server, as a live status. */
@customElement('link-status')
export class LinkStatus extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: inline-flex;
      }
      .link {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        font-size: 13px;
        color: var(--muted);
        white-space: nowrap;
      }
      .link::before {
        content: '';
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: var(--ok);
      }
      .link.reconnecting::before,
      .link.joining::before,
      .link.idle::before {
        background: var(--warn);
        animation: pulse 1.2s ease-in-out infinite;
      }
      .link.offline::before,
      .link.disconnected::before,
      .link.left::before {
        background: var(--danger);
      }
      .link.reconnecting,
      .link.offline,
      .link.disconnected {
        color: var(--text);
      }
      @keyframes pulse {
        50% {
          opacity: 0.3;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .link::before {
          animation: none !important;
        }
      }
      @media (max-width: 720px) {
        .words {
          ${visuallyHidden}
        }
      }
    `,
  ];

  /** The call's state, as the Manager reports it. */
  @property() state: CallState = 'idle';

  override render() {
    const [word, meaning] = linkWords(this.state);
    return html`<span class="link ${this.state}" role="status" title=${meaning}><span class="words">${word}</span></span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'link-status': LinkStatus;
  }
}
