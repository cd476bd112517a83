// Which pages may open a WebSocket to us. Browsers send Origin on every
// WebSocket handshake and let any page connect anywhere, so without this a
// page on another site could join rooms in a visitor's name (cross-site
// WebSocket hijacking). Clients that are not browsers send no Origin; they
// could forge one anyway, so they are let through and meet the same limits
// as everyone else. See docs/reliability.md.
import type { OriginPolicy } from '../ops/config.js';

/**
 * @param origin the Origin header, if any
 * @param host the Host header: under `same-origin`, the Origin's host:port must equal it
 */
export function isOriginAllowed(policy: OriginPolicy, origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  switch (policy.kind) {
    case 'any':
      return true;
    case 'list':
      return policy.origins.has(origin);
    case 'same-origin':
      return host !== undefined && hostOf(origin) === host.toLowerCase();
  }
}

/** "https://Example.org:8443" -> "example.org:8443"; undefined for "null" or garbage. */
function hostOf(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    // The Host header names the port only when it is not the scheme's default, as URL.host does.
    return /^https?:$/.test(url.protocol) ? url.host.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}
