// Arranges the call's video tiles: with one other person they fill the stage
// and we sit in a corner; otherwise everyone gets an equal cell, in the grid
// that makes the tiles largest for the space available. When one tile is
// large (pinned, a shared screen, or the speaker in speaker view: Stage
// decides, client/call/stage.ts) it takes the stage and the others sit in a
// strip below it. Someone presenting has two tiles: their screen, large, and
// their camera, which stays in the strip (docs/client.md, "Presenting").
// Just over ~300 lines for a reason: its styles stay here, as video-tile's
// do, because apart they cost the room page's 80 kB budget (video-tile.ts).
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { bestGrid, type GridLayout } from './grid-layout.js';
import { linkIcon } from './icons.js';
import type { Participant } from '../call/manager.js';
import { Stage, type ViewMode } from '../call/stage.js';
import type { LinkQuality } from '../peers/link-quality.js';
import { SpeakingRings, type SpeakingSource } from './speaking-rings.js';
import type { ShownReaction } from '../call/reaction-board.js';
import { shared } from './theme.js';
import './video-tile.js';
import type { VideoTile } from './video-tile.js';
import { stageStyles } from './stage-styles.js';

/** The key a participant's audio level goes under: ours stays the same when the server gives us a new id. */
export function levelKey(p: Pick<Participant, 'id' | 'isSelf'>): string {
  return p.isSelf ? 'self' : p.id;
}

/** The key a pin follows: a tile's, which outlives a new id after a rejoin. */
function stageKey(p: Pick<Participant, 'tileKey' | 'isSelf'>): string {
  return p.isSelf ? 'self' : p.tileKey;
}

/** One tile to show: a participant's camera, or the screen they present. */
interface TileItem {
  p: Participant;
  isScreen: boolean;
}
const NO_REACTIONS: readonly ShownReaction[] = [];

/**
 * The video grid.
 *
 * @fires copy-link - when the user asks for the room link (while alone)
 * @fires stop-presenting - when the presenter presses Stop on "You are presenting"
 */
