// The Lua scripts of a node's one lease (docs/cluster.md, "What Redis
// holds"): `parley:nodes`, node id -> the end of its lease by Redis's clock,
// and `parley:rooms-of:<node>`, the rooms it holds members of (kept by the
// room scripts, presence-scripts.ts). A node renews its own lease every 2 s
// whatever it holds, so the cost grows with the nodes, not the rooms.
//
// A node that fell silent is reaped in two steps, as when each room had its
// own lease and each resumable slot its own TTL: once it has been silent for
// SUSPECT_MS, its attached members' slots get what is left of their grace
// period (counted from its last renewal, so a short grace ends before its
// members leave); once its lease has ended, at least a second after that,
// its members leave every room. `parley:suspects` (node id -> when the first
// step ran) says the first step was done.
import { REAP_LUA } from './presence-scripts.js';

export const SUSPECTS_KEY = 'parley:suspects';

/**
 * Renews the node's lease. KEYS: parley:nodes, parley:suspects. ARGV: node
 * id, lease ms, suspect ms. Returns {lost, the ids of nodes silent for
 * suspect ms or more (at most 16)}: lost is 1 when this node had no lease or
 * was silent that long itself (it may have been reaped, its slots given a
 * TTL, or Redis lost or emptied its keys), so its members must be written
 * again.
 */
export const LEASE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease, suspect = tonumber(ARGV[2]), tonumber(ARGV[3])
local old = redis.call('ZSCORE', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[1], now + lease, ARGV[1])
local out = {0}
if not old or tonumber(old) - lease + suspect <= now then out[1] = 1 end
if redis.call('HDEL', KEYS[2], ARGV[1]) == 1 then out[1] = 1 end
local silent = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now + lease - suspect, 'LIMIT', 0, 16)
for i = 1, #silent do out[#out + 1] = silent[i] end
return out
`;

/**
 * Reaps a silent node, a step at a time (above). KEYS: parley:nodes,
 * parley:suspects, its rooms-of set. ARGV: node id, lease ms, suspect ms,
 * '1' when the node itself is closing (reaped at once, whatever its lease),
 * else ''. Only a node silent long enough is touched, and each step runs
 * once, so of several nodes that saw it silent one does the work. Returns
 * the members that left (reap_room sends each a `left` on its room's
 * channel), or -1 when no member left.
 */
export const REAP_NODE = `${REAP_LUA}
local now = now_ms()
local node, lease, suspect = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local ends_at = lease_end(KEYS[1], node)
local closing = ''
if ARGV[4] == '1' then
  closing = node
else
  if not ends_at or ends_at - lease + suspect > now then return -1 end
  local marked = redis.call('HGET', KEYS[2], node)
  if not marked then
    redis.call('HSET', KEYS[2], node, now)
    for _, room in ipairs(redis.call('SMEMBERS', KEYS[3])) do
      local prefix = 'parley:{' .. room .. '}:'
      local all = redis.call('HGETALL', prefix .. 'members')
      for i = 1, #all, 2 do
        if node_of(all[i + 1]) == node then expire_slot(prefix, all[i], node, ends_at - lease, now) end
      end
    end
    return -1
  end
  -- Members leave a second at least after their slots were given their TTL: a client told its slot is gone joins afresh first.
  if ends_at > now or tonumber(marked) > now - 1000 then return -1 end
end
local reaped = 0
for _, room in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  reaped = reaped + reap_room(KEYS[1], room, now, lease, closing)
  -- A node whose members all moved away is still noted in the room: it goes too.
  redis.call('ZREM', 'parley:{' .. room .. '}:leases', node)
end
redis.call('ZREM', KEYS[1], node)
redis.call('HDEL', KEYS[2], node)
redis.call('DEL', KEYS[3])
return reaped
`;
