// The Lua scripts that hand a frame to members on other nodes and, for a
// member whose node has died, keep it in that member's replay log
// (resume-scripts.ts), so that the client gets it when it resumes on another
// node. Without them such a frame went to a channel nobody read.
//
// Whether a node is alive is asked of Redis's pub/sub itself: a node's
// subscriber connection is subscribed to its node channel for as long as the
// process lives, and Redis drops the subscription the moment the process dies
// (its kernel closes the socket), long before the node's lease runs out. So
// a PUBLISH to a member's node channel that reaches nobody, or a node channel
// with no subscriber (PUBSUB NUMSUB), means its node is gone.
//
// The check and the append run in the same script as the publish, so they
// are ordered with every other command: a frame is either in the log when a
// node takes the slot over (TAKE), or published after it, to the new owner.
// On the normal path no script writes a key: the frame for one member
// costs an HGET more than a PUBLISH, the frame for the room a NUMSUB per
// other node (figures in docs/cluster.md).
//
// A node sends DELIVER_BATCH: every frame it has for other nodes in one turn
// of its event loop, in one call, which publishes ONE message per run of
// frames for the same channel (a `batch`, bus-message.ts). Most of a
// cross-node frame's cost was per command and per message (ioredis on both
// nodes, Redis's PUBLISH), not per byte, so this is where the relay's cost
// across nodes went down (docs/cluster.md, "Fan-out").
import { NODE_CHANNEL_PREFIX } from './presence-scripts.js';

/**
 * Keeps `frame` for the member `id` if its slot is still held by the dead
 * `node`: appended to its replay log, numbered after the frames there. The
 * slot notes the number of the first frame kept this way (`orphan`): a
 * client that says it has seen that number saw a frame its old node wrote
 * but never mirrored, so the numbers collide and TAKE refuses it (a fresh
 * join, rather than a resumption with a frame missing). Past `max` bytes kept
 * this way the slot is dropped, as a held session is on one node.
 */
const HOLD = `
local function hold(prefix, id, node, frame, max)
  local slot = prefix .. 'slot:' .. id
  local s = redis.call('HMGET', slot, 'node', 'first', 'orphan', 'obytes', 'tok')
  if s[1] ~= node or not s[2] then return 0 end
  local replay = prefix .. 'replay:' .. id
  local bytes = tonumber(s[4] or '0') + #frame
  if bytes > tonumber(max) then
    redis.call('DEL', slot, replay)
    if s[5] then redis.call('DEL', prefix .. 'token:' .. s[5]) end
    return 0
  end
  if not s[3] then redis.call('HSET', slot, 'orphan', tonumber(s[2]) + redis.call('LLEN', replay)) end
  redis.call('HSET', slot, 'obytes', bytes)
  redis.call('RPUSH', replay, frame)
  local ttl = redis.call('PTTL', slot)
  if ttl > 0 then redis.call('PEXPIRE', replay, ttl) end
  return 2
end
`;

/**
 * One frame, as it goes alone (a run of one, or a frame of a longer run that
 * cannot go whole): a frame for a member to the node its slot names (the one
 * that took it over, if any; else the one the sender believes), kept if
 * nobody there hears it; a frame for the room on its channel, kept for each
 * member of a dead node.
 * `at` is the ARGV index of the frame's node, client id pairs. A node is
 * alive if its node channel has a subscriber: for a member, PUBLISH's own
 * count says it (one command less than asking first); for the room, PUBSUB
 * NUMSUB is asked once per node per call. Returns how many times the frame
 * was kept.
 */
