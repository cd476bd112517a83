// One spelling per address, shared by the per-address count (client-address.ts)
// and the trusted-proxy list (trusted-proxies.ts), which would otherwise
// import each other.

/** "::ffff:192.0.2.1" (an IPv4 peer on a dual-stack socket) → "192.0.2.1", so one address has one spelling. */
export function normalizeAddress(address: string): string {
  const lower = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(lower);
  return mapped?.[1] ?? lower;
}
