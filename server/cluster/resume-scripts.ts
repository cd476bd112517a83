// The Lua scripts and keys that keep resumable sessions in Redis, so that a
// client can resume on another node (server/admission/slot-ledger.ts). Per
// session, all under the room's hash tag:
//   parley:{room}:slot:<id>       hash  node (the owner), first (the number of
//                                       the replay list's first frame), parked
//                                       ('1' while the socket is gone), member
//                                       (its member record), tok (the token's hash),
//                                       orphan, obytes (frames kept for it after
//                                       its node died: delivery-scripts.ts)
//   parley:{room}:replay:<id>     list  the frames the client may not have seen
//   parley:{room}:token:<sha256>  string  the client id this token resumes
// While the client is attached the three have no TTL: they live as long as
// their node's lease (node-lease-scripts.ts). Parking sets them to the rest
// of the grace period; a reaper that finds their node dead gives them the
// grace period from the node's last renewal (presence-scripts.ts,
// expire_slot), so its clients' slots outlive it by the grace period and no
// more. `g` in the slot is that grace period, so the reaper needs no setting.
// Every script but TAKE does nothing unless the slot is still the caller's:
// once another node took it over, the old owner's late writes are void.

export function slotKeys(room: string, clientId: string): [slot: string, replay: string] {
  return [`parley:{${room}}:slot:${clientId}`, `parley:{${room}}:replay:${clientId}`];
}

export function tokenKey(room: string, tokenHash: string): string {
  return `parley:{${room}}:token:${tokenHash}`;
}

/**
 * A token was issued. KEYS: slot, replay, the new token's key, the old one's
 * (or the new one again). ARGV: node, grace ms, the number of the next frame,
 * member record, token hash, client id. Creates the slot (with an empty
 * list starting at that number) if it has none, else rotates the token;
 * either way the client is attached, not parked, and its keys live as long
 * as the node's lease (no TTL).
 */
export const TOKEN = `
local owner = redis.call('HGET', KEYS[1], 'node')
if owner and owner ~= ARGV[1] then return 0 end
if not owner then
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[1], 'node', ARGV[1], 'first', ARGV[3], 'member', ARGV[4])
end
if KEYS[4] ~= KEYS[3] then redis.call('DEL', KEYS[4]) end
redis.call('HSET', KEYS[1], 'parked', '0', 'tok', ARGV[5], 'g', ARGV[2])
redis.call('SET', KEYS[3], ARGV[6])
redis.call('PERSIST', KEYS[1])
redis.call('PERSIST', KEYS[2])
return 1
`;

/**
 * Frames logged for the client. KEYS: slot, replay. ARGV: node, the first
 * frame's number, then the frames. The list stays gapless: frames that never
 * arrived (Redis was away), or frames another node kept for the client
 * meanwhile (delivery-scripts.ts: its subscriber was away, so it looked
 * dead), restart it at this batch, so a client that needs them cannot
 * resume here, rather than resume with the wrong ones.
 */
export const APPEND = `
if redis.call('HGET', KEYS[1], 'node') ~= ARGV[1] then return 0 end
local first = tonumber(redis.call('HGET', KEYS[1], 'first'))
if first + redis.call('LLEN', KEYS[2]) ~= tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[2])
  redis.call('HSET', KEYS[1], 'first', ARGV[2])
  redis.call('HDEL', KEYS[1], 'orphan', 'obytes')
end
redis.call('RPUSH', KEYS[2], unpack(ARGV, 3))
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
return 1
`;

/** The log now starts at ARGV[2]. KEYS: slot, replay. ARGV: node, first. */
export const TRIM = `
if redis.call('HGET', KEYS[1], 'node') ~= ARGV[1] then return 0 end
local drop = tonumber(ARGV[2]) - tonumber(redis.call('HGET', KEYS[1], 'first'))
if drop <= 0 then return 0 end
redis.call('LTRIM', KEYS[2], drop, -1)
redis.call('HSET', KEYS[1], 'first', ARGV[2])
return 1
`;

/** The socket dropped. KEYS: slot, replay, token. ARGV: node, ms left of the grace period. */
export const PARK = `
if redis.call('HGET', KEYS[1], 'node') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'parked', '1')
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
return 1
`;

/** The session ended on its owner. KEYS: slot, replay, token. ARGV: node. */
export const END = `
if redis.call('HGET', KEYS[1], 'node') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return 1
`;

/**
 * Another node takes the slot over. KEYS: slot, replay, token, the room's
 * members, its leases, its lock, the taking node's rooms-of set
 * (presence-scripts.ts). ARGV: client id, seen, node, room, the node's
 * channel, the `taken` bus message (bus-message.ts). The token is
 * spent, frames up to `seen` dropped, and the slot and the member are the
 * new node's; the `taken` message goes out on its channel in the same step,
 * so the node can tell frames published after the takeover (it must keep
 * them for the client) from those before (they are in the log it gets).
 * Returns {'ok', member record, the room's lock ('' for none), frame count,
 * frames..., then the room's members hash (id, record pairs) for the new
 * node's cache}, or {'gone'} (no such token or slot, frames the client needs
 * were dropped, or it saw a frame the log lacks: delivery-scripts.ts).
 */
export const TAKE = `
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return {'gone'} end
local slot = redis.call('HMGET', KEYS[1], 'first', 'member', 'orphan')
if not slot[1] or not slot[2] then return {'gone'} end
local first = tonumber(slot[1])
local seen = tonumber(ARGV[2])
if seen + 1 < first then return {'gone'} end
if slot[3] and seen >= tonumber(slot[3]) then return {'gone'} end
redis.call('DEL', KEYS[3])
local drop = seen + 1 - first
if drop > 0 then redis.call('LTRIM', KEYS[2], drop, -1) end
local ok, member = pcall(cjson.decode, redis.call('HGET', KEYS[4], ARGV[1]) or slot[2])
if not ok or type(member) ~= 'table' then return {'gone'} end
member.n = ARGV[3]
local record = cjson.encode(member)
redis.call('HSET', KEYS[4], ARGV[1], record)
local t = redis.call('TIME')
redis.call('ZADD', KEYS[5], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[3])
redis.call('SADD', KEYS[7], ARGV[4])
redis.call('HSET', KEYS[1], 'node', ARGV[3], 'first', seen + 1, 'member', record, 'parked', '1')
redis.call('HDEL', KEYS[1], 'orphan', 'obytes')
redis.call('PUBLISH', ARGV[5], ARGV[6])
local out = {'ok', record, redis.call('GET', KEYS[6]) or ''}
local frames = redis.call('LRANGE', KEYS[2], 0, -1)
table.insert(out, #frames)
for i = 1, #frames do table.insert(out, frames[i]) end
local members = redis.call('HGETALL', KEYS[4])
for i = 1, #members do table.insert(out, members[i]) end
return out
`;