const SEND_ONE = `
local node_prefix = '${NODE_CHANNEL_PREFIX}'
local alive = {}
local function is_alive(node)
  if alive[node] == nil then alive[node] = redis.call('PUBSUB', 'NUMSUB', node_prefix .. node)[2] > 0 end
  return alive[node]
end
local owners = {}
local function owner_of(prefix, id, believed)
  local slot = prefix .. 'slot:' .. id
  if owners[slot] == nil then owners[slot] = redis.call('HGET', slot, 'node') or believed end
  return owners[slot]
end
-- A message's frame: what follows its four header lines.
local function frame_of(message)
  local at = 1
  for _ = 1, 4 do at = string.find(message, '\\n', at, true) + 1 end
  return string.sub(message, at)
end
local function send_one(prefix, kind, channel, message, target, where, n, at, max)
  if kind == 'c' then
    local owner = owner_of(prefix, target, where)
    if alive[owner] ~= false and redis.call('PUBLISH', node_prefix .. owner, message) > 0 then
      alive[owner] = true
      return 0
    end
    alive[owner] = false
    if hold(prefix, target, owner, frame_of(message), max) == 2 then return 1 end
    return 0
  end
  redis.call('PUBLISH', channel, message)
  local kept = 0
  for p = at, at + 2 * n - 2, 2 do
    if ARGV[p + 1] ~= target and not is_alive(ARGV[p]) and hold(prefix, ARGV[p + 1], ARGV[p], frame_of(message), max) == 2 then kept = kept + 1 end
  end
  return kept
end
`;

/**
 * Frames for other nodes, in the order the node sent them, as the node
 * grouped them: in runs of consecutive frames for one channel (the node
 * channel of the node it believes holds the member, or the room's channel),
 * each run already one message (the frame itself if alone, else a `batch`,
 * bus-message.ts). KEYS: the members key of each room in the call. ARGV:
 * max bytes kept, then per run: its channel, its message, m, then per frame
 * of the run: kind (`c` for one member, `r` for the room), its room's index
 * in KEYS, target (the member; for the room, the member it is not for or
 * ''), the node the sender believes holds the member ('' for the room), n,
 * then n node, client id pairs (for the room: its members on other nodes as
 * the sender knows them).
 *
 * A run of one frame, which is what a node at a modest rate sends nearly
 * every time, goes as a frame alone (send_one): for a member, an HGET and a
 * PUBLISH whose own count says whether the node is alive, with nothing asked
 * first. A longer run is checked first: on the normal path (every member
 * where the sender believes, every node alive) it costs one PUBLISH of the
 * bytes as they came, and the script makes no string of its own; otherwise
 * its frames go one by one, each as it would alone (send_one). Order holds
 * either way: the runs, and the frames in them, go out in the order they
 * came, and every node reads them on one subscribing connection. Returns how many times a frame was kept.
 */
export const DELIVER_BATCH = `${HOLD}${SEND_ONE}
local max = ARGV[1]
local function prefix_of(j)
  return string.sub(KEYS[tonumber(ARGV[j + 1])], 1, -8)
end
-- The messages of a batch's bytes.
local function split(bytes, m)
  local messages = {}
  local at = 1
  for _ = 1, 4 do at = string.find(bytes, '\\n', at, true) + 1 end
  for f = 1, m do
    local nl = string.find(bytes, '\\n', at, true)
    local len = tonumber(string.sub(bytes, at, nl - 1))
    messages[f] = string.sub(bytes, nl + 1, nl + len)
    at = nl + 1 + len
  end
  return messages
end
local kept = 0
local i = 2
while i <= #ARGV do
  local channel, bytes, m = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  local j = i + 3
  if m == 1 then
    local n = tonumber(ARGV[j + 4])
    kept = kept + send_one(prefix_of(j), ARGV[j], channel, bytes, ARGV[j + 2], ARGV[j + 3], n, j + 5, max)
    i = j + 5 + 2 * n
  else
    local starts = {}
    local is_plain = true
    for f = 1, m do
      starts[f] = j
      local target, where, n = ARGV[j + 2], ARGV[j + 3], tonumber(ARGV[j + 4])
      if is_plain then
        if ARGV[j] == 'c' then
          is_plain = owner_of(prefix_of(j), target, where) == where and is_alive(where)
        else
          for p = j + 5, j + 3 + 2 * n, 2 do
            if ARGV[p + 1] ~= target and not is_alive(ARGV[p]) then is_plain = false end
          end
        end
      end
      j = j + 5 + 2 * n
    end
    if is_plain then
      redis.call('PUBLISH', channel, bytes)
    else
      local messages = split(bytes, m)
      for f = 1, m do
        local s = starts[f]
        kept = kept + send_one(prefix_of(s), ARGV[s], channel, messages[f], ARGV[s + 2], ARGV[s + 3], tonumber(ARGV[s + 4]), s + 5, max)
      end
    end
    i = j
  end
end
return kept
`;
