// Telling two people with the same name apart: the first "Bob" seen stays
// "Bob", the next is "Bob (2)", then "Bob (3)". A number belongs to its id
// for as long as that id is in the call, so nobody's label changes under
// the others' eyes when someone else comes or goes; a number is given again
// only once nobody present holds it. Names are compared as shown (cleaned,
// see client/ui/display-name.ts, and case-insensitively), so "bob" and
// "Bob " are the same name to the eye, and to this.
export class NameTags {
  /** id → [the name it was numbered under (compared form), its number]. */
  readonly #numbers = new Map<string, { name: string; number: number }>();

  /**
   * The labels of everyone present, numbered in the order given (the call
   * gives ourselves first, then the room's order): id → the name, with
   * " (n)" when someone else present has the same one. `clean` makes a
   * name shown.
   */
  label(present: readonly { id: string; name: string }[], clean: (name: string) => string): Map<string, string> {
    const ids = new Set(present.map((p) => p.id));
    for (const id of this.#numbers.keys()) if (!ids.has(id)) this.#numbers.delete(id);
    const shown = present.map((p) => ({ id: p.id, name: clean(p.name) }));
    const counts = new Map<string, number>();
    for (const p of shown) counts.set(p.name.toLocaleLowerCase(), (counts.get(p.name.toLocaleLowerCase()) ?? 0) + 1);
    const labels = new Map<string, string>();
    for (const p of shown) {
      const key = p.name.toLocaleLowerCase();
      const number = this.#numberOf(p.id, key);
      labels.set(p.id, (counts.get(key) ?? 0) > 1 && number > 1 ? `${p.name} (${number})` : p.name);
    }
    return labels;
  }

  #numberOf(id: string, name: string): number {
    const held = this.#numbers.get(id);
    if (held && held.name === name) return held.number;
    const taken = new Set([...this.#numbers.values()].filter((n) => n.name === name).map((n) => n.number));
    let number = 1;
    while (taken.has(number)) number++;
    this.#numbers.set(id, { name, number });
    return number;
  }
}
