// Rates the connection to one peer as good, fair or poor from the stats the
// page already gathers (peer-stats.ts), with the reason in words for the
// tile's tooltip. The thresholds are those at which a call visibly suffers:
// above ~3% loss video freezes and speech clips, above ~10% it breaks up;
// a round trip over 300 ms makes people talk over each other.
import type { PeerStats } from './peer-stats.js';

export type LinkLevel = 'good' | 'fair' | 'poor';

export interface LinkQuality {
  level: LinkLevel;
  /** Why, in words: "Good connection", "12% of packets lost", "Round trip 450 ms". */
  reason: string;
}

const FAIR_LOSS_PERCENT = 3;
const POOR_LOSS_PERCENT = 10;
const FAIR_RTT_MS = 300;
const POOR_RTT_MS = 700;

export function rateLink(stats: PeerStats): LinkQuality {
  const loss = stats.recentLossPercent ?? stats.packetLossPercent ?? 0;
  const rtt = stats.rttMs ?? 0;
  const reasons: string[] = [];
  let level: LinkLevel = 'good';
  const worsen = (to: LinkLevel) => {
    if (to === 'poor' || level === 'good') level = to;
  };
  if (loss >= FAIR_LOSS_PERCENT) {
    worsen(loss >= POOR_LOSS_PERCENT ? 'poor' : 'fair');
    reasons.push(`${loss}% of packets lost`);
  }
  if (rtt >= FAIR_RTT_MS) {
    worsen(rtt >= POOR_RTT_MS ? 'poor' : 'fair');
    reasons.push(`round trip ${rtt} ms`);
  }
  if (stats.bitrateInKbps === 0 && stats.sample.bytesIn > 0) {
    worsen('poor');
    reasons.push('nothing received in the last seconds');
  }
  const words = { good: 'Good connection', fair: 'Fair connection', poor: 'Poor connection' }[level];
  return { level, reason: reasons.length === 0 ? words : `${words}: ${reasons.join(', ')}` };
}
