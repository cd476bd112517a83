// The devices the user picked, remembered for the session (sessionStorage:
// this tab, until it closes), so that a reload or a rejoin, and the lobby
// before it, start with the same microphone, camera and speaker.
import type { DeviceKind } from './device-list.js';

const KEY = 'parley.devices';

export type DeviceChoice = Record<DeviceKind, string>;

const NONE: DeviceChoice = { mic: '', camera: '', speaker: '' };
const KINDS: readonly DeviceKind[] = ['mic', 'camera', 'speaker'];

export class DeviceMemory {
  readonly #storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;

  /** Without storage (refused by the browser), nothing is remembered. */
  constructor(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined) {
    this.#storage = storage;
  }

  /** What was picked before, '' for each kind not picked (or not readable). */
  load(): DeviceChoice {
    let parsed: unknown;
    try {
      parsed = JSON.parse(this.#storage?.getItem(KEY) ?? '{}');
    } catch {
      return { ...NONE };
    }
    const choice = { ...NONE };
    if (typeof parsed !== 'object' || parsed === null) return choice;
    // Read field by field: the stored text is another page's, and may be anything.
    const fields = new Map<string, unknown>(Object.entries(parsed));
    for (const kind of KINDS) {
      const value = fields.get(kind);
      if (typeof value === 'string' && value.length <= 256) choice[kind] = value;
    }
    return choice;
  }

  /** Remembers `id` for `kind`; '' forgets it. */
  save(kind: DeviceKind, id: string): void {
    const choice = { ...this.load(), [kind]: id };
    try {
      this.#storage?.setItem(KEY, JSON.stringify(choice));
    } catch {
      // Quota or private mode: the choice holds for this page only.
    }
  }
}
