import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../../server/admission/client-address.js';
import { normalizeAddress } from '../../../server/admission/normalize-address.js';
import { TrustedProxies } from '../../../server/admission/trusted-proxies.js';

const proxies = TrustedProxies.parse('10.0.0.1, 10.0.0.2');

describe('clientAddress', () => {
  it('is the TCP peer when no proxy is trusted, whatever the header says', () => {
    expect(clientAddress('192.0.2.7', '198.51.100.1', TrustedProxies.none)).toBe('192.0.2.7');
  });

  it('is the TCP peer when the peer is not a trusted proxy', () => {
    expect(clientAddress('192.0.2.7', '198.51.100.1', proxies)).toBe('192.0.2.7');
  });

  it('is the rightmost untrusted hop behind trusted proxies; entries the client wrote are ignored', () => {
    expect(clientAddress('10.0.0.1', '203.0.113.9, 198.51.100.1', proxies)).toBe('198.51.100.1');
    expect(clientAddress('10.0.0.1', '203.0.113.9, 198.51.100.1, 10.0.0.2', proxies)).toBe('198.51.100.1');
    expect(clientAddress('10.0.0.1', ['203.0.113.9', '198.51.100.1'], proxies)).toBe('198.51.100.1');
  });

  it('stops at a malformed entry, keeping the last hop it could trust', () => {
    expect(clientAddress('10.0.0.1', 'garbage', proxies)).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', '198.51.100.1, nonsense, 10.0.0.2', proxies)).toBe('10.0.0.2');
  });

  it('is the trusted proxy itself when it forwarded nothing', () => {
    expect(clientAddress('10.0.0.1', undefined, proxies)).toBe('10.0.0.1');
  });

  it('spells an IPv4 peer on a dual-stack socket as plain IPv4', () => {
    expect(normalizeAddress('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(clientAddress('::ffff:10.0.0.1', '198.51.100.1', proxies)).toBe('198.51.100.1');
    expect(clientAddress(undefined, undefined, proxies)).toBe('unknown');
  });

  it('walks through proxies given as a range', () => {
    const pool = TrustedProxies.parse('10.0.0.0/24');
    expect(clientAddress('10.0.0.9', '203.0.113.9, 198.51.100.1, 10.0.0.200', pool)).toBe('198.51.100.1');
  });
});
