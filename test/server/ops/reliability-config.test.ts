import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/ops/config.js';

describe('reliability settings', () => {
  it('have documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      maxRoomSize: 8,
      maxConnectionsPerIp: 32,
      rateLimitPerSecond: 20,
      rateLimitBurst: 256,
      floodTolerance: 100,
      heartbeatIntervalMs: 10_000,
      maxBufferedBytes: 1_048_576,
      allowedOrigins: { kind: 'same-origin' },
      resumeGraceMs: 20_000,
      shutdownTimeoutMs: 5000,
    });
    expect(config.trustedProxies.isEmpty).toBe(true);
  });

  it('derive the default burst from the room size, unless it is set', () => {
    expect(loadConfig({ MAX_ROOM_SIZE: '4' }).rateLimitBurst).toBe(128);
    expect(loadConfig({ MAX_ROOM_SIZE: '4', RATE_LIMIT_BURST: '1000' }).rateLimitBurst).toBe(1000);
  });

  it('stop start-up with one line naming a bad one', () => {
    const cases: Record<string, string> = {
      MAX_ROOM_SIZE: '0',
      MAX_CONNECTIONS_PER_IP: 'many',
      TRUSTED_PROXIES: '10.0.0.0/33',
      RATE_LIMIT_PER_SECOND: '0',
      RATE_LIMIT_BURST: '-5',
      FLOOD_TOLERANCE: '1.5',
      HEARTBEAT_INTERVAL_MS: '10',
      MAX_BUFFERED_BYTES: '100',
      RESUME_GRACE_MS: '99999999',
      SHUTDOWN_TIMEOUT_MS: '0',
    };
    for (const [name, value] of Object.entries(cases)) {
      let error: unknown;
      try {
        loadConfig({ [name]: value });
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(new RegExp(`^${name}: `));
      expect((error as ConfigError).message).not.toContain('\n');
    }
  });
});
