// The capacity model of docs/cluster.md, computed from the costs one
// `npm run bench:cluster` run measured: how many nodes and how much Redis
// (cores, so shards) N people in calls need. Pure arithmetic; the
// assumptions about what people do are the constants below, each with why.

/** CPU costs in µs, as measured (bench/cluster/). */
export interface MeasuredCosts {
  /** Node CPU per signaling frame between two members of one node (1 node, no Redis). */
  nodeLocalUs: number;
  /** Node CPU (both nodes) per signaling frame to a member on another node. */
  nodeCrossUs: number;
  /** Redis CPU per such frame: one PUBLISH on the receiver's node channel, one delivery. */
  redisCrossUs: number;
  /** Node CPU (both nodes) per chat text in a room of two split over two nodes: stored, echoed, delivered. */
  nodeTextUs: number;
  /** Redis CPU per such text: the history append (Lua, stream) plus one PUBLISH and one delivery. */
  redisTextUs: number;
  /** Redis CPU per lease renewal: one LEASE script per node every 2 s, whatever the node holds (server/cluster/node-lease.ts). */
  redisLeaseUs: number;
  /** Redis CPU per join, everything Redis does for it (admission, the member's record and announcement, its channel, its session); a leave is counted as one more. */
  redisJoinUs: number;
  /** Node CPU per idle member per second (heartbeats, the member's upkeep), both nodes of a room of two together. */
  nodeIdleUs: number;
}

/** What people do in a call: the assumptions, each stated in docs/cluster.md. */
export const WORKLOAD = {
  /** Room sizes 2 to 8, each as common as the others (mean 5 people). */
  roomSizes: [2, 3, 4, 5, 6, 7, 8],
  /** Average stay in a call: 30 minutes, so each seat sees 2 joins and 2 leaves an hour. */
  staySeconds: 1800,
  /** Setting up one pair of the mesh: an offer, an answer and 8 ICE candidates each way. */
  framesPerPairSetup: 18,
  /** An ICE restart or renegotiation (camera, screen share, network change) per pair every 10 minutes: offer, answer, 4 candidates. */
  renegotiationSeconds: 600,
  framesPerRenegotiation: 6,
  /** A chatty call: 2 texts per person per minute. */
  textsPerPersonPerSecond: 2 / 60,
  /** Each node renews its one lease every 2 s. */
  leaseRenewalsPerNodePerSecond: 0.5,
  /** A PUBLISH to a channel with more subscribers: each extra one adds ~30% of a one-subscriber publish (bench:cluster-channels: 11, 17, 32 µs for 1, 3, 7). */
  extraSubscriberShare: 0.3,
  /** Connections one node is given: the 10,000 the idle benchmark holds (6.7 KB each); more makes a node's failure a bigger reconnect storm. */
  peoplePerNode: 10_000,
  /** Plan every core to half its capacity: room for a node's failure (its people resume elsewhere) and bursts. */
  utilisation: 0.5,
} as const;

export interface CapacityRow {
  people: number;
  rooms: number;
  nodes: number;
  /** What set the number of nodes: their connections or their CPU. */
  nodesBoundBy: 'connections' | 'CPU';
  nodeCores: number;
  redisCores: number;
  /** Share of Redis's CPU spent on presence (the nodes' leases, joins and leaves), on chat (appends + fan-out), on signaling. */
  redisShare: { presence: number; texts: number; signaling: number };
  redisOpsPerSecond: number;
  /** Redis shards (one core each) at the planned utilisation. */
  redisShards: number;
}

/** Distinct nodes a room of `k` spans when each member lands on one of `n` nodes at random. */
export function nodesSpanned(k: number, n: number): number {
  return n * (1 - (1 - 1 / n) ** k);
}

export function capacity(people: number, costs: MeasuredCosts, w = WORKLOAD): CapacityRow {
  const meanSize = w.roomSizes.reduce((a, b) => a + b, 0) / w.roomSizes.length;
  const rooms = people / meanSize;
  let nodes = Math.max(1, Math.ceil(people / w.peoplePerNode));
  let load = perSecond(rooms, nodes, costs, w);
  // More nodes spread rooms wider (more crossing), so iterate to a fixed point.
  for (let i = 0; i < 20; i++) {
    const wanted = Math.max(Math.ceil(people / w.peoplePerNode), Math.ceil(load.nodeCores / w.utilisation), 1);
    if (wanted === nodes) break;
    nodes = wanted;
    load = perSecond(rooms, nodes, costs, w);
  }
  const total = load.redis.presence + load.redis.texts + load.redis.signaling;
  return {
    people,
    rooms: Math.round(rooms),
    nodes,
    nodesBoundBy: Math.ceil(load.nodeCores / w.utilisation) > Math.ceil(people / w.peoplePerNode) ? 'CPU' : 'connections',
    nodeCores: load.nodeCores,
    redisCores: total,
    redisShare: { presence: load.redis.presence / total, texts: load.redis.texts / total, signaling: load.redis.signaling / total },
    redisOpsPerSecond: load.redisOps,
    redisShards: Math.max(1, Math.ceil(total / w.utilisation)),
  };
}

function perSecond(rooms: number, nodes: number, c: MeasuredCosts, w: typeof WORKLOAD) {
  const cross = nodes > 1 ? 1 - 1 / nodes : 0;
  let nodeUs = 0;
  // The leases: per node, whatever it holds.
  const leases = nodes * w.leaseRenewalsPerNodePerSecond;
  const redis = { presence: leases * c.redisLeaseUs, texts: 0, signaling: 0 };
  let redisOps = leases;
  const roomsPerSize = rooms / w.roomSizes.length;
  for (const k of w.roomSizes) {
    const span = nodesSpanned(k, nodes);
    // A room-wide frame goes through Redis when another node holds a member; every node holding members receives it.
    const broadcastCross = nodes > 1 ? 1 - (1 / nodes) ** (k - 1) : 0;
    const publishFactor = 1 + w.extraSubscriberShare * Math.max(0, span - 1);
    const joins = k / w.staySeconds; // per second, and as many leaves
    const pairs = (k * (k - 1)) / 2;
    const unicast = joins * (k - 1) * w.framesPerPairSetup + (pairs * w.framesPerRenegotiation) / w.renegotiationSeconds;
    const roomInfos = 2 * joins; // one on each join and each leave, to the whole room
    const texts = k * w.textsPerPersonPerSecond;
    nodeUs +=
      roomsPerSize *
      (unicast * (cross * c.nodeCrossUs + (1 - cross) * c.nodeLocalUs) + roomInfos * k * c.nodeLocalUs + texts * (k / 2) * c.nodeTextUs + k * c.nodeIdleUs);
    redis.signaling += roomsPerSize * (unicast * cross + roomInfos * broadcastCross * publishFactor) * c.redisCrossUs;
    // The append happens for every text; its publish only when another node holds members.
    const appendUs = Math.max(0, c.redisTextUs - c.redisCrossUs);
    redis.texts += roomsPerSize * texts * (appendUs + broadcastCross * publishFactor * c.redisCrossUs);
    // Each join and each leave (as many) writes the member's record once: nothing in between.
    redis.presence += roomsPerSize * 2 * joins * c.redisJoinUs;
    redisOps += roomsPerSize * (unicast * cross + roomInfos * broadcastCross + texts * (1 + broadcastCross) + 2 * joins);
  }
  return { nodeCores: nodeUs / 1e6, redis: { presence: redis.presence / 1e6, texts: redis.texts / 1e6, signaling: redis.signaling / 1e6 }, redisOps };
}
