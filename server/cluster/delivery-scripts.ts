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
// On the normal path neither script writes a key: the frame for one member
// costs an HGET more than a PUBLISH, the frame for the room a NUMSUB per
// other node (figures in docs/cluster.md).
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
 * A frame for one member. KEYS: the room's members key (for the prefix).
 * ARGV: client id, the node the sender believes holds it, bus header, frame,
 * max bytes kept. Sent to the node the member's slot names (the one that
 * took it over, if any) or else the one given; kept if that node is gone.
 * Returns 1 (published), 2 (kept) or 0 (nobody had it).
 */
export const DELIVER_TO_CLIENT = `${HOLD}
local prefix = string.sub(KEYS[1], 1, -8)
local owner = redis.call('HGET', prefix .. 'slot:' .. ARGV[1], 'node') or ARGV[2]
if redis.call('PUBLISH', '${NODE_CHANNEL_PREFIX}' .. owner, ARGV[3] .. ARGV[4]) > 0 then return 1 end
return hold(prefix, ARGV[1], owner, ARGV[4], ARGV[5])
`;

/**
 * A frame for the room. KEYS: the room's members key. ARGV: the room's
 * channel, bus header, frame, the member it is not for ('' for none), max
 * bytes kept, then node, client id pairs: the room's members on other nodes
 * as the sender knows them. Each member whose node has no subscriber gets
 * the frame kept. Returns how many were kept.
 */
export const DELIVER_TO_ROOM = `${HOLD}
local prefix = string.sub(KEYS[1], 1, -8)
redis.call('PUBLISH', ARGV[1], ARGV[2] .. ARGV[3])
local dead = {}
local kept = 0
for i = 6, #ARGV, 2 do
  local node = ARGV[i]
  if dead[node] == nil then dead[node] = redis.call('PUBSUB', 'NUMSUB', '${NODE_CHANNEL_PREFIX}' .. node)[2] == 0 end
  if dead[node] and ARGV[i + 1] ~= ARGV[4] and hold(prefix, ARGV[i + 1], node, ARGV[3], ARGV[5]) == 2 then kept = kept + 1 end
end
return kept
`;
