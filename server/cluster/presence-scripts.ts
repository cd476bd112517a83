// The Lua scripts that keep a room's membership in Redis, and the keys they
// use. Each runs atomically in Redis, so a decision over the whole cluster
// (is there a seat left? is the room empty, so may this joiner set its
// password?) cannot race another node's. All keys of a room share the hash
// tag {room}, so a room lives on one shard of a Redis Cluster.
//
// Per room:
//   parley:{room}:members  hash  client id -> encodeMember (bus-message.ts)
//   parley:{room}:leases   zset  node id -> when its lease ends (ms, Redis clock)
//   parley:{room}:lock     string  the password's salt and scrypt hash, hex, and
//                          who set it; '' once a member unlocked the room
//                          (SET_LOCK), so that no renewal restores an old lock
// Every node with members in the room renews its lease every 2 s; a member
// whose node's lease has ended is removed by the next script that runs for
// the room (the reaper below), and the keys expire on their own when no live
// node renews them.
export function roomKeys(room: string): [members: string, leases: string, lock: string] {
  return [`parley:{${room}}:members`, `parley:{${room}}:leases`, `parley:{${room}}:lock`];
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

/** Reaps members of nodes whose lease has ended; `now` from Redis's clock, so the nodes' clocks do not matter. */
const REAP = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function reap(members, leases, lock, now)
  local all = redis.call('HGETALL', members)
  for i = 1, #all, 2 do
    local ok, m = pcall(cjson.decode, all[i + 1])
    local until_ms = ok and type(m) == 'table' and type(m.n) == 'string' and redis.call('ZSCORE', leases, m.n)
    if not until_ms or tonumber(until_ms) <= now then redis.call('HDEL', members, all[i]) end
  end
  redis.call('ZREMRANGEBYSCORE', leases, '-inf', now)
  if redis.call('HLEN', members) == 0 then redis.call('DEL', lock) end
end
local function keep(ttl)
  for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl * 2) end
end
`;

/**
 * Claims a seat. KEYS: roomKeys. ARGV: client id, its member record, max
 * room size, node id, lease ms, mode, lock.
 * mode `check`: the joiner was checked against `lock` ('' = the room had no
 * password); mode `set`: the joiner wants to set `lock`, allowed only in an
 * empty room. Returns {verdict} or {verdict, id, record, ...} (the members
 * after the admission): `ok`, `open`, `set`, `full`, `not-empty` (a password
 * for a room that has members and none), or `retry` when the lock changed
 * since the node read it.
 */
export const ADMIT = `${REAP}
local now = now_ms()
reap(KEYS[1], KEYS[2], KEYS[3], now)
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
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[5]), ARGV[4])
keep(tonumber(ARGV[5]))
local out = redis.call('HGETALL', KEYS[1])
table.insert(out, 1, verdict)
return out
`;

/**
 * A node's lease renewal for one room, which also reconciles: it writes the
 * node's current members (after a Redis restart they are back at the first
 * renewal), restores the room's lock if Redis lost it, reaps dead nodes'
 * members, and returns the whole members hash. KEYS: roomKeys. ARGV: node
 * id, lease ms, lock ('' = none known), resume grace ms, then id, record
 * pairs. A member whose record names another node was taken over there (it
 * resumed on it) and is not written back. For each attached resumable
 * session of this node (resume-scripts.ts), the slot's keys get the grace
 * period again, and the slot the member's current record.
 */
export const RENEW = `${REAP}
local now = now_ms()
local ttl = tonumber(ARGV[2])
local grace = tonumber(ARGV[4])
local prefix = string.sub(KEYS[1], 1, -8)
redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
for i = 5, #ARGV, 2 do
  local current = redis.call('HGET', KEYS[1], ARGV[i])
  local ok, m = pcall(cjson.decode, current or '{}')
  if not (ok and type(m) == 'table' and type(m.n) == 'string' and m.n ~= ARGV[1]) then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
    local slot = prefix .. 'slot:' .. ARGV[i]
    local s = redis.call('HMGET', slot, 'node', 'parked', 'tok')
    if grace > 0 and s[1] == ARGV[1] and s[2] ~= '1' then
      redis.call('HSET', slot, 'member', ARGV[i + 1])
      redis.call('PEXPIRE', slot, grace)
      redis.call('PEXPIRE', prefix .. 'replay:' .. ARGV[i], grace)
      if s[3] then redis.call('PEXPIRE', prefix .. 'token:' .. s[3], grace) end
    end
  end
end
reap(KEYS[1], KEYS[2], KEYS[3], now)
if ARGV[3] ~= '' and redis.call('HLEN', KEYS[1]) > 0 then redis.call('SET', KEYS[3], ARGV[3], 'NX') end
keep(ttl)
return redis.call('HGETALL', KEYS[1])
`;

/**
 * A member locks or unlocks the room from inside the call (`set-lock`).
 * KEYS: roomKeys. ARGV: the new lock (formatLock in redis-seats.ts; '' to
 * unlock), the room's channel, the `lock` bus message (bus-message.ts).
 * Only while the room has members (else 0: the lock would outlive the room).
 * An unlocked room's key holds '' rather than being deleted: a renewal that
 * left a node before it heard of the change (RENEW sets the lock only if the
 * key is missing) then cannot bring the old password back. The message goes
 * out on the room's channel in the same step, so every node hears the
 * changes in the order Redis made them. The key keeps the room's TTL.
 */
export const SET_LOCK = `${REAP}
reap(KEYS[1], KEYS[2], KEYS[3], now_ms())
if redis.call('HLEN', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[3], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then redis.call('PEXPIRE', KEYS[3], ttl) end
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
`;

/**
 * A member left. KEYS: roomKeys. ARGV: client id, node id. Only the node
 * that holds it removes it: one that resumed on another node stays. The
 * last one out takes the room's lock with it.
 */
export const LEAVE = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
local ok, m = pcall(cjson.decode, current or '{}')
if ok and type(m) == 'table' and type(m.n) == 'string' and m.n ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
if redis.call('HLEN', KEYS[1]) == 0 then redis.call('DEL', KEYS[2], KEYS[3]) end
return 1
`;
