// The Lua scripts that keep a room's membership in Redis, and the keys they
// use. Each runs atomically in Redis, so a decision over the whole cluster
// (is there a seat left? is the room empty, so may this joiner set its
// password?) cannot race another node's. All keys of a room share the hash
// tag {room}, so a room lives on one shard of a Redis Cluster.
//
// Per room:
//   parley:{room}:members  hash  client id -> encodeMember (bus-message.ts)
//   parley:{room}:leases   zset  node id -> when it last wrote a member here
//                          (ms): the nodes holding members of the room; the
//                          name is from when each room had its own leases
//   parley:{room}:lock     string  the password's salt and scrypt hash, hex, and
//                          who set it; '' once a member unlocked the room
//                          (SET_LOCK), so that no rewrite restores an old lock
// Per node (node-lease-scripts.ts):
//   parley:nodes           zset  node id -> when its lease ends (ms, Redis clock)
//   parley:rooms-of:<node> set   the rooms the node holds members of
// A member is live while its record's node holds a live lease. Members are
// written on join, takeover and leave, never on a timer: each node renews
// only its own lease, every 2 s (one cheap script, whatever it holds), and
// the first node to see a lease ended reaps that node's members from each of
// its rooms (REAP_NODE), telling each room's channel. Room keys have no TTL:
// the last member out, or the reaper, deletes them.
export function roomKeys(room: string): [members: string, leases: string, lock: string] {
  return [`parley:{${room}}:members`, `parley:{${room}}:leases`, `parley:{${room}}:lock`];
}

/** Every node's lease: node id -> its end, by Redis's clock. */
export const NODES_KEY = 'parley:nodes';

/** The rooms `node` holds members of, so that its death is reaped from each without a scan. */
export function roomsOfKey(node: string): string {
  return `parley:rooms-of:${node}`;
}

/** The keys of the scripts that change a room's membership: the room's, the leases of every node, the rooms of this one. */
export function presenceKeys(room: string, node: string): [members: string, leases: string, lock: string, nodes: string, roomsOf: string] {
  return [...roomKeys(room), NODES_KEY, roomsOfKey(node)];
}

/** The channel a room's frames and membership changes are published on. */
export function roomChannel(room: string): string {
  return `parley:{${room}}:channel`;
}

export const NODE_CHANNEL_PREFIX = 'parley:node:';

/** The channel for frames to one member held by `node`. */
export function nodeChannel(node: string): string {
  return `${NODE_CHANNEL_PREFIX}${node}`;
}

export const ROOM_CHANNEL_PREFIX = 'parley:{';

/**
 * Lua shared by the scripts that reap. `now` is Redis's clock, so the nodes'
 * clocks do not matter. A member of a dead node leaves its room's hash, and
 * a `left` message in the dead node's name goes out on the room's channel,
 * so every node's cache and pages follow. Its resumable slot, if still its
 * node's and attached, expires RESUME_GRACE_MS (the slot's `g`) after the
 * node's last renewal (its lease's end minus the lease's length), as when
 * the lease was renewed per room: a client resumes on another node within
 * the grace after its node died. A slot already past that goes at once.
 */
export const REAP_LUA = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function node_of(record)
  local ok, m = pcall(cjson.decode, record)
  if ok and type(m) == 'table' and type(m.n) == 'string' then return m.n end
  return nil
end
local function lease_end(nodes, node)
  local s = redis.call('ZSCORE', nodes, node)
  return s and tonumber(s) or nil
end
local function expire_slot(prefix, id, node, last, now)
  local slot = prefix .. 'slot:' .. id
  local s = redis.call('HMGET', slot, 'node', 'parked', 'tok', 'g')
  if s[1] ~= node or s[2] == '1' then return end
  local keys = {slot, prefix .. 'replay:' .. id}
  if s[3] then keys[3] = prefix .. 'token:' .. s[3] end
  local ttl = last + tonumber(s[4] or '0') - now
  for _, key in ipairs(keys) do
    if ttl > 0 then redis.call('PEXPIRE', key, ttl) else redis.call('DEL', key) end
  end
