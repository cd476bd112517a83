import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/ops/config.js';
import { TrustedProxies, TrustedProxyEntryError } from '../../../server/admission/trusted-proxies.js';

describe('TrustedProxies', () => {
  it('trusts nothing when empty', () => {
    const none = TrustedProxies.parse(' ');
    expect(none.isEmpty).toBe(true);
    expect(none.has('127.0.0.1')).toBe(false);
  });

  it('trusts single addresses, IPv4 and IPv6, and nothing next to them', () => {
    const list = TrustedProxies.parse('10.0.0.1, ::1');
    expect(list.has('10.0.0.1')).toBe(true);
    expect(list.has('::1')).toBe(true);
    expect(list.has('10.0.0.2')).toBe(false);
    expect(list.has('::2')).toBe(false);
  });

  it('trusts every address in a CIDR range, and none outside it', () => {
    const list = TrustedProxies.parse('172.16.0.0/12, fd00::/8');
    expect(list.has('172.16.0.1')).toBe(true);
    expect(list.has('172.31.255.254')).toBe(true);
    expect(list.has('172.32.0.1')).toBe(false);
    expect(list.has('fd12:3456::1')).toBe(true);
    expect(list.has('fe80::1')).toBe(false);
    // An IPv4 address on a dual-stack socket is the same address; other IPv6 ones are not in an IPv4 range.
    expect(list.has('::ffff:172.16.0.1')).toBe(true);
    expect(TrustedProxies.parse('0.0.0.0/0').has('::1')).toBe(false);
  });

  it('is not fooled by something that is not an address', () => {
    expect(TrustedProxies.parse('10.0.0.0/8').has('unknown')).toBe(false);
  });

  it('names the entry it cannot read', () => {
    for (const bad of ['10.0.0.0/33', 'fd00::/129', '10.0.0.0/', '10.0.0.0/8/8', 'proxy.local', '10.0.0.0/-1', '/8']) {
      expect(() => TrustedProxies.parse(`127.0.0.1, ${bad}`), bad).toThrow(TrustedProxyEntryError);
      expect(() => TrustedProxies.parse(`127.0.0.1, ${bad}`), bad).toThrow(`"${bad}"`);
    }
  });

  it('comes from TRUSTED_PROXIES, normalized, and a bad entry stops start-up naming the setting', () => {
    expect(loadConfig({ TRUSTED_PROXIES: ' 127.0.0.1, ::FFFF:10.0.0.1 ,::1, 10.0.0.0/8, FD00::/8' }).trustedProxies.entries).toEqual([
      '127.0.0.1',
      '10.0.0.1',
      '::1',
      '10.0.0.0/8',
      'fd00::/8',
    ]);
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/40' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUSTED_PROXIES: '10.0.0.0/40' })).toThrow(/^TRUSTED_PROXIES: "10.0.0.0\/40" is not a CIDR range/);
  });
});
