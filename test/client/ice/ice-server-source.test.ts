// IceServerSource: fetching, caching, refreshing before TURN credentials
// expire (under fake timers), and the user's own list for the session. The
// served lists come from the real server-side IceServerProvider, so the
// username format the client parses is the one the server mints.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IceServerListError, IceServerSource, OVERRIDE_STORAGE_KEY, turnExpiry, type SessionStore } from '../../../client/ice/ice-server-source.js';
import type { IceConfig } from '../../../shared/protocol.js';
import { loadConfig } from '../../../server/ops/config.js';
import { IceServerProvider } from '../../../server/ice/ice-servers.js';

const T0 = Date.UTC(2023, 10, 14, 22, 13, 20); // 1700000000 s

function memoryStore(): SessionStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

/** A fetchConfig backed by the server's provider, counting its calls. */
function servedBy(env: Record<string, string>) {
  const provider = new IceServerProvider(loadConfig(env));
  const fetchConfig = vi.fn(async (): Promise<IceConfig> => provider.configFor('me'));
  return fetchConfig;
}

const TURN_ENV = { STUN_URLS: 'stun:stun.example.org', TURN_URLS: 'turn:turn.example.org:3478', TURN_SECRET: 's', TURN_TTL: '600' };
const OWN_LIST = [{ urls: 'turn:mine.example.org:3478', username: 'me', credential: 'pw' }];

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('turnExpiry', () => {
  it('reads the earliest "<unix seconds>:" prefix among the usernames, in ms', () => {
    expect(
      turnExpiry([{ urls: 'stun:a' }, { urls: 'turn:b', username: '1700000600:x', credential: 'c' }, { urls: 'turn:c', username: '1700000300:y', credential: 'c' }]),
    ).toBe(1_700_000_300_000);
  });

  it('is undefined for STUN only and for static usernames', () => {
    expect(
      turnExpiry([{ urls: 'stun:a' }, { urls: 'turn:b', username: 'parley', credential: 'c' }, { urls: 'turn:c', username: '12:short', credential: 'c' }]),
    ).toBeUndefined();
  });
});

describe('IceServerSource fetching', () => {
  it('fetches, caches and announces the served configuration', async () => {
    const fetchConfig = servedBy(TURN_ENV);
    const source = new IceServerSource({ fetchConfig });
    const changes: unknown[] = [];
    source.on('change', (e) => changes.push(e));
    try {
      expect(source.current).toBeUndefined();
      const config = await source.refresh();
      expect(config.iceServers[1]!.username).toBe('1700000600:me');
      expect(source.current).toEqual(config);
      expect(changes).toEqual([{ config, isOverridden: false, reason: 'fetched' }]);
    } finally {
      source.dispose();
    }
  });

  it('shares one request between concurrent callers', async () => {
    const fetchConfig = servedBy(TURN_ENV);
    const source = new IceServerSource({ fetchConfig });
    try {
      await Promise.all([source.refresh(), source.refresh(), source.forNewPeer()]);
      expect(fetchConfig).toHaveBeenCalledTimes(1);
    } finally {
      source.dispose();
    }
  });

  it('fetches a fresh configuration for every new peer', async () => {
    const fetchConfig = servedBy(TURN_ENV);
    const source = new IceServerSource({ fetchConfig });
    try {
      const first = await source.forNewPeer();
      vi.setSystemTime(T0 + 30_000);
      const second = await source.forNewPeer();
      expect(fetchConfig).toHaveBeenCalledTimes(2);
      expect(second.iceServers[1]!.username).toBe('1700000630:me');
      expect(first.iceServers[1]!.username).toBe('1700000600:me');
    } finally {
      source.dispose();
    }
  });

  it('hands a new peer the list in hand, without a fetch, when it has no expiring credentials', async () => {
    const envs: Record<string, string>[] = [
      { STUN_URLS: 'stun:stun.example.org' },
      { TURN_URLS: 'turn:turn.example.org:3478', TURN_USERNAME: 'u', TURN_CREDENTIAL: 'c' },
      {},
    ];
    for (const env of envs) {
      const fetchConfig = servedBy(env);
      const source = new IceServerSource({ fetchConfig });
      try {
        const served = await source.refresh();
        expect(await source.forNewPeer()).toEqual(served);
        expect(await source.forNewPeer()).toEqual(served);
        expect(fetchConfig, JSON.stringify(env)).toHaveBeenCalledTimes(1);
      } finally {
        source.dispose();
      }
    }
  });

  it('gives a new peer the cached configuration when a fetch fails before expiry, and says so', async () => {
    const fetchConfig = servedBy(TURN_ENV);
    const source = new IceServerSource({ fetchConfig });
    const errors: unknown[] = [];
    source.on('error', (e) => errors.push(e));
    try {
      const cached = await source.refresh();
      fetchConfig.mockRejectedValueOnce(new Error('socket closed'));
      expect(await source.forNewPeer()).toEqual(cached);
      expect(errors).toEqual([{ code: 'fetch-failed', reason: 'Error: socket closed' }]);
    } finally {
      source.dispose();
    }
  });

  it('does not hand out expired credentials when the fetch fails', async () => {
    const fetchConfig = servedBy(TURN_ENV);
    const source = new IceServerSource({ fetchConfig });
    try {
      await source.refresh();
      source.dispose(); // no timed refresh: we want the cache to go stale
      vi.setSystemTime(T0 + 601_000);
      fetchConfig.mockRejectedValueOnce(new Error('offline'));
      await expect(source.forNewPeer()).rejects.toThrow('offline');
    } finally {
      source.dispose();
    }
  });
});

