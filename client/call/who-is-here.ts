// The lobby's line about who is already in the call, from the room's status
// (GET /api/rooms/<room>/status names them only while the room is not
// locked: docs/protocol-reliability.md §2): "Alice and Bob are in this
// call", "Alice, Bob and 3 others are in this call", or "No one else is here
// yet". Names are cleaned by the caller (display-name.ts).

/** Names spelled out before the rest are counted. */
const MAX_NAMED = 2;

export function whoIsHere(names: readonly string[]): string {
  if (names.length === 0) return 'No one else is here yet';
  if (names.length === 1) return `${names[0]} is in this call`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are in this call`;
  const rest = names.length - MAX_NAMED;
  return `${names.slice(0, MAX_NAMED).join(', ')} and ${rest} ${rest === 1 ? 'other' : 'others'} are in this call`;
}
