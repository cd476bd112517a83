// Who is talking, how each link is, and whether we talk muted, for the call
// view: everyone's audio level (the speaking ring is the grid's,
// speaking-rings.ts), the links' quality marks refreshed every few seconds,
// and "You're muted" while we talk with the microphone off. A
// ReactiveController, so call-view.ts only renders what it holds.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Manager, Participant } from '../call/manager.js';
import { AudioLevels } from '../media/audio-levels.js';
import type { LocalMedia } from '../media/local-media.js';
import { rateLink, type LinkQuality } from '../peers/link-quality.js';
import { levelKey } from './video-grid.js';

/** How often the links' quality marks are refreshed. */
const QUALITY_INTERVAL_MS = 3000;
/** How long "You're muted" stays after we stop talking. */
const MUTED_HINT_MS = 3000;

export interface LevelsHost extends ReactiveControllerHost, EventTarget {
  readonly manager: Manager;
  readonly media: LocalMedia;
}

export class CallLevels implements ReactiveController {
  /** Everyone's audio level, by levelKey. */
  readonly levels = new AudioLevels();
  /** Each connected peer's link, by id. */
  qualities: ReadonlyMap<string, LinkQuality> = new Map();
  /** We spoke while muted: "You're muted" shows. */
  isMutedHintShown = false;
  readonly #host: LevelsHost;
  /** The participants the view shows, whose audio is watched. */
  readonly #participants: () => readonly Participant[];
  #offs: (() => void)[] = [];
  #mutedHintTimer: ReturnType<typeof setTimeout> | undefined;
  #qualityTimer: ReturnType<typeof setInterval> | undefined;

  constructor(host: LevelsHost, participants: () => readonly Participant[]) {
    this.#host = host;
    this.#participants = participants;
    host.addController(this);
  }

  hostConnected(): void {
    const host = this.#host;
    // The AudioContext may start suspended (no click yet on this page, e.g. after a reload into the call).
    const resume = () => this.levels.resume();
    host.addEventListener('pointerdown', resume);
    host.addEventListener('keydown', resume);
    this.#offs = [
      host.media.on('track', () => this.watch()),
      host.media.on('change', () => this.#updateMutedHint()),
      this.levels.on('speaking', ({ key }) => this.#onSpeaking(key)),
      () => host.removeEventListener('pointerdown', resume),
      () => host.removeEventListener('keydown', resume),
    ];
    this.#qualityTimer = setInterval(() => void this.#rateLinks(), QUALITY_INTERVAL_MS);
  }

  hostDisconnected(): void {
    for (const off of this.#offs) off();
    clearTimeout(this.#mutedHintTimer);
    clearInterval(this.#qualityTimer);
    this.levels.close();
  }

  /** Listens to everyone's audio: ours through the microphone itself, so that we are heard also while muted. */
  watch(): void {
    const participants = this.#participants();
    for (const p of participants) this.levels.watch(levelKey(p), p.isSelf ? this.#host.media.micTrack : p.stream?.getAudioTracks()[0]);
    this.levels.retain(participants.map(levelKey));
  }

  /** The ring is the grid's (speaking-rings.ts); this only hints "You're muted". */
  #onSpeaking(key: string): void {
    if (key === 'self') this.#updateMutedHint();
  }

  /** "You're muted" shows while we talk muted, and a moment after; unmuting hides it at once. */
  #updateMutedHint(): void {
    const media = this.#host.media;
    if (media.isMicOn || !media.hasMic) {
      clearTimeout(this.#mutedHintTimer);
      this.#setMutedHint(false);
      return;
    }
    if (!this.levels.isSpeaking('self')) {
      if (this.isMutedHintShown) this.#mutedHintTimer = setTimeout(() => this.#setMutedHint(false), MUTED_HINT_MS);
      return;
    }
    clearTimeout(this.#mutedHintTimer);
    this.#setMutedHint(true);
  }

  #setMutedHint(isShown: boolean): void {
    if (this.isMutedHintShown === isShown) return;
    this.isMutedHintShown = isShown;
    this.#host.requestUpdate();
  }

  async #rateLinks(): Promise<void> {
    const next = new Map<string, LinkQuality>();
    await Promise.all(
      this.#participants()
        .filter((p) => !p.isSelf && p.state === 'connected')
        .map(async (p) => {
          const stats = await this.#host.manager.getStats(p.id).catch(() => undefined);
          if (stats) next.set(p.id, rateLink(stats));
        }),
    );
    this.qualities = next;
    this.#host.requestUpdate();
  }
}