describe('IceServerSource refreshing before expiry', () => {
  it('refetches one minute before a 600 s credential expires, and again for the next one', async () => {
    const fetchConfig = servedBy(TURN_ENV);
    const source = new IceServerSource({ fetchConfig });
    const usernames: string[] = [];
    const reasons: string[] = [];
    source.on('change', ({ config, reason }) => (usernames.push(config.iceServers[1]!.username!), reasons.push(reason)));
    try {
      await source.refresh();
      await vi.advanceTimersByTimeAsync(539_999);
      expect(fetchConfig).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(fetchConfig).toHaveBeenCalledTimes(2);
      await vi.advanceTimersByTimeAsync(540_000);
      expect(fetchConfig).toHaveBeenCalledTimes(3);
      expect(usernames).toEqual(['1700000600:me', '1700001140:me', '1700001680:me']);
      // Live connections restart ICE for the timed refreshes only.
      expect(reasons).toEqual(['fetched', 'expiring', 'expiring']);
    } finally {
      source.dispose();
    }
  });

  it('refreshes at half the lifetime when the TTL is shorter than twice the margin', async () => {
    const fetchConfig = servedBy({ ...TURN_ENV, TURN_TTL: '60' });
    const source = new IceServerSource({ fetchConfig });
    try {
      await source.refresh();
      await vi.advanceTimersByTimeAsync(29_999);
      expect(fetchConfig).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(fetchConfig).toHaveBeenCalledTimes(2);
    } finally {
      source.dispose();
    }
  });

  it('retries a failed timed refresh after retryDelayMs, reporting the failure', async () => {
    const fetchConfig = servedBy(TURN_ENV);
    const source = new IceServerSource({ fetchConfig, retryDelayMs: 5000 });
    const errors: unknown[] = [];
    source.on('error', (e) => errors.push(e));
    try {
      await source.refresh();
      fetchConfig.mockRejectedValueOnce(new Error('down'));
      await vi.advanceTimersByTimeAsync(540_000);
      expect(errors).toEqual([{ code: 'fetch-failed', reason: 'Error: down' }]);
      await vi.advanceTimersByTimeAsync(5000);
      expect(fetchConfig).toHaveBeenCalledTimes(3);
      expect(source.current!.iceServers[1]!.username).toBe('1700001145:me');
    } finally {
      source.dispose();
    }
  });

  it('sets no timer for lists without expiring credentials, and none after dispose', async () => {
    const source = new IceServerSource({ fetchConfig: servedBy({ STUN_URLS: 'stun:s.example.org' }) });
    await source.refresh();
    expect(vi.getTimerCount()).toBe(0);
    source.dispose();
    const withTurn = new IceServerSource({ fetchConfig: servedBy(TURN_ENV) });
    await withTurn.refresh();
    expect(vi.getTimerCount()).toBe(1);
    withTurn.dispose();
    expect(vi.getTimerCount()).toBe(0); // guards against a refresh loop outliving the page's use of it
  });
});

