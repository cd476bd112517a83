// Which side panel of the call is open (the chat or the participant list),
// and the code of the panels and dialogs, loaded on first use as chunks of
// their own (lazy-parts.ts): none is needed to join. A side panel opens at
// once and says "Loading…" until its code is here; a load that fails is a
// notice, and the next use tries again.
import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { Manager } from '../call/manager.js';
import type { ChatPanel } from './chat-panel.js';
import { LazyParts } from './lazy-parts.js';

export type Panel = 'chat' | 'people' | 'settings';

/** What a part is called in "Could not load …". */
const PART_NAMES = { chat: 'the chat', people: 'the participant list', settings: 'the settings', help: 'the keyboard shortcuts' } as const;
export type Part = keyof typeof PART_NAMES;

export interface PanelsHost extends ReactiveControllerHost {
  readonly manager: Manager;
  readonly renderRoot: ParentNode;
}

export class CallPanels {
  /** The side panel shown; undefined: none. */
  panel: Panel | undefined;
  readonly #host: PanelsHost;
  readonly #notify: (message: string) => void;
  readonly #parts: LazyParts<Part>;

  constructor(host: PanelsHost, notify: (message: string) => void) {
    this.#host = host;
    this.#notify = notify;
    this.#parts = new LazyParts<Part>(host, {
      chat: () => import('./chat-panel.js'),
      people: () => Promise.all([import('./participant-list.js'), import('./join-sound-toggle.js')]),
      settings: () => import('./settings-dialog.js'),
      help: () => import('./shortcut-help.js'),
    });
  }

  /** Whether the part's code is here, so that the host renders it. */
  isLoaded(part: Part): boolean {
    return this.#parts.isLoaded(part);
  }

  /**
   * Loads a part's code if it is not here yet, and lets the host render it;
   * false (and a notice) if it could not be loaded.
   */
  async use(part: Part): Promise<boolean> {
    try {
      await this.#parts.load(part);
      await this.#host.updateComplete;
      return true;
    } catch {
      this.#notify(`Could not load ${PART_NAMES[part]}. Check your connection and try again.`);
      return false;
    }
  }

  /** Shows `panel` (undefined: none); the chat, once here, scrolls to its newest message and takes the focus. */
  async open(panel: Panel | undefined): Promise<void> {
    this.panel = panel;
    this.#host.requestUpdate();
    this.#host.manager.chat.setVisible(panel === 'chat');
    if (panel !== 'chat' && panel !== 'people') {
      await this.#host.updateComplete;
      return;
    }
    // Open at once, with "Loading…" until the panel's code is here.
    const isLoaded = await this.use(panel);
    if (this.panel !== panel) return;
    if (!isLoaded) return void (await this.open(undefined));
    const chat = this.#host.renderRoot.querySelector<ChatPanel>('chat-panel');
    if (panel === 'chat' && chat) {
      await chat.updateComplete;
      chat.showLatest();
      chat.focus();
    }
  }

  /** The open side panel, while its code is on its way (a slow link); Close works meanwhile. */
  renderLoading(onClose: () => void) {
    const panel = this.panel;
    if ((panel !== 'chat' && panel !== 'people') || this.isLoaded(panel)) return nothing;
    return html`<div class="loading">
      <p role="status">Loading ${PART_NAMES[panel]}…</p>
      <button class="btn ghost" @click=${onClose}>Close</button>
    </div>`;
  }
}
