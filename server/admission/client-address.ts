// The address a WebSocket is counted under for MAX_CONNECTIONS_PER_IP. Behind
// a reverse proxy every TCP peer is the proxy, so everyone would share one
// count; when the peer is a proxy the operator listed in TRUSTED_PROXIES (by
// address or range, see trusted-proxies.ts), the client is the address that
// proxy appended to X-Forwarded-For. Entries are read from the right, and the
// first one not itself a trusted proxy is the client: anything to its left
// was written by the client and may be forged.
import { isIP } from 'node:net';
import { normalizeAddress } from './normalize-address.js';
import type { TrustedProxies } from './trusted-proxies.js';

/**
 * @param peer the TCP peer's address (socket.remoteAddress)
 * @param forwardedFor the X-Forwarded-For header(s), if any
 * @param trusted the trusted proxies; an empty list trusts none
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string {
  let address = peer === undefined ? 'unknown' : normalizeAddress(peer);
  if (trusted.isEmpty || !trusted.has(address) || forwardedFor === undefined) return address;
  const hops = [forwardedFor].flat().join(',').split(',').reverse();
  for (const hop of hops) {
    const candidate = normalizeAddress(hop);
    // A malformed entry ends the chain: the last trusted hop is all we know.
    if (isIP(candidate) === 0) return address;
    address = candidate;
    if (!trusted.has(address)) return address;
  }
  return address;
}
