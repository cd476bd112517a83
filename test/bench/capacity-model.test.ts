// The capacity model's arithmetic (bench/cluster/capacity-model.ts): fed
// made-up costs, it must size nodes by their connections or their CPU,
// count a lease per node and a write per join and leave, and put Redis's CPU
// where the costs say.
// No figure here is a measurement: those come from `npm run bench:cluster`.
import { describe, expect, it } from 'vitest';
import { capacity, nodesSpanned, WORKLOAD, type MeasuredCosts } from '../../bench/cluster/capacity-model.js';

const COSTS: MeasuredCosts = { nodeLocalUs: 10, nodeCrossUs: 30, redisCrossUs: 12, nodeTextUs: 60, redisTextUs: 40, redisLeaseUs: 10, redisJoinUs: 100, nodeIdleUs: 2 };

describe('capacity model', () => {
  it('spreads a room over as many nodes as chance puts its members on', () => {
    expect(nodesSpanned(5, 1)).toBe(1);
    expect(nodesSpanned(2, 2)).toBeCloseTo(1.5);
    // With far more nodes than members, nearly every member is on a node of its own.
    expect(nodesSpanned(8, 10_000)).toBeCloseTo(8, 2);
  });

  it('gives one node per 10,000 people while their CPU is small, and rooms of 5 on average', () => {
    const row = capacity(100_000, COSTS);
    expect(row.rooms).toBe(20_000);
    expect(row.nodes).toBe(100_000 / WORKLOAD.peoplePerNode);
    expect(row.nodesBoundBy).toBe('connections');
  });

  it('adds nodes when their CPU, planned at half a core each, needs more than their connections', () => {
    const row = capacity(100_000, { ...COSTS, nodeIdleUs: 20_000 });
    expect(row.nodesBoundBy).toBe('CPU');
    expect(row.nodes).toBe(Math.ceil(row.nodeCores / WORKLOAD.utilisation));
    expect(row.nodes).toBeGreaterThan(10);
  });

  it('splits Redis CPU into presence, chat and signaling that add up, and sizes shards at half a core', () => {
    const row = capacity(1_000_000, COSTS);
    const { presence, texts, signaling } = row.redisShare;
    expect(presence + texts + signaling).toBeCloseTo(1);
    expect(row.redisShards).toBe(Math.ceil(row.redisCores / WORKLOAD.utilisation));
    // Presence alone: each node's lease every 2 s, and a write per join and per leave (2 of each per seat and hour).
    const presenceOnly = capacity(1_000_000, { ...COSTS, redisCrossUs: 0, redisTextUs: 0 });
    const joinsPerSecond = 1_000_000 / WORKLOAD.staySeconds;
    const expected = (presenceOnly.nodes * 0.5 * COSTS.redisLeaseUs + 2 * joinsPerSecond * COSTS.redisJoinUs) / 1e6;
    expect(presenceOnly.redisCores).toBeCloseTo(expected, 6);
  });

  it('costs Redis the same for presence however the rooms spread: a lease per node, not per room and node', () => {
    const few = capacity(1_000_000, { ...COSTS, redisCrossUs: 0, redisTextUs: 0, redisJoinUs: 0 });
    expect(few.redisCores).toBeCloseTo((few.nodes * 0.5 * COSTS.redisLeaseUs) / 1e6, 9);
    expect(nodesSpanned(5, few.nodes)).toBeGreaterThan(4); // rooms span many nodes, which no longer multiplies anything
  });

  it('sends nothing through Redis but renewals and history appends on a cluster of one node', () => {
    const row = capacity(5_000, COSTS);
    expect(row.nodes).toBe(1);
    expect(row.redisShare.signaling).toBe(0);
  });
});
