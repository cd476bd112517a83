// Arranges the call's video tiles: with one other person they fill the stage
// and we sit in a corner; otherwise everyone gets an equal cell, in the grid
// that makes the tiles largest for the space available.
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { bestGrid, type GridLayout } from './grid-layout.js';
import { linkIcon } from './icons.js';
import type { Participant } from '../call/manager.js';
import type { LinkQuality } from '../peers/link-quality.js';
import { shared } from './theme.js';
import './video-tile.js';

/** The key a participant's audio level goes under: ours stays the same when the server gives us a new id. */
export function levelKey(p: Pick<Participant, 'id' | 'isSelf'>): string {
  return p.isSelf ? 'self' : p.id;
}

/**
 * The video grid.
 *
 * @fires copy-link - when the user asks for the room link (while alone)
 */
@customElement('video-grid')
export class VideoGrid extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        --gap: 10px;
        position: relative;
        display: flex;
        flex-wrap: wrap;
        justify-content: center;
        align-content: center;
        gap: var(--gap);
        padding: 0 12px;
      }
      /* Equal cells; a row that is not full is centred. */
      video-tile:not(.pip) {
        width: calc((100% - (var(--columns) - 1) * var(--gap)) / var(--columns));
        height: calc((100% - (var(--rows) - 1) * var(--gap)) / var(--rows));
      }
      .pip {
        position: absolute;
        right: 24px;
        bottom: 12px;
        width: clamp(120px, 22%, 280px);
        aspect-ratio: 16 / 9;
        z-index: 2;
        box-shadow: 0 8px 24px rgba(0, 0, 0, 0.45);
        border-radius: var(--radius);
      }
      .waiting {
        position: absolute;
        inset: 0;
        display: grid;
        place-items: center;
        pointer-events: none;
        padding: 16px;
      }
      .card {
        pointer-events: auto;
        background: rgba(23, 26, 33, 0.88);
        backdrop-filter: blur(10px);
        border: 1px solid var(--border);
        border-radius: 18px;
        padding: 22px 24px;
        max-width: 380px;
        text-align: center;
      }
      h2 {
        margin: 0 0 6px;
        font-size: 18px;
      }
      p {
        margin: 0 0 16px;
        color: var(--muted);
        font-size: 14px;
        line-height: 1.5;
      }
      @media (max-width: 720px) {
        :host {
          --gap: 8px;
          padding: 0 8px;
        }
        .pip {
          right: 16px;
          width: 30%;
          aspect-ratio: 3 / 4;
        }
      }
    `,
  ];

  /** Everyone in the call, ourselves first. */
  @property({ attribute: false }) participants: Participant[] = [];
  /** Who is speaking now, by levelKey(). */
  @property({ attribute: false }) speaking: ReadonlySet<string> = new Set();
  /** How good the link to each other participant is, by id. */
  @property({ attribute: false }) qualities: ReadonlyMap<string, LinkQuality> = new Map();
  /** The speaker others' sound plays on ('' = the default). */
  @property({ attribute: false }) sinkId = '';
  /** Whether we are in the call alone (shows how to invite others). */
  @property({ type: Boolean, attribute: 'alone' }) isAlone = false;

  @state() private _grid: GridLayout = { columns: 1, rows: 1 };
  /** Our content box, as the ResizeObserver last reported it. */
  private _size: { width: number; height: number } | undefined;
  private _resize = new ResizeObserver(([entry]) => {
    if (entry) this._size = { width: entry.contentRect.width, height: entry.contentRect.height };
    this._layout();
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this._resize.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._resize.disconnect();
  }

  protected override updated(): void {
    this._layout();
  }

  /** Tiles in the grid: with one other person, they are the only one. */
  private _gridCount(): number {
    return this.participants.length === 2 ? 1 : this.participants.length;
  }

  private _layout(): void {
    // The size comes from the ResizeObserver: reading it here (clientWidth,
    // getComputedStyle) forced a style and layout pass in the middle of
    // each update, ~2-6 ms a time while a call is being set up.
    if (!this._size) return;
    const next = bestGrid(this._gridCount(), this._size.width, this._size.height);
    if (next.columns !== this._grid.columns || next.rows !== this._grid.rows) this._grid = next;
    this.style.setProperty('--columns', String(this._grid.columns));
    this.style.setProperty('--rows', String(this._grid.rows));
  }

  private _renderTile(p: Participant, isSmall = false) {
    return html`<video-tile
      class=${isSmall ? 'pip' : ''}
      ?small=${isSmall}
      .stream=${p.stream}
      .name=${p.username}
      .peerId=${p.id}
      .isSelf=${p.isSelf}
      .isMicOn=${p.status.audio}
      .isCameraOn=${p.status.video}
      .isScreen=${p.status.screen}
      .state=${p.state}
      .isReachable=${p.isReachable}
      .isSpeaking=${this.speaking.has(levelKey(p))}
      .quality=${p.isSelf ? undefined : this.qualities.get(p.id)}
      .sinkId=${this.sinkId}
    ></video-tile>`;
  }

  override render() {
    const [self, ...others] = this.participants;
    if (!self) return nothing;
    const isInset = others.length === 1;
    // One keyed list in every layout, so a tile (and its <video>) lives as
    // long as its participant: switching templates when a second person
    // came rebuilt our own tile, a new video player for the camera, at the
    // very moment the first connection was being set up.
    const tiles = isInset ? [...others, self] : this.participants;
    return html`${repeat(
      tiles,
      (p) => p.tileKey,
      (p) => this._renderTile(p, isInset && p.isSelf),
    )}
    ${
      this.isAlone
        ? html`<div class="waiting">
            <div class="card">
              <h2>You're the first one here</h2>
              <p>Share the link to this page with the people you want to talk to.</p>
              <button class="btn primary" @click=${() => this.dispatchEvent(new CustomEvent('copy-link', { bubbles: true, composed: true }))}>
                ${linkIcon} Copy link
              </button>
            </div>
          </div>`
        : nothing
    }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'video-grid': VideoGrid;
  }
  interface HTMLElementEventMap {
    /** The user asked to copy the room's link. */
    'copy-link': CustomEvent<void>;
  }
}
