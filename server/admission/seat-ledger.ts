// The seam for admission across several nodes (issue 13, docs/cluster.md):
// a room's size limit and password must hold for the whole cluster, so a
// node asks a shared ledger for the seat instead of counting its own
// members. server/cluster/redis-seats.ts keeps it in Redis, deciding in one
// Lua script so that two nodes admitting the last seat at once cannot both
// succeed. Without a ledger (one node), the Gatekeeper counts locally.
import type { PasswordVerdict } from './room-passwords.js';

export interface SeatRequest {
  roomId: string;
  /** The id the client will have: its seat is held under it. */
  clientId: string;
  password: string | undefined;
  maxRoomSize: number;
  /** Its participant hash, announced to the other nodes with it. */
  party: string;
}

/**
 * A password verdict (the seat is taken, except for `required` and `wrong`),
 * `full`, or `unavailable`: the ledger cannot be reached, and the node
 * decides alone (docs/cluster.md, "When Redis fails").
 */
export type SeatVerdict = PasswordVerdict | 'full' | 'unavailable';

export interface SeatLedger {
  claim(request: SeatRequest): Promise<SeatVerdict>;
  /** Gives back a seat claimed for a socket that closed before it joined. */
  release(roomId: string, clientId: string): void;
}
