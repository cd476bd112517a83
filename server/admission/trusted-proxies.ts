// The reverse proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES):
// single addresses and CIDR ranges, IPv4 and IPv6. A proxy behind a
// container network, a Kubernetes ingress or a load balancer pool has an
// address picked from a range, so a range is often all an operator knows.
import { BlockList, isIP } from 'node:net';
import { normalizeAddress } from './normalize-address.js';

/** Why an entry of the list is not an address or a range; the message names the entry. */
export class TrustedProxyEntryError extends Error {}

interface Entry {
  address: string;
  /** The range's prefix length; none for a single address. */
  prefix?: number;
  family: 'ipv4' | 'ipv6';
}

const familyOf = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

function parseEntry(part: string): Entry {
  const written = part.trim();
  const slash = written.indexOf('/');
  if (slash === -1) {
    const address = normalizeAddress(written);
    if (isIP(address) === 0) throw new TrustedProxyEntryError(`"${written}" is not an IP address or CIDR range like 127.0.0.1 or 10.0.0.0/8`);
    return { address, family: familyOf(address) };
  }
  const address = written.slice(0, slash).toLowerCase();
  const prefixText = written.slice(slash + 1);
  const bits = isIP(address) === 4 ? 32 : 128;
  if (isIP(address) === 0 || !/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
    throw new TrustedProxyEntryError(`"${written}" is not a CIDR range like 10.0.0.0/8 or fd00::/8`);
  }
  return { address, prefix: Number(prefixText), family: familyOf(address) };
}

export class TrustedProxies {
  static readonly none = new TrustedProxies([]);

  readonly #list = new BlockList();
  /** The entries as written after normalization, for logs and tests. */
  readonly entries: readonly string[];

  private constructor(entries: Entry[]) {
    this.entries = entries.map(({ address, prefix }) => (prefix === undefined ? address : `${address}/${prefix}`));
    for (const { address, prefix, family } of entries) {
      if (prefix === undefined) this.#list.addAddress(address, family);
      else this.#list.addSubnet(address, prefix, family);
    }
  }

  /** A comma-separated list such as "127.0.0.1, 10.0.0.0/8, fd00::/8"; "" trusts none. */
  static parse(text: string): TrustedProxies {
    if (text.trim() === '') return TrustedProxies.none;
    return new TrustedProxies(text.split(',').map(parseEntry));
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** Whether `address` (already normalized, see normalizeAddress) is a trusted proxy. */
  has(address: string): boolean {
    if (this.isEmpty || isIP(address) === 0) return false;
    return this.#list.check(address, familyOf(address));
  }
}
