// Whether a soft sound plays when someone joins or leaves. Off until the
// user turns it on: a small room hears every join, and a sound nobody asked
// for (often in a room where the others sit) is worse than none; the notice
// shows either way. The choice is remembered in this browser.
import { TypedEmitter } from '../../shared/typed-emitter.js';

const KEY = 'parley.join-sound';

/** What it needs of localStorage; tests pass a Map-backed one. */
export type PreferenceStore = Pick<Storage, 'getItem' | 'setItem'>;

export class SoundPreference extends TypedEmitter<{ change: boolean }> {
  readonly #store: PreferenceStore | undefined;
  #isOn: boolean;

  constructor(store: PreferenceStore | undefined) {
    super();
    this.#store = store;
    this.#isOn = read(store) === 'on';
  }

  get isOn(): boolean {
    return this.#isOn;
  }

  set(isOn: boolean): void {
    if (isOn === this.#isOn) return;
    this.#isOn = isOn;
    try {
      this.#store?.setItem(KEY, isOn ? 'on' : 'off');
    } catch {
      // Storage full or refused (a private window): the choice holds for this page.
    }
    this.emit('change', isOn);
  }
}

function read(store: PreferenceStore | undefined): string | null {
  try {
    return store?.getItem(KEY) ?? null;
  } catch {
    return null;
  }
}
