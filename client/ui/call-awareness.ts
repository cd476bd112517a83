// What the call view does so that people know what happens in the call
// (issue 14): a notice (and, if asked for, a soft sound) when someone joins
// or leaves or raises a hand, a preview of a chat message while the chat is
// closed, the unread count in the tab's title, "Bob (2)" for a second Bob,
// and whether anyone has been here with us ("You're the only one here").
// A ReactiveController, so call-view.ts only renders what it holds; the
// logic is in the plain classes of client/call/.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Manager, Participant } from '../call/manager.js';
import { previewOf, type ChatPreview } from '../call/chat-preview.js';
import { NameTags } from '../call/name-tags.js';
import { pageTitle } from '../call/page-title.js';
import { PresenceNotices, presenceText } from '../call/presence-notices.js';
import { SoundPreference } from '../call/sound-preference.js';
import { Chime } from '../media/chime.js';
import { displayName } from './display-name.js';

/** How long a chat preview stays, unless the chat is opened first. */
const PREVIEW_MS = 10_000;

export interface AwarenessHost extends ReactiveControllerHost {
  readonly manager: Manager;
  readonly room: string;
}

export class CallAwareness implements ReactiveController {
  /** Whether a sound plays on a join or leave; remembered in this browser. */
  readonly sound = new SoundPreference(globalThis.localStorage);
  /** id → the name shown (cleaned, "Bob (2)" for a second Bob). */
  labels: ReadonlyMap<string, string> = new Map();
  /** The latest chat message's preview, while the chat is closed. */
  preview: ChatPreview | undefined;
  readonly #host: AwarenessHost;
  readonly #notify: (message: string) => void;
  readonly #tags = new NameTags();
  readonly #presence = new PresenceNotices();
  readonly #chime = new Chime();
  #offs: (() => void)[] = [];
  #previewTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: AwarenessHost, notify: (message: string) => void) {
    this.#host = host;
    this.#notify = notify;
    host.addController(this);
  }

  /** Whether anyone else has been in the call with us since we joined. */
  get hasHadCompany(): boolean {
    return this.#presence.hasHadCompany;
  }

  hostConnected(): void {
    const m = this.#host.manager;
    this.#offs = [
      m.on('participants', (list) => this.#onParticipants(list)),
      m.on('ready', () => this.#onParticipants(m.participants())),
      m.chat.on('received', (message) => this.#onMessage(previewOf(message, (id) => this.labels.get(id)))),
      m.chat.on('unread', (n) => this.#onUnread(n)),
      m.gestures.on('change', () => this.#host.requestUpdate()),
      m.gestures.on('hand-raised', ({ id }) => this.#notify(`${this.labels.get(id) ?? 'Someone'} raised a hand`)),
      this.sound.on('change', () => this.#host.requestUpdate()),
    ];
    this.#onParticipants(m.participants());
    this.#onUnread(m.chat.unread);
  }

  hostDisconnected(): void {
    for (const off of this.#offs.splice(0)) off();
    clearTimeout(this.#previewTimer);
    this.#chime.close();
    document.title = pageTitle(this.#host.room);
  }

  /** The preview was clicked (the chat opens) or closed. */
  dismissPreview(): void {
    clearTimeout(this.#previewTimer);
    if (!this.preview) return;
    this.preview = undefined;
    this.#host.requestUpdate();
  }

  #onParticipants(list: readonly Participant[]): void {
    // In the list's order (ourselves first, then room order): we keep our own name plain, as the others see theirs.
    this.labels = this.#tags.label(
      list.map((p) => ({ id: p.id, name: p.username })),
      displayName,
    );
    // Until the room has said who is here, everyone listed was here before us: no notices.
    if (!this.#host.manager.isReady) return this.#host.requestUpdate();
    const changes = this.#presence.handle(list.map((p) => ({ key: p.isSelf ? '' : p.tileKey, name: p.username ? (this.labels.get(p.id) ?? '') : '', isSelf: p.isSelf })));
    const last = changes.at(-1);
    if (last) {
      this.#notify(changes.length === 1 ? presenceText(last) : changes.map(presenceText).join(' · '));
      if (this.sound.isOn) this.#chime.play(last.kind);
    }
    this.#host.requestUpdate();
  }

  #onMessage(preview: ChatPreview): void {
    if (this.#host.manager.chat.isVisible) return;
    this.preview = preview;
    clearTimeout(this.#previewTimer);
    this.#previewTimer = setTimeout(() => this.dismissPreview(), PREVIEW_MS);
    this.#host.requestUpdate();
  }

  #onUnread(unread: number): void {
    document.title = pageTitle(this.#host.room, unread);
    if (unread === 0) this.dismissPreview(); // the chat was opened
  }
}
