// The lobby's room status in a cluster (docs/cluster.md, "The lobby's room
// status"): the room's members on live nodes and its lock, read from Redis
// in one read-only script, so a node that holds nobody of the room answers
// for all of it. Admission's route (server/admission/room-status-api.ts)
// falls back to the node's own view when this resolves undefined.
import type { Redis } from 'ioredis';
import type { ClusterRoomView } from '../admission/room-status-api.js';
import { decodeMember } from './bus-message.js';
import { LuaScript } from './lua-script.js';
import { roomKeys } from './presence-scripts.js';

/**
 * KEYS: roomKeys. Returns the room's lock ('' for none) then the records
 * of its members whose node's lease has not ended (Redis's clock), as the
 * reaper would leave them, without writing: asking is not a membership change.
 */
const ROOM_VIEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {redis.call('GET', KEYS[3]) or ''}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local ok, m = pcall(cjson.decode, all[i + 1])
  local until_ms = ok and type(m) == 'table' and type(m.n) == 'string' and redis.call('ZSCORE', KEYS[2], m.n)
  if until_ms and tonumber(until_ms) > now then out[#out + 1] = all[i + 1] end
end
return out
`;
const roomViewScript = new LuaScript(ROOM_VIEW, 3);

/** The room across the cluster, or undefined if Redis is not reachable (or answered nonsense). */
export async function readRoomView(command: Redis, roomId: string): Promise<ClusterRoomView | undefined> {
  if (command.status !== 'ready') return undefined;
  const reply = await roomViewScript.run(command, roomKeys(roomId), []);
  if (!Array.isArray(reply) || typeof reply[0] !== 'string') return undefined;
  const members = reply.slice(1).flatMap((text: unknown) => {
    const member = typeof text === 'string' ? decodeMember(text) : undefined;
    return member ? [{ id: member.id, username: member.username }] : [];
  });
  return { members, isLocked: reply[0] !== '' };
}
