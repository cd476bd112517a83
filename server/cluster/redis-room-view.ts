// The lobby's room status in a cluster (docs/cluster.md, "The lobby's room
// status"): the room's members on live nodes and its lock, read from Redis
// in one read-only script, so a node that holds nobody of the room answers
// for all of it. Admission's route (server/admission/room-status-api.ts)
// falls back to the node's own view when this resolves undefined.
import type { Redis } from 'ioredis';
import type { ClusterRoomView } from '../admission/room-status-api.js';
import { decodeMember } from './bus-message.js';
import { LuaScript } from './lua-script.js';
import { NODES_KEY, REAP_LUA, roomKeys } from './presence-scripts.js';

/**
 * KEYS: roomKeys, parley:nodes. Returns the room's lock ('' for none) then
 * the records of its members whose node's lease has not ended (Redis's
 * clock), without writing: asking is not a membership change.
 */
const ROOM_VIEW = `${REAP_LUA}
local out = {redis.call('GET', KEYS[3]) or ''}
local live = live_members(KEYS[1], KEYS[4], now_ms())
for i = 2, #live, 2 do out[#out + 1] = live[i] end
return out
`;
const roomViewScript = new LuaScript(ROOM_VIEW, 4);

/** The room across the cluster, or undefined if Redis is not reachable (or answered nonsense). */
export async function readRoomView(command: Redis, roomId: string): Promise<ClusterRoomView | undefined> {
  if (command.status !== 'ready') return undefined;
  const reply = await roomViewScript.run(command, [...roomKeys(roomId), NODES_KEY], []);
  if (!Array.isArray(reply) || typeof reply[0] !== 'string') return undefined;
  const members = reply.slice(1).flatMap((text: unknown) => {
    const member = typeof text === 'string' ? decodeMember(text) : undefined;
    return member ? [{ id: member.id, username: member.username }] : [];
  });
  return { members, isLocked: reply[0] !== '' };
}
