// Turns an RTCStatsReport into the few numbers the participant list shows:
// the candidate types of the selected pair, round-trip time, bitrate in and
// out, and packet loss. Bitrates need two samples, so each summary carries
// the byte counters the next one subtracts.

/** What the participant list shows for one peer. */
export interface PeerStats {
  /** host, srflx, prflx or relay; undefined until a pair is selected. */
  localCandidateType?: string;
  remoteCandidateType?: string;
  /** Round-trip time of the selected pair, in milliseconds. */
  rttMs?: number;
  /** Received and sent media, in kilobits per second (since the previous sample). */
  bitrateInKbps?: number;
  bitrateOutKbps?: number;
  /** Inbound packets lost, as a percentage of those expected, over the whole call. */
  packetLossPercent?: number;
  /** The same since the previous sample: what the link does now (link-quality.ts). */
  recentLossPercent?: number;
  /** Counters for the next sample's bitrates and recent loss. */
  sample: { at: number; bytesIn: number; bytesOut: number; lost?: number; received?: number };
}

/** A stats entry: RTCStats plus the fields of the subtypes we read. */
type Entry = Record<string, unknown> & { type: string; id: string };

/** The part of RTCStatsReport we read, so tests can pass a Map. */
export interface StatsReportLike {
  forEach(callback: (value: Entry) => void): void;
  get(id: string): Entry | undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function summarizeStats(report: StatsReportLike, at: number, previous?: PeerStats['sample']): PeerStats {
  let pair: Entry | undefined;
  let transportPairId: string | undefined;
  let bytesIn = 0;
  let bytesOut = 0;
  let packetsLost = 0;
  let packetsReceived = 0;
  report.forEach((entry) => {
    if (entry.type === 'transport' && typeof entry.selectedCandidatePairId === 'string') transportPairId = entry.selectedCandidatePairId;
    if (entry.type === 'candidate-pair' && entry.nominated === true && entry.state === 'succeeded') pair ??= entry;
    if (entry.type === 'inbound-rtp') {
      bytesIn += num(entry.bytesReceived) ?? 0;
      packetsLost += num(entry.packetsLost) ?? 0;
      packetsReceived += num(entry.packetsReceived) ?? 0;
    }
    if (entry.type === 'outbound-rtp') bytesOut += num(entry.bytesSent) ?? 0;
  });
  // The transport names the pair in use; the nominated one is the fallback.
  if (transportPairId) pair = report.get(transportPairId) ?? pair;

  const stats: PeerStats = { sample: { at, bytesIn, bytesOut, ...(packetsLost + packetsReceived > 0 ? { lost: packetsLost, received: packetsReceived } : {}) } };
  if (pair) {
    const local = typeof pair.localCandidateId === 'string' ? report.get(pair.localCandidateId) : undefined;
    const remote = typeof pair.remoteCandidateId === 'string' ? report.get(pair.remoteCandidateId) : undefined;
    if (typeof local?.candidateType === 'string') stats.localCandidateType = local.candidateType;
    if (typeof remote?.candidateType === 'string') stats.remoteCandidateType = remote.candidateType;
    const rtt = num(pair.currentRoundTripTime);
    if (rtt !== undefined) stats.rttMs = Math.round(rtt * 1000);
  }
  if (previous && at > previous.at) {
    const seconds = (at - previous.at) / 1000;
    stats.bitrateInKbps = Math.max(0, Math.round(((bytesIn - previous.bytesIn) * 8) / seconds / 1000));
    stats.bitrateOutKbps = Math.max(0, Math.round(((bytesOut - previous.bytesOut) * 8) / seconds / 1000));
  }
  const expected = packetsLost + packetsReceived;
  if (expected > 0) stats.packetLossPercent = lossPercent(packetsLost, expected);
  if (previous?.lost !== undefined && previous.received !== undefined) {
    const lost = packetsLost - previous.lost;
    const recentExpected = lost + packetsReceived - previous.received;
    if (recentExpected > 0) stats.recentLossPercent = lossPercent(lost, recentExpected);
  }
  return stats;
}

function lossPercent(lost: number, expected: number): number {
  return Math.round((Math.max(0, lost) / expected) * 1000) / 10;
}
