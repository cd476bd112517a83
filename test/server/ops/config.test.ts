import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/ops/config.js';

describe('loadConfig', () => {
  it('has documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      stunUrls: [],
      maxFrameBytes: 65536,
      maxTextLength: 4000,
      maxUsernameLength: 64,
      logLevel: 'info',
      iceTransportPolicy: 'all',
    });
  });

  it('turns on cluster mode only with a valid REDIS_URL', () => {
    expect(loadConfig({}).redisUrl).toBeUndefined();
    expect(loadConfig({ REDIS_URL: ' ' }).redisUrl).toBeUndefined();
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
    expect(loadConfig({ REDIS_URL: 'rediss://:secret@redis.example.org:6380/2' }).redisUrl).toBe('rediss://:secret@redis.example.org:6380/2');
  });

  it('parses a STUN list', () => {
    expect(loadConfig({ STUN_URLS: 'stun:a.example.org:3478, stun:[2001:db8::1]:3478,stuns:b.example.org' }).stunUrls).toEqual([
      'stun:a.example.org:3478',
      'stun:[2001:db8::1]:3478',
      'stuns:b.example.org',
    ]);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ STUN_URLS: 'stun.example.org:3478' }, 'STUN_URLS'],
    [{ STUN_URLS: 'turn:example.org' }, 'STUN_URLS'],
    [{ STUN_URLS: 'stun:example.org:99999' }, 'STUN_URLS'],
    [{ HOST: 'local host' }, 'HOST'],
    [{ MAX_TEXT_LENGTH: '0' }, 'MAX_TEXT_LENGTH'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ REDIS_URL: '127.0.0.1:6379' }, 'REDIS_URL'],
    [{ REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
    [{ REDIS_URL: 'redis://' }, 'REDIS_URL'],
    [{ REDIS_URL: 'redis://h:6379/db' }, 'REDIS_URL'],
  ])('refuses %j, naming %s', (env, setting) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).setting).toBe(setting);
    expect((error as ConfigError).message).toMatch(new RegExp(`^${setting}: `));
  });
});

/** Runs the real entry point and collects what it prints before exiting. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, LOG_LEVEL: 'silent', HISTORY_STORE: 'memory', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

// Each test starts a real process through tsx: 1-3 s alone, over vitest's 5 s default on a loaded machine.
describe('start-up', { timeout: 30_000 }, () => {
  it('stops with one line naming a malformed STUN URL', async () => {
    const { code, stderr } = await runMain({ PORT: '0', STUN_URLS: 'stun.l.example.org' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^parley: STUN_URLS: "stun\.l\.example\.org" is not a stun/)]);
  });

  it('stops with one line naming a malformed REDIS_URL', async () => {
    const { code, stderr } = await runMain({ PORT: '0', REDIS_URL: 'localhost:6379' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^parley: REDIS_URL: "localhost:6379" is not a Redis URL/)]);
  });

  it('stops with one line naming PORT when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const { code, stderr } = await runMain({ PORT: String(port) });
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(`parley: PORT: ${port} is already in use on 127.0.0.1`);
    } finally {
      blocker.close();
    }
  });
});
