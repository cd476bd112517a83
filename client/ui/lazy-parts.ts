// Parts of a view whose code is loaded the first time they are used: the
// settings dialog, the chat, the participant list, the shortcut sheet. Each
// is a dynamic import(), so Vite gives it a chunk of its own and the page
// starts with less JavaScript (issue 14: the page's JavaScript at most 80 kB
// gzipped; test/build/bundle-size.test.ts). The host renders a part once
// isLoaded says so, and a "Loading…" state while isLoading does.
import type { ReactiveControllerHost } from 'lit';

/** Loads a part's module (its custom elements define themselves on import). */
export type PartLoader = () => Promise<unknown>;

/** A host's lazily loaded parts; the host renders again when one arrives or fails. */
export class LazyParts<K extends string> {
  private readonly _loaded = new Set<K>();
  private readonly _pending = new Map<K, Promise<void>>();

  constructor(
    private readonly _host: Pick<ReactiveControllerHost, 'requestUpdate'>,
    private readonly _loaders: Readonly<Record<K, PartLoader>>,
  ) {}

  /** Whether the part's code is here, so that it can be rendered. */
  isLoaded(key: K): boolean {
    return this._loaded.has(key);
  }

  /** Whether the part's code is on its way. */
  isLoading(key: K): boolean {
    return this._pending.has(key);
  }

  /**
   * Loads the part once; every caller meanwhile gets the same promise. A
   * failed load (offline, or a new deployment removed the old chunk) rejects
   * and is forgotten, so that the next use tries again.
   */
  load(key: K): Promise<void> {
    if (this._loaded.has(key)) return Promise.resolve();
    let pending = this._pending.get(key);
    if (!pending) {
      pending = this._loaders[key]()
        .then(() => void this._loaded.add(key))
        .finally(() => {
          this._pending.delete(key);
          this._host.requestUpdate();
        });
      this._pending.set(key, pending);
      this._host.requestUpdate();
    }
    return pending;
  }
}
