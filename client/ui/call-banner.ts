// The call's toast: what the user must know about the link to the server
// (reconnecting, offline, disconnected with Rejoin), and otherwise the latest
// notice. Apart from call-view.ts, which decides what to show, not how.
import { html, nothing } from 'lit';
import type { CallState } from '../call/manager.js';

/** The banner for `state`; `reason` is the Manager's disconnectReason, `notice` the latest notice. */
export function renderCallBanner(state: CallState, reason: string, notice: string) {
  switch (state) {
    case 'reconnecting':
      return html`<div class="toast banner warn" role="alert">
        <p>Lost the connection to the server. Reconnecting…<br /><span class="small">The call goes on meanwhile.</span></p>
      </div>`;
    case 'offline':
      return html`<div class="toast banner" role="alert">
        <p>Offline: the server is gone. Still trying to reconnect…<br /><span class="small">Check your connection, or rejoin later.</span></p>
      </div>`;
    case 'disconnected':
      return html`<div class="toast banner" role="alert">
        <p>${reason || 'Lost the connection to the server.'}</p>
        <button class="btn primary" @click=${() => location.reload()}>Rejoin</button>
      </div>`;
    default:
      return notice ? html`<div class="toast" role="status">${notice}</div>` : nothing;
  }
}
