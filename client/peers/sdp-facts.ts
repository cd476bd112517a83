// The few facts VideoPeer reads from session descriptions and candidates to
// tell a new connection from an ICE restart of the current one, and to drop
// candidates of an ICE session that has been replaced (RFC 8839 ufrag,
// RFC 8866 origin line).

/** The ICE username fragments a description declares. */
export function ufragsOf(sdp: string): Set<string> {
  return new Set([...sdp.matchAll(/^a=ice-ufrag:(\S+)/gm)].map((m) => m[1]!));
}

/**
 * The session id of the origin line (`o=- <id> <version> ...`). A peer
 * connection keeps it for every offer it makes, an ICE restart included; a
 * new connection picks a new one.
 */
export function sessionIdOf(sdp: string): string | undefined {
  return /^o=\S+ (\S+) /m.exec(sdp)?.[1];
}

/** The ufrag a candidate line names (Chromium and Firefox add `ufrag <x>`), if any. */
export function candidateUfrag(candidate: string): string | undefined {
  return /\sufrag (\S+)/.exec(candidate)?.[1];
}
