// The history settings: documented defaults, and a bad value stops start-up naming it.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/ops/config.js';

describe('history settings', () => {
  it('has documented defaults', () => {
    expect(loadConfig({}).history).toEqual({
      backend: 'sqlite',
      databasePath: './data/parley.db',
      synchronous: 'NORMAL',
      maxPerRoom: 10_000,
      retentionDays: 30,
      apiRequestsPerMinute: 60,
    });
  });

  it('reads each setting', () => {
    const history = loadConfig({
      HISTORY_STORE: 'memory',
      DATABASE_PATH: ':memory:',
      HISTORY_SYNCHRONOUS: 'full',
      HISTORY_MAX_PER_ROOM: '50',
      HISTORY_RETENTION_DAYS: '7',
      HISTORY_API_RATE_LIMIT: '5',
    }).history;
    expect(history).toEqual({ backend: 'memory', databasePath: ':memory:', synchronous: 'FULL', maxPerRoom: 50, retentionDays: 7, apiRequestsPerMinute: 5 });
  });

  it('keeps history in Redis when REDIS_URL is set, unless HISTORY_STORE says otherwise', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).history).toMatchObject({ backend: 'redis', redisUrl: 'redis://127.0.0.1:6379' });
    expect(loadConfig({ REDIS_URL: 'rediss://cache.example.org:6380/2', HISTORY_STORE: 'sqlite' }).history.backend).toBe('sqlite');
    expect(loadConfig({ REDIS_URL: 'redis://10.0.0.5', HISTORY_STORE: 'REDIS' }).history.backend).toBe('redis');
  });

  it.each([
    ['HISTORY_STORE', 'redis'],
    ['REDIS_URL', 'localhost:6379'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['HISTORY_SYNCHRONOUS', 'OFF'],
    ['HISTORY_MAX_PER_ROOM', '0'],
    ['HISTORY_RETENTION_DAYS', 'a month'],
    ['HISTORY_API_RATE_LIMIT', '-1'],
  ])('refuses %s=%s, naming it', (setting, value) => {
    let error: unknown;
    try {
      loadConfig({ [setting]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error instanceof ConfigError && error.setting).toBe(setting);
  });
});
