// summarizeStats on hand-made reports shaped like Chromium's.
import { describe, expect, it } from 'vitest';
import { summarizeStats, type StatsReportLike } from '../../../client/peers/peer-stats.js';

function report(entries: Record<string, unknown>[]): StatsReportLike {
  const map = new Map(entries.map((e) => [String(e.id), { ...e, id: String(e.id), type: String(e.type) }]));
  return { forEach: (cb) => map.forEach((v) => cb(v)), get: (id) => map.get(id) };
}

const base = [
  { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
  { id: 'P', type: 'candidate-pair', state: 'succeeded', nominated: true, localCandidateId: 'L', remoteCandidateId: 'R', currentRoundTripTime: 0.0234 },
  { id: 'L', type: 'local-candidate', candidateType: 'srflx' },
  { id: 'R', type: 'remote-candidate', candidateType: 'relay' },
];

describe('summarizeStats', () => {
  it('names the candidate types of the selected pair and its round-trip time', () => {
    const stats = summarizeStats(report(base), 1000);
    expect(stats).toMatchObject({ localCandidateType: 'srflx', remoteCandidateType: 'relay', rttMs: 23 });
  });

  it('computes bitrates from the previous sample and loss from inbound counters', () => {
    const first = summarizeStats(
      report([
        ...base,
        { id: 'i1', type: 'inbound-rtp', bytesReceived: 1000, packetsLost: 0, packetsReceived: 100 },
        { id: 'o1', type: 'outbound-rtp', bytesSent: 2000 },
      ]),
      1000,
    );
    expect(first.bitrateInKbps).toBeUndefined();
    const second = summarizeStats(
      report([
        ...base,
        { id: 'i1', type: 'inbound-rtp', bytesReceived: 126_000, packetsLost: 2, packetsReceived: 148 },
        { id: 'i2', type: 'inbound-rtp', bytesReceived: 0, packetsLost: 0, packetsReceived: 50 },
        { id: 'o1', type: 'outbound-rtp', bytesSent: 64_500 },
      ]),
      2000,
      first.sample,
    );
    expect(second).toMatchObject({ bitrateInKbps: 1000, bitrateOutKbps: 500, packetLossPercent: 1 });
  });

  it('gives the loss since the previous sample beside the loss over the call', () => {
    const inbound = (lost: number, received: number) =>
      report([...base, { id: 'i1', type: 'inbound-rtp', bytesReceived: 0, packetsLost: lost, packetsReceived: received }]);
    const first = summarizeStats(inbound(0, 1000), 1000);
    expect(first.recentLossPercent).toBeUndefined();
    // 10 of the last 100 lost: the link is bad now, though the call as a whole lost 1%.
    const second = summarizeStats(inbound(10, 1090), 2000, first.sample);
    expect(second).toMatchObject({ recentLossPercent: 10, packetLossPercent: 0.9 });
  });

  it('falls back to the nominated pair when the transport names none, and leaves unknowns undefined', () => {
    const stats = summarizeStats(report(base.filter((e) => e.type !== 'transport')), 0);
    expect(stats.localCandidateType).toBe('srflx');
    expect(summarizeStats(report([]), 0)).toEqual({ sample: { at: 0, bytesIn: 0, bytesOut: 0 } });
  });
});
