// Checks STUN and TURN URIs (RFC 7064, RFC 7065) before it reaches a
// browser, which would otherwise reject the whole RTCConfiguration or, worse,
// accept it and fail silently. Used by the server's configuration and by the
// client's ICE server editor, so both say the same thing about the same URI.
import type { IceServer } from './protocol.js';

export type IceScheme = 'stun' | 'stuns' | 'turn' | 'turns';

// scheme ":" host [":" port] ["?transport=" udp|tcp]
const ICE_URI = /^([a-z]+):(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(\?transport=(udp|tcp))?$/;

/** The scheme of a well-formed ICE URI, or undefined. */
export function iceUriScheme(uri: string): IceScheme | undefined {
  const scheme = ICE_URI.exec(uri)?.[1];
  return scheme === 'stun' || scheme === 'stuns' || scheme === 'turn' || scheme === 'turns' ? scheme : undefined;
}

/** Why `uri` is not a usable URI of one of `schemes`, or undefined when it is. */
export function iceUriProblem(uri: string, schemes: readonly IceScheme[]): string | undefined {
  const match = ICE_URI.exec(uri);
  if (!match || !(schemes as readonly string[]).includes(match[1] ?? '')) {
    return `"${uri}" is not a ${schemes.join(': or ')}: URI like ${schemes[0]}:host:port`;
  }
  const port = match[3] ? Number(match[3].slice(1)) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return `"${uri}" has port ${port} outside 1..65535`;
  // Browsers speak TURN over TLS/TCP only; a DTLS relay would fail silently.
  if (match[1] === 'turns' && match[5] === 'udp') return `"${uri}": turns: runs over TLS on TCP; drop ?transport=udp`;
  return undefined;
}

/** Why a browser could not use `server` (an RTCIceServer), or undefined. */
export function iceServerProblem(server: IceServer): string | undefined {
  const urls = typeof server.urls === 'string' ? [server.urls] : server.urls;
  if (urls.length === 0) return 'urls is empty';
  for (const url of urls) {
    const problem = iceUriProblem(url, ['stun', 'stuns', 'turn', 'turns']);
    if (problem) return problem;
    const scheme = iceUriScheme(url);
    // RTCPeerConnection throws InvalidAccessError for a TURN URL without both.
    if ((scheme === 'turn' || scheme === 'turns') && (!server.username || !server.credential)) {
      return `${url} needs a username and a credential`;
    }
  }
  return undefined;
}

/** Why a browser could not use the list `servers`, naming the entry, or undefined. */
export function iceServerListProblem(servers: readonly IceServer[]): string | undefined {
  for (const [index, server] of servers.entries()) {
    const problem = iceServerProblem(server);
    if (problem) return `entry ${index}: ${problem}`;
  }
  return undefined;
}