end
-- Reaps the members of every dead node from one room; 'closing' is a node
-- leaving on purpose (its last renewal is now). Returns how many went.
local function reap_room(nodes, room, now, lease_ms, closing)
  local prefix = 'parley:{' .. room .. '}:'
  local members = prefix .. 'members'
  local all = redis.call('HGETALL', members)
  local ends = {}
  local reaped = 0
  for i = 1, #all, 2 do
    local node = node_of(all[i + 1])
    if not node then
      redis.call('HDEL', members, all[i])
    else
      if ends[node] == nil then ends[node] = lease_end(nodes, node) or false end
      local ends_at = ends[node]
      if node == closing or not ends_at or ends_at <= now then
        redis.call('HDEL', members, all[i])
        if node == closing then expire_slot(prefix, all[i], node, now, now)
        else expire_slot(prefix, all[i], node, (ends_at or now) - lease_ms, now) end
        redis.call('PUBLISH', prefix .. 'channel', node .. '\\nl\\n' .. room .. '\\n' .. all[i] .. '\\n')
        redis.call('ZREM', prefix .. 'leases', node)
        reaped = reaped + 1
      end
    end
  end
  if redis.call('HLEN', members) == 0 then redis.call('DEL', members, prefix .. 'leases', prefix .. 'lock') end
  return reaped
