// Open WebSockets per remote address, so that one host cannot take every
// socket the server has. It counts TCP peers: behind a reverse proxy every
// client shares the proxy's address, so raise MAX_CONNECTIONS_PER_IP there.
export class ConnectionCounter {
  readonly #open = new Map<string, number>();

  constructor(readonly maxPerAddress: number) {}

  /** Addresses with at least one connection. */
  get size(): number {
    return this.#open.size;
  }

  count(address: string): number {
    return this.#open.get(address) ?? 0;
  }

  /** Counts one more connection from `address`; false (and not counted) when it is at the limit. */
  tryAcquire(address: string): boolean {
    const count = this.count(address);
    if (count >= this.maxPerAddress) return false;
    this.#open.set(address, count + 1);
    return true;
  }

  /** One connection from `address` closed; call once per successful tryAcquire. */
  release(address: string): void {
    const count = this.count(address);
    if (count <= 1) this.#open.delete(address);
    else this.#open.set(address, count - 1);
  }
}
