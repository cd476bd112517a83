// The Redis history store's Lua scripts. Each runs atomically inside Redis,
// so that a room's seq assignment, its mid check and its XADD cannot
// interleave with another node's append to the same room.
//
// Keys per room (the `{room}` hash tag keeps them in one slot):
//   <prefix>{room}:log   the stream; entry id `<seq>-0`, fields below
//   <prefix>{room}:mids  hash mid -> "<seq>:<time>" for the messages still kept
//   <prefix>{room}:meta  hash: seq (the counter, never lowered), touched, salt, hash
// and one index, <prefix>rooms: a sorted set of rooms scored by the time their
// oldest message (or, with none left, their lock) next needs pruning.
//
// Stream fields: t time, s sender, r receiver, f from, x text, and where
// given m mid, sp/rp the DM parties, to the DM receiver's name.

/** Shared helpers: a field of an entry's flat [k1, v1, k2, v2, ...] array. */
const FIELD = `
local function field(fields, name)
  for j = 1, #fields, 2 do
    if fields[j] == name then return fields[j + 1] end
  end
  return nil
end
local function oldest(log)
  local first = redis.call('XRANGE', log, '-', '+', 'COUNT', 1)
  if #first == 0 then return nil end
  return tonumber(field(first[1][2], 't'))
end
`;

/**
 * One batch, in one script: no other node's write interleaves, and the
 * appendonly file keeps all of it or none.
 * KEYS: index, then meta, log, mids per room. ARGV: maxPerRoom, then per
 * room: the room, its message count, and per message: time, mid ('' for
 * none), n, and n field/value pairs.
 * Returns a flat array [seq, time, isDuplicate (0/1)] per message, room by room.
 */
export const APPEND = `${FIELD}
local index, maxLen = KEYS[1], tonumber(ARGV[1])
local out = {}
local i = 2
local k = 2
while i <= #ARGV do
  local room, count = ARGV[i], tonumber(ARGV[i + 1])
  local meta, log, mids = KEYS[k], KEYS[k + 1], KEYS[k + 2]
  i = i + 2
  k = k + 3
  local seq = tonumber(redis.call('HGET', meta, 'seq') or '0')
  local touched = tonumber(redis.call('HGET', meta, 'touched') or '0')
  local firstTime = nil
  for _ = 1, count do
    local time, mid, n = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
    local fields = {}
    for j = 1, n * 2 do fields[j] = ARGV[i + 2 + j] end
    i = i + 3 + n * 2
    local earlier = false
    if mid ~= '' then earlier = redis.call('HGET', mids, mid) end
    if earlier then
      local sep = string.find(earlier, ':', 1, true)
      out[#out + 1] = tonumber(string.sub(earlier, 1, sep - 1))
      out[#out + 1] = tonumber(string.sub(earlier, sep + 1))
      out[#out + 1] = 1
    else
      seq = seq + 1
      redis.call('XADD', log, seq .. '-0', unpack(fields))
      if mid ~= '' then redis.call('HSET', mids, mid, seq .. ':' .. time) end
      local t = tonumber(time)
      if t > touched then touched = t end
      if firstTime == nil then firstTime = t end
      out[#out + 1] = seq
      out[#out + 1] = t
      out[#out + 1] = 0
    end
  end
  if firstTime ~= nil then
    redis.call('HSET', meta, 'seq', seq, 'touched', touched)
    -- LT: a room already indexed keeps its earlier (oldest) score.
    redis.call('ZADD', index, 'LT', firstTime, room)
    local excess = redis.call('XLEN', log) - maxLen
    if excess > 0 then
      local gone = redis.call('XRANGE', log, '-', '+', 'COUNT', excess)
      for _, entry in ipairs(gone) do
        local m = field(entry[2], 'm')
        if m then redis.call('HDEL', mids, m) end
      end
      redis.call('XTRIM', log, 'MAXLEN', maxLen)
      redis.call('ZADD', index, oldest(log), room)
    end
  end
end
return out
`;

