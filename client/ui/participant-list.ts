// Who is in the call, how our connection to each of them is doing and, when
// asked, live numbers for each connection (refreshed every second).
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { displayName } from './display-name.js';
import { camOffIcon, chatIcon, closeIcon, micOffIcon } from './icons.js';
import type { Participant } from '../call/manager.js';
import { raisedFirst } from '../call/raised-hands.js';
import { levelKey } from './video-grid.js';
import type { PeerStats } from '../peers/peer-stats.js';
import { avatarClass, initials, shared, sidePanel } from './theme.js';
import { participantListStyles } from './participant-list-styles.js';
import type { PeerState } from '../peers/video-peer.js';

export const STATS_INTERVAL_MS = 1000;

const STATE_LABEL: Record<PeerState, string> = {
  connecting: 'Connecting',
  connected: 'Connected',
  disconnected: 'Reconnecting',
  failed: 'Failed, retrying',
  closed: 'Closed',
};

/** "412 kbps", "1.2 Mbps", or a dash when unknown. */
export function formatBitrate(kbps: number | undefined): string {
  if (kbps === undefined) return '–';
  return kbps >= 1000 ? `${(kbps / 1000).toFixed(1)} Mbps` : `${kbps} kbps`;
}

/**
 * The participant list.
 *
 * @fires close - when the user closes the panel
 * @fires message-privately - {detail: {target: {id, name}}} when the user picks "Message privately" on someone
 */
@customElement('participant-list')
export class ParticipantList extends LitElement {
  static override styles = [shared, sidePanel, participantListStyles];

  /** Everyone in the call, ourselves first. */
  @property({ attribute: false }) participants: Participant[] = [];
  /** Fetches live numbers for one peer's connection. */
  @property({ attribute: false }) getStats: (peerId: string) => Promise<PeerStats | undefined> = () => Promise.resolve(undefined);
  /** id → the name shown, "Bob (2)" for a second Bob (call-awareness.ts); else the username. */
  @property({ attribute: false }) labels: ReadonlyMap<string, string> = new Map();
  /** Raised hands by levelKey() → rank: they are listed first, in the order raised. */
  @property({ attribute: false }) hands: ReadonlyMap<string, number> = new Map();
  /** Whether the panel is on screen; stats are polled only while it is. */
  @property({ type: Boolean, attribute: 'active' }) isActive = false;

  @state() private _isShowingStats = false;
  @state() private _stats = new Map<string, PeerStats>();
  @query('.toggle input') private _statsToggle!: HTMLInputElement;
  private _timer: ReturnType<typeof setInterval> | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._stopPolling();
  }

  protected override updated(changed: PropertyValues): void {
    if (!changed.has('isActive') && !changed.has('_isShowingStats')) return;
    const shouldPoll = this.isActive && this._isShowingStats;
    if (shouldPoll && !this._timer) {
      void this._poll();
      this._timer = setInterval(() => void this._poll(), STATS_INTERVAL_MS);
    } else if (!shouldPoll) {
      this._stopPolling();
    }
  }

  private _stopPolling(): void {
    clearInterval(this._timer);
    this._timer = undefined;
  }

  private async _poll(): Promise<void> {
    const next = new Map<string, PeerStats>();
    await Promise.all(
      this.participants
        .filter((p) => !p.isSelf)
        .map(async (p) => {
          const stats = await this.getStats(p.id).catch(() => undefined);
          if (stats) next.set(p.id, stats);
        }),
    );
    if (this._timer) this._stats = next;
  }

  private _onToggleStats(): void {
    this._isShowingStats = this._statsToggle.checked;
  }

  private _messagePrivately(p: Participant, name: string): void {
    this.dispatchEvent(new CustomEvent('message-privately', { detail: { target: { id: p.id, name: p.username || name } }, bubbles: true, composed: true }));
  }

  private _renderStats(stats: PeerStats | undefined) {
    const route = stats?.localCandidateType ? `${stats.localCandidateType} → ${stats.remoteCandidateType ?? '?'}` : '–';
    return html`<dl aria-label="Connection stats">
      <div>
        <dt>Route</dt>
        <dd data-stat="route">${route}</dd>
      </div>
      <div>
        <dt>RTT</dt>
        <dd data-stat="rtt">${stats?.rttMs !== undefined ? `${stats.rttMs} ms` : '–'}</dd>
      </div>
      <div>
        <dt>In</dt>
        <dd data-stat="in">${formatBitrate(stats?.bitrateInKbps)}</dd>
      </div>
      <div>
        <dt>Out</dt>
        <dd data-stat="out">${formatBitrate(stats?.bitrateOutKbps)}</dd>
      </div>
      <div>
        <dt>Loss</dt>
        <dd data-stat="loss">${stats?.packetLossPercent !== undefined ? `${stats.packetLossPercent}%` : '–'}</dd>
      </div>
    </dl>`;
  }

  private _renderParticipant(p: Participant) {
    // Cleaned, and isolated in <bdi> so a right-to-left name cannot reorder " (you)" (display-name.ts).
    const name = this.labels.get(p.id) ?? displayName(p.username);
    return html`<li data-peer=${p.id} ?data-hand=${this.hands.has(levelKey(p))}>
      <div class="row">
        <div class="avatar ${avatarClass(p.id || name)}" aria-hidden="true">${initials(name)}</div>
        <div class="who">
          <div class="name"><bdi>${name}</bdi>${p.isSelf ? ' (you)' : ''}</div>
          <div class="state">
            ${p.isSelf ? 'In the call' : html`<span class="dot ${p.state}" aria-hidden="true"></span><span data-state=${p.state}>${STATE_LABEL[p.state]}</span>`}
          </div>
          ${p.isReachable ? nothing : html`<div class="state" data-unreachable>Not in the room: chat does not reach them</div>`}
        </div>
        <div class="marks">
          ${this.hands.has(levelKey(p)) ? html`<span class="hand" role="img" aria-label="Hand raised">✋</span>` : nothing}
          ${p.status.audio ? nothing : html`<span class="visually-hidden">Microphone off</span>${micOffIcon}`}
          ${p.status.video ? nothing : html`<span class="visually-hidden">Camera off</span>${camOffIcon}`}
        </div>
        ${
          // Chat reaches only those the room lists.
          p.isSelf || !p.isReachable
            ? nothing
            : html`<button class="dm" title="Message privately" aria-label=${`Message ${name} privately`} @click=${() => this._messagePrivately(p, name)}>
                ${chatIcon}
              </button>`
        }
      </div>
      ${this._isShowingStats && !p.isSelf ? this._renderStats(this._stats.get(p.id)) : nothing}
    </li>`;
  }

  override render() {
    return html`
      <header>
        <h2>People (${this.participants.length})</h2>
        <button class="icon-btn" aria-label="Close participants" @click=${() => this.dispatchEvent(new CustomEvent('close', { bubbles: true, composed: true }))}>
          ${closeIcon}
        </button>
      </header>
      <label class="toggle"><input type="checkbox" .checked=${this._isShowingStats} @change=${this._onToggleStats} /> Show connection stats</label>
      <slot></slot>
      <ul aria-label="Participants">
        ${repeat(
          raisedFirst(this.participants, levelKey, this.hands),
          (p) => p.id,
          (p) => this._renderParticipant(p),
        )}
      </ul>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'participant-list': ParticipantList;
  }
  interface HTMLElementEventMap {
    /** "Message privately" on someone in the list. */
    'message-privately': CustomEvent<{ target: { id: string; name: string } }>;
  }
}