describe("the user's own list", () => {
  it('replaces the served servers, keeps the served policy, persists, and announces the change', async () => {
    const store = memoryStore();
    const source = new IceServerSource({ fetchConfig: servedBy({ ...TURN_ENV, ICE_TRANSPORT_POLICY: 'relay' }), storage: store });
    const changes: { isOverridden: boolean; reason: string }[] = [];
    source.on('change', (e) => changes.push(e));
    try {
      await source.refresh();
      source.setOverride(OWN_LIST);
      expect(source.current).toEqual({ iceServers: OWN_LIST, iceTransportPolicy: 'relay' });
      expect(JSON.parse(store.data.get(OVERRIDE_STORAGE_KEY)!)).toEqual(OWN_LIST);
      expect(changes.map((c) => [c.isOverridden, c.reason])).toEqual([
        [false, 'fetched'],
        [true, 'override'],
      ]);
      // Fresh served credentials do not disturb the user's list.
      await source.refresh();
      expect(changes).toHaveLength(2);
      source.clearOverride();
      expect(source.current!.iceServers[1]!.username).toBe('1700000600:me');
      expect(store.data.has(OVERRIDE_STORAGE_KEY)).toBe(false);
      expect(changes.map((c) => c.isOverridden)).toEqual([false, true, false]);
    } finally {
      source.dispose();
    }
  });

  it('survives a reload within the session', () => {
    const store = memoryStore();
    new IceServerSource({ fetchConfig: servedBy({}), storage: store }).setOverride(OWN_LIST);
    const reloaded = new IceServerSource({ fetchConfig: servedBy({}), storage: store });
    expect(reloaded.isOverridden).toBe(true);
    expect(reloaded.current).toEqual({ iceServers: OWN_LIST, iceTransportPolicy: 'all' });
  });

  it('drops a damaged stored list instead of failing', () => {
    const store = memoryStore();
    store.setItem(OVERRIDE_STORAGE_KEY, '[{"urls": "http://nope"}]');
    const source = new IceServerSource({ fetchConfig: servedBy({}), storage: store });
    expect(source.isOverridden).toBe(false);
    expect(store.data.has(OVERRIDE_STORAGE_KEY)).toBe(false);
  });

  it.each([
    [[], /empty/],
    [[{ urls: 'turn:t.example.org' }], /entry 0: turn:t.example.org needs a username and a credential/],
    [[{ urls: 'stun:ok.example.org' }, { urls: 'turns:t.example.org:443?transport=udp', username: 'u', credential: 'c' }], /entry 1: .*drop \?transport=udp/],
    [[{ url: 'stun:old-style.example.org' }], /not a list of ICE servers/],
  ])('refuses %j with a coded error and keeps the previous list', (list, reason) => {
    const store = memoryStore();
    const source = new IceServerSource({ fetchConfig: servedBy({}), storage: store });
    source.setOverride(OWN_LIST);
    let error: unknown;
    try {
      source.setOverride(list as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IceServerListError);
    expect((error as IceServerListError).code).toBe('bad-ice-servers');
    expect((error as Error).message).toMatch(reason);
    expect(source.current!.iceServers).toEqual(OWN_LIST);
  });
});
