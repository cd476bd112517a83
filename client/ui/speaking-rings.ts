// Puts the speaking ring on the tile of whoever is speaking, and touches
// nothing else: a change sets that one tile's `speaking` attribute (video-tile
// draws the ring from it). Passing the speakers down as a property made every
// change re-render the call view, the grid and each tile: four pages in a
// call spent 549-738 ms a second of main thread with detection on, against
// 96-355 without (bench/browser/speaking-cost.ts, docs/client.md).
//
// A ReactiveController of the grid: after each render of the grid, new tiles
// get the current state; between renders, the levels' events set it.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AudioLevels } from '../media/audio-levels.js';
import type { VideoTile } from './video-tile.js';

/** What the rings need of AudioLevels: its speaking events, and who is speaking now. */
export type SpeakingSource = Pick<AudioLevels, 'on' | 'isSpeaking'>;

type Host = ReactiveControllerHost & { readonly renderRoot: ParentNode };

export class SpeakingRings implements ReactiveController {
  readonly #host: Host;
  readonly #source: () => SpeakingSource | undefined;
  readonly #keyOf: (tile: VideoTile) => string;
  readonly #onChange: () => void;
  /** The source listened to, and how to stop. */
  #listening: { source: SpeakingSource; off: () => void } | undefined;

  /**
   * `source` is read after each render (the host's property); `keyOf` names a
   * tile's audio level key; `onChange` hears of every change, for a host
   * that must re-render on some (speaker view, which puts the speaker large).
   */
  constructor(host: Host, source: () => SpeakingSource | undefined, keyOf: (tile: VideoTile) => string, onChange: () => void = () => {}) {
    this.#host = host;
    this.#source = source;
    this.#keyOf = keyOf;
    this.#onChange = onChange;
    host.addController(this);
  }

  hostUpdated(): void {
    const source = this.#source();
    if (source !== this.#listening?.source) this.#listen(source);
    for (const tile of this.#tiles()) tile.isSpeaking = source?.isSpeaking(this.#keyOf(tile)) ?? false;
  }

  /** Back in the page (a moved grid): listen again, as no render may follow. */
  hostConnected(): void {
    this.#listen(this.#source());
  }

  hostDisconnected(): void {
    this.#listen(undefined);
  }

  #listen(source: SpeakingSource | undefined): void {
    this.#listening?.off();
    this.#listening = source && { source, off: source.on('speaking', ({ key, isSpeaking }) => this.#show(key, isSpeaking)) };
  }

  #show(key: string, isSpeaking: boolean): void {
    for (const tile of this.#tiles()) if (this.#keyOf(tile) === key) tile.isSpeaking = isSpeaking;
    this.#onChange();
  }

  #tiles(): NodeListOf<VideoTile> {
    return this.#host.renderRoot.querySelectorAll('video-tile');
  }
}
