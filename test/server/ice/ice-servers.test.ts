// IceServerProvider: what `ice-servers` and `ice-config` carry for each
// configuration, with time under fake timers so expiry arithmetic is exact.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../server/ops/config.js';
import { IceServerProvider } from '../../../server/ice/ice-servers.js';
import { turnCredentialFor } from '../../../server/ice/turn-credentials.js';

const SECRET = 'north-wind-secret';

function provider(env: Record<string, string>): IceServerProvider {
  return new IceServerProvider(loadConfig(env));
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2023-11-14T22:13:20.000Z')); // 1700000000 s
});
afterEach(() => {
  vi.useRealTimers();
});

describe('IceServerProvider with TURN_SECRET', () => {
  const env = {
    STUN_URLS: 'stun:stun.example.org',
    TURN_URLS: 'turn:turn.example.org:3478?transport=udp,turns:turn.example.org:443',
    TURN_SECRET: SECRET,
    TURN_TTL: '600',
  };

  it('lists STUN, then TURN with a credential minted for the client, valid for TURN_TTL', () => {
    expect(provider(env).serversFor('client-1')).toEqual([
      { urls: ['stun:stun.example.org'] },
      {
        urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:443'],
        username: '1700000600:client-1',
        credential: turnCredentialFor(SECRET, '1700000600:client-1'),
      },
    ]);
  });

  it('mints per request: an hour later the expiry moves an hour on', () => {
    const ice = provider(env);
    const first = ice.serversFor('client-1')[1]!;
    vi.advanceTimersByTime(3_600_000);
    const second = ice.serversFor('client-1')[1]!;
    expect(first.username).toBe('1700000600:client-1');
    expect(second.username).toBe('1700004200:client-1');
    expect(second.credential).not.toBe(first.credential);
  });

  it('mints per client: two clients never share a username', () => {
    const ice = provider(env);
    expect(ice.serversFor('a')[1]!.username).toBe('1700000600:a');
    expect(ice.serversFor('b')[1]!.username).toBe('1700000600:b');
  });

  it('defaults TURN_TTL to a day', () => {
    const { TURN_TTL: _ttl, ...withoutTtl } = env;
    expect(provider(withoutTtl).serversFor('c')[1]!.username).toBe(`${1_700_000_000 + 86_400}:c`);
  });

  it('never puts the secret in what it hands out', () => {
    const ice = provider(env);
    expect(JSON.stringify(ice.configFor('client-1'))).not.toContain(SECRET);
  });
});

describe('IceServerProvider without a secret', () => {
  it('hands out the static TURN pair as configured', () => {
    const ice = provider({ TURN_URLS: 'turn:t.example.org', TURN_USERNAME: 'parley', TURN_CREDENTIAL: 'pw' });
    expect(ice.serversFor('x')).toEqual([{ urls: ['turn:t.example.org'], username: 'parley', credential: 'pw' }]);
  });

  it('hands out STUN only, or nothing, when no TURN is configured', () => {
    expect(provider({ STUN_URLS: 'stun:a.example.org,stun:b.example.org' }).serversFor('x')).toEqual([{ urls: ['stun:a.example.org', 'stun:b.example.org'] }]);
    expect(provider({}).serversFor('x')).toEqual([]);
  });

  it('returns copies, so a caller cannot change what the next client gets', () => {
    const ice = provider({ STUN_URLS: 'stun:a.example.org' });
    const first = ice.serversFor('x');
    (first[0]!.urls as string[]).push('stun:evil.example.org');
    expect(ice.serversFor('y')).toEqual([{ urls: ['stun:a.example.org'] }]);
  });
});

describe('IceServerProvider.configFor', () => {
  it('carries the transport policy beside the servers', () => {
    const ice = provider({ TURN_URLS: 'turn:t.example.org', TURN_SECRET: SECRET, ICE_TRANSPORT_POLICY: 'relay' });
    const config = ice.configFor('z');
    expect(config.iceTransportPolicy).toBe('relay');
    expect(config.iceServers).toEqual([{ urls: ['turn:t.example.org'], username: '1700086400:z', credential: turnCredentialFor(SECRET, '1700086400:z') }]);
  });
});
