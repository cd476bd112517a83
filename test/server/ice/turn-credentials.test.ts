// TURN REST API credentials. The expected credentials were computed once,
// outside this code, with
//   printf '%s' "$username" | openssl dgst -sha1 -hmac "$secret" -binary | base64
// so a wrong HMAC, key/message swap or encoding would fail here.
import { describe, expect, it } from 'vitest';
import { mintTurnCredential, turnCredentialFor } from '../../../server/ice/turn-credentials.js';

describe('turnCredentialFor', () => {
  it.each([
    ['north-wind-secret', '1700003600:3f2504e0-4f89-11d3-9a0c-0305e82c3301', 'IKljgYHw7NJu9UVx9W2n34CpLYQ='],
    ['north-wind-secret', '1893456000:client-7', 'FrjMysC+uIpCi58Sr4iIeDOL1As='],
    ['s3cret', '1700086400:abc', 'hOJdGRX07CcHCaq8lWKdASkxmRU='],
  ])('matches openssl for secret %s and username %s', (secret, username, expected) => {
    expect(turnCredentialFor(secret, username)).toBe(expected);
  });
});

describe('mintTurnCredential', () => {
  it('names the expiry in unix seconds and the client id in the username', () => {
    const minted = mintTurnCredential('north-wind-secret', '3f2504e0-4f89-11d3-9a0c-0305e82c3301', 3600, 1_700_000_000_000);
    expect(minted).toEqual({
      username: '1700003600:3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      credential: 'IKljgYHw7NJu9UVx9W2n34CpLYQ=',
      expiresAt: 1_700_003_600_000,
    });
  });

  it('rounds the current time down to whole seconds before adding the TTL', () => {
    // 999 ms past the second must not push the expiry a second later.
    expect(mintTurnCredential('s3cret', 'abc', 86400, 1_700_000_000_999).username).toBe('1700086400:abc');
    expect(mintTurnCredential('s3cret', 'abc', 86400, 1_700_000_000_999).credential).toBe('hOJdGRX07CcHCaq8lWKdASkxmRU=');
  });

  it('refuses a client id with a colon, which would make the expiry ambiguous', () => {
    expect(() => mintTurnCredential('s', 'a:b', 60, 0)).toThrow(TypeError);
  });
});
