// A minimal event emitter whose event names and payloads are checked by the
// compiler. Used by the server core and the browser classes alike, so neither
// depends on Node's EventEmitter or on the DOM's EventTarget.
//
// The server has one per connection (its ClientSession), so an emitter costs
// nothing until a listener is added, and keeps each event's listeners in a
// plain array: a Map and a Set per event cost about half a kilobyte per idle
// connection. Arrays are replaced, never changed in place, so an emit goes on
// over the listeners it started with when one of them removes itself.
export type EventMap = Record<string, unknown>;
type Listener<T> = (payload: T) => void;
type Listeners<E extends EventMap> = { [K in keyof E]?: readonly Listener<E[K]>[] };

export class TypedEmitter<E extends EventMap> {
  #listeners: Listeners<E> | undefined;

  on<K extends keyof E>(event: K, listener: Listener<E[K]>): () => void {
    const all: Listeners<E> = (this.#listeners ??= {});
    const list = all[event] ?? [];
    // Like a Set: adding a listener twice keeps one.
    if (!list.includes(listener)) all[event] = [...list, listener];
    return () => this.off(event, listener);
  }

  once<K extends keyof E>(event: K, listener: Listener<E[K]>): () => void {
    const wrapper: Listener<E[K]> = (payload) => {
      this.off(event, wrapper);
      listener(payload);
    };
    return this.on(event, wrapper);
  }

  off<K extends keyof E>(event: K, listener: Listener<E[K]>): void {
    const list = this.#listeners?.[event];
    if (!list) return;
    const index = list.indexOf(listener);
    if (index === -1) return;
    const rest = list.filter((_, i) => i !== index);
    this.#listeners![event] = rest.length > 0 ? rest : undefined;
  }

  protected emit<K extends keyof E>(event: K, payload: E[K]): void {
    const list = this.#listeners?.[event];
    if (!list) return;
    for (const listener of list) listener(payload);
  }
}
