// randombytes in the browser (client/node-shims/random-bytes.ts): simple-peer
// names its peers and data channels with randombytes(n).toString('hex').
import { describe, expect, it } from 'vitest';
import { 'module.exports' as randomBytes } from '../../../client/node-shims/random-bytes.js';

describe('randomBytes (the browser shim)', () => {
  it('gives a Buffer of the size asked, different each time', () => {
    const first = randomBytes(20);
    expect(first).toHaveLength(20);
    expect(first.toString('hex')).toMatch(/^[0-9a-f]{40}$/);
    expect(randomBytes(20).equals(first)).toBe(false);
    expect(randomBytes(0)).toHaveLength(0);
  });
});
