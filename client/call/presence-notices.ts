// "Alice joined" and "Bob left": what changed between two lists of who is in
// the call. The first list is where we start (everyone on it was here before
// us: no notice). Someone is announced once they have a name (the room may
// list them a moment before their profile comes), and is said to have left
// only if they were announced. A connection keeps its key across a rejoin
// (Participant.tileKey), so the server restarting announces nobody.
export interface PresenceEntry {
  /** Stable for as long as the person is in the call (Participant.tileKey). */
  key: string;
  /** The name to announce; empty while it is not known yet. */
  name: string;
  isSelf: boolean;
}

export interface PresenceChange {
  kind: 'joined' | 'left';
  name: string;
}

export class PresenceNotices {
  /** Announced (or there from the start) key → the name they were announced under. */
  readonly #present = new Map<string, string>();
  #hasStarted = false;
  /** Whether anyone else has been in the call with us. */
  #hasHadCompany = false;

  /** Whether anyone else has been here since we joined: alone now, we are "the only one here", not "the first". */
  get hasHadCompany(): boolean {
    return this.#hasHadCompany;
  }

  /** The changes since the last list, in the list's order: joins, then leaves. */
  handle(list: readonly PresenceEntry[]): PresenceChange[] {
    const others = list.filter((p) => !p.isSelf);
    if (others.length > 0) this.#hasHadCompany = true;
    const changes: PresenceChange[] = [];
    const keys = new Set(others.map((p) => p.key));
    for (const p of others) {
      if (this.#present.has(p.key)) {
        if (p.name) this.#present.set(p.key, p.name); // renamed: a later "left" uses the newest name
        continue;
      }
      if (!p.name && this.#hasStarted) continue; // announced once the name comes
      this.#present.set(p.key, p.name);
      if (this.#hasStarted) changes.push({ kind: 'joined', name: p.name });
    }
    for (const [key, name] of this.#present) {
      if (keys.has(key)) continue;
      this.#present.delete(key);
      changes.push({ kind: 'left', name });
    }
    this.#hasStarted = true;
    return changes;
  }
}

/** A change in words, for the notice. */
export function presenceText(change: PresenceChange): string {
  const name = change.name || 'Someone';
  return change.kind === 'joined' ? `${name} joined` : `${name} left`;
}
