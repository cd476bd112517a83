// Asks the server, before joining, whether anyone is in the room and whether
// it is locked (GET /api/rooms/<room>/status, docs/protocol-reliability.md
// §2): the lobby offers the lock only to the first person, and asks a locked
// room's password up front. The answer is checked against the shared schema.
// Undefined when it cannot be had (an older server, the rate limit, no
// network): the lobby then falls back to what the join itself says.
import { checks } from 'virtual:browser-checks';
import type { RoomStatus } from '../../shared/protocol.js';

const checkStatus = checks.RoomStatus;

export async function fetchRoomStatus(room: string, fetchFn: typeof fetch = (input, init) => fetch(input, init)): Promise<RoomStatus | undefined> {
  try {
    const response = await fetchFn(`/api/rooms/${encodeURIComponent(room)}/status`, { cache: 'no-store' });
    if (!response.ok) return undefined;
    const value: unknown = await response.json();
    return checkStatus.check(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