end
-- The members whose node holds a live lease, as flat id, record pairs.
local function live_members(members, nodes, now)
  local all = redis.call('HGETALL', members)
  local out = {}
  local ends = {}
  for i = 1, #all, 2 do
    local node = node_of(all[i + 1])
    if node then
      if ends[node] == nil then ends[node] = lease_end(nodes, node) or false end
      if ends[node] and ends[node] > now then
        out[#out + 1] = all[i]
        out[#out + 1] = all[i + 1]
      end
    end
  end
  return out
end
-- This node holds members of the room: noted both ways.
local function hold_room(leases, rooms_of, room, node, now)
  redis.call('ZADD', leases, now, node)
  redis.call('SADD', rooms_of, room)
end
`;

/**
 * Claims a seat. KEYS: presenceKeys. ARGV: client id, its member record, max
 * room size, node id, room, mode, lock, lease ms.
 * mode `check`: the joiner was checked against `lock` ('' = the room had no
 * password); mode `set`: the joiner wants to set `lock`, allowed only in an
 * empty room. Dead nodes' members are reaped first, so their seats are free.
 * Returns {verdict} or {verdict, id, record, ...} (the live members after
 * the admission): `ok`, `open`, `set`, `full`, `not-empty` (a password for
 * a room that has members and none), or `retry` when the lock changed since
 * the node read it.
 */
export const ADMIT = `${REAP_LUA}
local now = now_ms()
reap_room(KEYS[4], ARGV[5], now, tonumber(ARGV[8]), '')
local lock = redis.call('GET', KEYS[3])
-- '' is a room a member unlocked from inside the call: open.
if lock == '' then lock = false end
local count = redis.call('HLEN', KEYS[1])
local verdict
if ARGV[6] == 'set' then
  if lock then return {'retry'} end
  -- A password for a room with people in it cannot be applied: refused, never ignored (issue 14).
  if count == 0 then verdict = 'set' else return {'not-empty'} end
else
  if (lock or '') ~= ARGV[7] then return {'retry'} end
  if lock then verdict = 'ok' else verdict = 'open' end
end
if count >= tonumber(ARGV[3]) then return {'full'} end
if verdict == 'set' then redis.call('SET', KEYS[3], ARGV[7]) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
hold_room(KEYS[2], KEYS[5], ARGV[5], ARGV[4], now)
local out = redis.call('HGETALL', KEYS[1])
table.insert(out, 1, verdict)
return out
`;

/**
 * A node rewrites its members of a room: after Redis came back (maybe
 * empty), or when it finds its lease was gone (it was reaped, or Redis lost
 * it). Not on a timer: members are written when they change. It restores
 * the room's lock if Redis lost it, notes the room as the node's, tells the
 * room's channel (a `sync`: the other nodes read the members again), and
 * returns the live members for this node's cache. KEYS: presenceKeys.
 * ARGV: node id, room, lock ('' = none known), then id, record pairs. A
 * member whose record names another node was taken over there (it resumed
 * on it) and is not written back. Each attached resumable session of this
 * node (resume-scripts.ts) gets its member record, and its keys lose any
 * TTL a reaper gave them: they live while the node's lease does.
 */
export const REWRITE = `${REAP_LUA}
local now = now_ms()
local prefix = 'parley:{' .. ARGV[2] .. '}:'
for i = 4, #ARGV, 2 do
  local current = redis.call('HGET', KEYS[1], ARGV[i])
  local node = current and node_of(current)
  if not node or node == ARGV[1] then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
    local slot = prefix .. 'slot:' .. ARGV[i]
    local s = redis.call('HMGET', slot, 'node', 'parked', 'tok')
    if s[1] == ARGV[1] and s[2] ~= '1' then
      redis.call('HSET', slot, 'member', ARGV[i + 1])
      redis.call('PERSIST', slot)
      redis.call('PERSIST', prefix .. 'replay:' .. ARGV[i])
      if s[3] then redis.call('PERSIST', prefix .. 'token:' .. s[3]) end
    end
  end
end
if #ARGV >= 4 then hold_room(KEYS[2], KEYS[5], ARGV[2], ARGV[1], now) end
if ARGV[3] ~= '' and redis.call('HLEN', KEYS[1]) > 0 then redis.call('SET', KEYS[3], ARGV[3], 'NX') end
redis.call('PUBLISH', prefix .. 'channel', ARGV[1] .. '\\ns\\n' .. ARGV[2] .. '\\n\\n')
return live_members(KEYS[1], KEYS[4], now)
`;

/** The live members of a room, read only (a node's cache after a `sync` or a resubscription). KEYS: members, parley:nodes. */
export const LIVE_MEMBERS = `${REAP_LUA}
return live_members(KEYS[1], KEYS[2], now_ms())
`;

/**
 * A member locks or unlocks the room from inside the call (`set-lock`).
 * KEYS: roomKeys, parley:nodes. ARGV: the new lock (formatLock in
 * redis-seats.ts; '' to unlock), the room's channel, the `lock` bus message
 * (bus-message.ts), the room, lease ms. Only while the room has live members (else 0:
 * the lock would outlive the room). An unlocked room's key holds '' rather
 * than being deleted: a rewrite by a node that did not hear of the change
 * (REWRITE sets the lock only if the key is missing) then cannot bring the
 * old password back. The message goes out on the room's channel in the same
 * step, so every node hears the changes in the order Redis made them.
 */
export const SET_LOCK = `${REAP_LUA}
reap_room(KEYS[4], ARGV[4], now_ms(), tonumber(ARGV[5]), '')
if redis.call('HLEN', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[3], ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
`;

/**
 * A member left. KEYS: presenceKeys. ARGV: client id, node id, room. Only
 * the node that holds it removes it: one that resumed on another node
 * stays. Once the node holds nobody else of the room, the room is no longer
 * its (so its death is not reaped there); the last one out takes the
 * room's keys, lock included, with it.
 */
export const LEAVE = `${REAP_LUA}
local current = redis.call('HGET', KEYS[1], ARGV[1])
local moved = current and node_of(current) and node_of(current) ~= ARGV[2]
if not moved then redis.call('HDEL', KEYS[1], ARGV[1]) end
local all = redis.call('HVALS', KEYS[1])
local mine = false
for i = 1, #all do
  if node_of(all[i]) == ARGV[2] then mine = true break end
end
if not mine then
  redis.call('SREM', KEYS[5], ARGV[3])
  redis.call('ZREM', KEYS[2], ARGV[2])
end
if #all == 0 then redis.call('DEL', KEYS[1], KEYS[2], KEYS[3]) end
if moved then return 0 end
return 1
`;