@customElement('video-grid')
export class VideoGrid extends LitElement {
  static override styles = [
    shared,
    stageStyles,
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
  /** Who is speaking, by levelKey(): their tile gets the ring (speaking-rings.ts). */
  @property({ attribute: false }) levels: SpeakingSource | undefined;
  /** How good the link to each other participant is, by id. */
  @property({ attribute: false }) qualities: ReadonlyMap<string, LinkQuality> = new Map();
  /** id → the name shown, "Bob (2)" for a second Bob (call-awareness.ts); else the username. */
  @property({ attribute: false }) labels: ReadonlyMap<string, string> = new Map();
  /** Raised hands by levelKey() → rank (gestures.ts). */
  @property({ attribute: false }) hands: ReadonlyMap<string, number> = new Map();
  /** The reactions floating over each tile, by levelKey(). */
  @property({ attribute: false }) reactions: ReadonlyMap<string, readonly ShownReaction[]> = new Map();
  /** Whether others have been here since we joined: alone again, we are the only one, not the first. */
  @property({ type: Boolean, attribute: 'had-company' }) hasHadCompany = false;
  /** The speaker others' sound plays on ('' = the default). */
  @property({ attribute: false }) sinkId = '';
  /** Whether we are in the call alone (shows how to invite others). */
  @property({ type: Boolean, attribute: 'alone' }) isAlone = false;
  /** Grid (equal tiles) or speaker view (whoever speaks large). */
  @property() view: ViewMode = 'grid';

  private readonly _stage = new Stage();
  /** Whose video the picture-in-picture window shows, by stage key; it follows the active speaker. */
  private _pipKey: string | undefined;

  @state() private _grid: GridLayout = { columns: 1, rows: 1 };
  private _rings = new SpeakingRings(
    this,
    () => this.levels,
    // A presenter's screen tile is not the one that speaks: their camera's tile is.
    (tile) => (tile.isScreen ? 'screen' : levelKey({ id: tile.peerId, isSelf: tile.isSelf })),
    // Only what the speaker decides needs a render: the large tile in speaker
    // view, and the picture-in-picture window. In grid view a change stays a
    // tile's attribute (the cost speaking-rings.ts removed).
    () => {
      if (this.view === 'speaker' || this._pipKey !== undefined) this.requestUpdate();
    },
  );
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

  protected override willUpdate(): void {
    this._stage.view = this.view;
    const entries = this.participants.map((p) => ({ key: stageKey(p), speakKey: levelKey(p), isSelf: p.isSelf, isPresenting: p.status.screen }));
    this._stage.update(entries, new Set(entries.filter((e) => this.levels?.isSpeaking(e.speakKey)).map((e) => e.speakKey)));
    this.toggleAttribute('staged', this._stage.large !== undefined);
  }

  protected override updated(): void {
    this._layout();
    this._followSpeakerInPip();
  }

  /** The tile whose video is shown in picture-in-picture: the active speaker's. */
  get pipKey(): string | undefined {
    return this._stage.activeSpeaker;
  }

  /** Opens picture-in-picture of the active speaker's video, or closes it. */
  async togglePictureInPicture(): Promise<void> {
    if (document.pictureInPictureElement) {
      this._pipKey = undefined;
      return document.exitPictureInPicture();
    }
    this._pipKey = this._stage.activeSpeaker;
    await this._tile(this._pipKey)?.showPictureInPicture();
  }

  /** While the window is open, it shows whoever speaks now (no gesture needed once it is open). */
  private _followSpeakerInPip(): void {
    if (!document.pictureInPictureElement || this._pipKey === undefined) return;
    const key = this._stage.activeSpeaker;
    if (key === this._pipKey) return;
    this._pipKey = key;
    void this._tile(key)
      ?.showPictureInPicture()
      .catch(() => undefined);
  }

  private _tile(key: string | undefined): VideoTile | undefined {
    return [...(this.shadowRoot?.querySelectorAll('video-tile') ?? [])].find((t) => t.dataset['key'] === key);
  }

  private _togglePin(key: string): void {
    this._stage.togglePin(key);
    this.requestUpdate();
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
    this.style.setProperty('--strip', String(Math.max(1, this._stripCount)));
  }

  private _stripCount = 0;

  private _renderTile({ p, isScreen }: TileItem, isSmall = false, place = '') {
    const key = stageKey(p);
    const name = this.labels.get(p.id) ?? p.username;
    return html`<video-tile
      class=${isSmall ? 'pip' : place}
      data-key=${isScreen ? `screen:${key}` : key}
      ?small=${isSmall || place.startsWith('strip')}
      .isPinned=${this._stage.pinned === key}
      @pin-tile=${() => this._togglePin(key)}
      .stream=${isScreen ? p.screen : p.stream}
      .name=${isScreen ? `${name} (presenting)` : name}
      .peerId=${p.id}
      .isSelf=${p.isSelf}
      .isMicOn=${isScreen || p.status.audio}
      .isCameraOn=${isScreen || p.status.video}
      .isScreen=${isScreen}
      .state=${p.state}
      .isReachable=${p.isReachable}
      .quality=${p.isSelf || isScreen ? undefined : this.qualities.get(p.id)}
      .isHandRaised=${!isScreen && this.hands.has(levelKey(p))}
      .reactions=${(!isScreen && this.reactions.get(levelKey(p))) || NO_REACTIONS}
      .sinkId=${this.sinkId}
    ></video-tile>`;
  }

  /** The tiles: everyone's camera, and the screen of each other who presents. */
  private _items(tiles: Participant[]): TileItem[] {
    const items = tiles.map((p) => ({ p, isScreen: false }));
    return [...items, ...tiles.filter((p) => p.status.screen && !p.isSelf).map((p) => ({ p, isScreen: true }))];
  }

  private _renderBanner() {
    if (!this.participants[0]?.status.screen) return nothing;
    // Loaded the first time we present (a chunk of its own: the page's budget, lazy-parts.ts); the tag upgrades when it comes.
    import('./presenting-banner.js').catch(() => undefined);
    return html`<presenting-banner
      @stop-presenting=${() => this.dispatchEvent(new CustomEvent('stop-presenting', { bubbles: true, composed: true }))}
    ></presenting-banner>`;
  }

  override render() {
    const [self, ...others] = this.participants;
    if (!self) return nothing;
    const large = this._stage.large;
    const isInset = large === undefined && others.length === 1;
    // One keyed list in every layout, so a tile (and its <video>) lives as
    // long as its participant: switching templates when a second person
    // came rebuilt our own tile, a new video player for the camera, at the
    // very moment the first connection was being set up. The large tile is
    // put first by CSS order, not moved: a moved tile's video restarts.
    const items = this._items(others.length === 1 ? [...others, self] : this.participants);
    this._stripCount = large === undefined ? 0 : items.length - 1;
    // A presenter's screen is their large tile; their camera stays in the strip.
    const isLarge = (i: TileItem) => stageKey(i.p) === large && (i.isScreen || !items.some((o) => o.isScreen && o.p === i.p));
    const place = (i: TileItem) => (large === undefined ? '' : isLarge(i) ? 'large' : stageKey(i.p) === large ? 'strip presenter' : 'strip');
    return html`${repeat(
      items,
      (i) => (i.isScreen ? `screen:${i.p.tileKey}` : i.p.tileKey),
      (i) => this._renderTile(i, isInset && i.p.isSelf, place(i)),
    )}
    ${this._renderBanner()}
    ${
      this.isAlone
        ? html`<div class="waiting">
            <div class="card">
              <h2>${this.hasHadCompany ? "You're the only one here" : "You're the first one here"}</h2>
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
    /** The presenter pressed Stop on "You are presenting". */
    'stop-presenting': CustomEvent<void>;
  }
}
