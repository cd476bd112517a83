import { describe, expect, it } from 'vitest';
import { rateLink } from '../../../client/peers/link-quality.js';
import type { PeerStats } from '../../../client/peers/peer-stats.js';

const sample = { at: 0, bytesIn: 1000, bytesOut: 1000 };
const stats = (extra: Partial<PeerStats>): PeerStats => ({ sample, bitrateInKbps: 500, ...extra });

describe('rateLink', () => {
  it('calls a clean, quick link good', () => {
    expect(rateLink(stats({ rttMs: 20, recentLossPercent: 0 }))).toEqual({ level: 'good', reason: 'Good connection' });
  });

  it('rates by the recent loss when known, else the loss over the call', () => {
    expect(rateLink(stats({ recentLossPercent: 4, packetLossPercent: 0 }))).toEqual({ level: 'fair', reason: 'Fair connection: 4% of packets lost' });
    expect(rateLink(stats({ recentLossPercent: 0, packetLossPercent: 20 })).level).toBe('good');
    expect(rateLink(stats({ packetLossPercent: 12 }))).toEqual({ level: 'poor', reason: 'Poor connection: 12% of packets lost' });
  });

  it('names every reason, and the worst one sets the level', () => {
    expect(rateLink(stats({ rttMs: 800, recentLossPercent: 5 }))).toEqual({ level: 'poor', reason: 'Poor connection: 5% of packets lost, round trip 800 ms' });
    expect(rateLink(stats({ rttMs: 350 }))).toEqual({ level: 'fair', reason: 'Fair connection: round trip 350 ms' });
  });

  it('calls a link that carried media and now carries none poor', () => {
    expect(rateLink(stats({ bitrateInKbps: 0 }))).toEqual({ level: 'poor', reason: 'Poor connection: nothing received in the last seconds' });
    // Before anything arrived there is nothing to judge by.
    expect(rateLink({ sample: { at: 0, bytesIn: 0, bytesOut: 0 }, bitrateInKbps: 0 }).level).toBe('good');
  });
});