/**
 * KEYS: log. ARGV: before ('' for none), after ('' for none), limit + 1, viewer ('' for none).
 * Returns up to limit + 1 visible entries, nearest first: ascending from
 * `after` when it is given, else descending from `before` (or the newest).
 */
export const PAGE = `${FIELD}
local log = KEYS[1]
local before, after, want, viewer = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local function visible(fields)
  if field(fields, 'r') == 'room' then return true end
  if viewer == '' then return false end
  return field(fields, 'sp') == viewer or field(fields, 'rp') == viewer
end
local out = {}
local isForward = after ~= ''
local from, to
if isForward then
  from = '(' .. after .. '-0'
  to = before ~= '' and '(' .. before .. '-0' or '+'
else
  from = before ~= '' and '(' .. before .. '-0' or '+'
  to = '-'
end
local chunk = want
if chunk < 64 then chunk = 64 end
while true do
  local entries
  if isForward then entries = redis.call('XRANGE', log, from, to, 'COUNT', chunk)
  else entries = redis.call('XREVRANGE', log, from, to, 'COUNT', chunk) end
  for _, entry in ipairs(entries) do
    if visible(entry[2]) then
      out[#out + 1] = entry
      if #out >= want then return out end
    end
  end
  if #entries < chunk then return out end
  from = '(' .. entries[#entries][1]
end
`;

/** KEYS: mids, log. ARGV: mid. Returns the entry, or nil. */
export const FIND_BY_MID = `
local earlier = redis.call('HGET', KEYS[1], ARGV[1])
if not earlier then return nil end
local id = string.sub(earlier, 1, string.find(earlier, ':', 1, true) - 1) .. '-0'
local entries = redis.call('XRANGE', KEYS[2], id, id)
return entries[1]
`;

/** KEYS: meta, log, index. ARGV: room, salt, hash, at. */
export const SET_LOCK = `
local meta, log, index = KEYS[1], KEYS[2], KEYS[3]
local at = tonumber(ARGV[4])
local touched = tonumber(redis.call('HGET', meta, 'touched') or '0')
if at > touched then touched = at end
redis.call('HSET', meta, 'salt', ARGV[2], 'hash', ARGV[3], 'touched', touched)
-- A room without messages is indexed by its lock's time, so that the lock expires.
if redis.call('XLEN', log) == 0 then redis.call('ZADD', index, touched, ARGV[1]) end
return 1
`;

/**
 * KEYS: meta, log, mids, index. ARGV: room, olderThan, maxPerRoom, budget.
 * Removes up to `budget` of the room's oldest messages that are too old or
 * beyond maxPerRoom, then re-scores the room in the index (or drops it, and
 * its lock, once it has neither messages nor a recent lock). Returns the count.
 */
export const PRUNE_ROOM = `${FIELD}
local meta, log, mids, index = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local room, olderThan, maxLen, budget = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local excess = redis.call('XLEN', log) - maxLen
local removed = 0
local last = nil
if budget > 0 then
  local entries = redis.call('XRANGE', log, '-', '+', 'COUNT', budget)
  for _, entry in ipairs(entries) do
    if removed >= excess and tonumber(field(entry[2], 't')) >= olderThan then break end
    local m = field(entry[2], 'm')
    if m then redis.call('HDEL', mids, m) end
    removed = removed + 1
    last = entry[1]
  end
end
if last then
  local seq = tonumber(string.sub(last, 1, string.find(last, '-', 1, true) - 1))
  redis.call('XTRIM', log, 'MINID', (seq + 1) .. '-0')
end
local first = oldest(log)
if first then
  redis.call('ZADD', index, first, room)
else
  local touched = tonumber(redis.call('HGET', meta, 'touched') or '0')
  if redis.call('HEXISTS', meta, 'hash') == 1 and touched >= olderThan then
    redis.call('ZADD', index, touched, room)
  else
    redis.call('HDEL', meta, 'salt', 'hash')
    redis.call('ZREM', index, room)
  end
end
return removed
`;
