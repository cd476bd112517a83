// Which tile is large, as Meet decides it: a tile the user pinned; else the
// screen someone shares (the latest to start, when several do); else, in
// speaker view, whoever spoke last. Otherwise nothing is large and every
// tile gets an equal cell (grid view). Our own tile is never large by
// itself: nobody wants to watch themselves, nor a mirror of their own
// screen (the presenter gets a banner instead). Plain and synchronous, so
// the choice is tested without a browser; the video grid renders it.

export type ViewMode = 'grid' | 'speaker';

/** One participant as the stage sees them. */
export interface StageEntry {
  /** Stays the same for as long as their tile does (a pin follows it). */
  key: string;
  /** The key their speaking state goes under (video-grid's levelKey). */
  speakKey: string;
  isSelf: boolean;
  /** Whether they are sharing their screen now (their media status). */
  isPresenting: boolean;
}

export class Stage {
  #entries: readonly StageEntry[] = [];
  #pinned: string | undefined;
  #view: ViewMode = 'grid';
  /** Keys of the others presenting, in the order they started. */
  #presenters: string[] = [];
  /** The other who last started speaking; kept through silence, as Meet keeps the last speaker. */
  #lastSpeaker: string | undefined;
  #speaking: ReadonlySet<string> = new Set();

  get view(): ViewMode {
    return this.#view;
  }

  set view(view: ViewMode) {
    this.#view = view;
  }

  /** The key of the pinned tile, if it is still in the call. */
  get pinned(): string | undefined {
    return this.#pinned !== undefined && this.#has(this.#pinned) ? this.#pinned : undefined;
  }

  /** Pins `key` (the large tile from now on); undefined unpins. */
  pin(key: string | undefined): void {
    this.#pinned = key;
  }

  /** Pins `key`, or unpins it when it is the one pinned. */
  togglePin(key: string): void {
    this.#pinned = this.pinned === key ? undefined : key;
  }

  /** Takes the current participants and who is speaking among them (by speakKey). */
  update(entries: readonly StageEntry[], speaking: ReadonlySet<string>): void {
    this.#entries = entries;
    const presenting = new Set(entries.filter((e) => e.isPresenting && !e.isSelf).map((e) => e.key));
    this.#presenters = this.#presenters.filter((key) => presenting.has(key));
    for (const key of presenting) if (!this.#presenters.includes(key)) this.#presenters.push(key);
    // The newest to start speaking takes the stage; one who goes on speaking keeps it from those who only go on too.
    for (const e of entries) {
      if (!e.isSelf && speaking.has(e.speakKey) && !this.#speaking.has(e.speakKey)) this.#lastSpeaker = e.key;
    }
    this.#speaking = speaking;
    if (this.#lastSpeaker !== undefined && !this.#has(this.#lastSpeaker)) this.#lastSpeaker = undefined;
    // The last speaker fell silent while another goes on: the one speaking takes over.
    const last = entries.find((e) => e.key === this.#lastSpeaker);
    if (last && speaking.has(last.speakKey)) return;
    const talking = entries.find((e) => !e.isSelf && speaking.has(e.speakKey));
    if (talking) this.#lastSpeaker = talking.key;
  }

  /** The other participant speaking now or last; before anyone has spoken, the first other. */
  get activeSpeaker(): string | undefined {
    return this.#lastSpeaker ?? this.#entries.find((e) => !e.isSelf)?.key;
  }

  /** The other whose screen is shown large when nothing is pinned: the latest to start sharing. */
  get presenter(): string | undefined {
    return this.#presenters.at(-1);
  }

  /** The tile shown large; undefined: the grid, every tile equal. */
  get large(): string | undefined {
    return this.pinned ?? this.presenter ?? (this.#view === 'speaker' ? this.activeSpeaker : undefined);
  }

  #has(key: string): boolean {
    return this.#entries.some((e) => e.key === key);
  }
}
