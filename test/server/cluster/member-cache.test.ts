// MemberCache (server/cluster/member-cache.ts): a read of Redis replaces a
// room's cached members, except members a message spoke of after the read
// was sent; while settling it adds but removes none; and it says whether the
// names changed (a newcomer without a name is not a change).
import { describe, expect, it } from 'vitest';
import type { StoredMember } from '../../../server/cluster/bus-message.js';
import { MemberCache } from '../../../server/cluster/member-cache.js';

const member = (id: string, username = id.toUpperCase()): StoredMember => ({ id, username, party: '', node: 'node-b' });
const fresh = (...members: StoredMember[]) => new Map(members.map((m) => [m.id, m]));
const ids = (cache: MemberCache) => [...(cache.room('r')?.keys() ?? [])].sort();

describe('MemberCache', () => {
  it('replaces the room by what Redis held, and says when a name came or went', () => {
    const cache = new MemberCache();
    cache.open('r');
    expect(cache.replace('r', fresh(member('a'), member('b')), cache.mark(), false)).toBe(true);
    expect(ids(cache)).toEqual(['a', 'b']);
    expect(cache.replace('r', fresh(member('a')), cache.mark(), false)).toBe(true);
    expect(ids(cache)).toEqual(['a']);
    expect(cache.replace('r', fresh(member('a')), cache.mark(), false)).toBe(false);
    // A newcomer without a name yet is kept but not announced.
    expect(cache.replace('r', fresh(member('a'), member('n', '')), cache.mark(), false)).toBe(false);
    expect(ids(cache)).toEqual(['a', 'n']);
  });

  it('lets a message heard after the read was sent win over the read', () => {
    const cache = new MemberCache();
    cache.open('r');
    cache.heardJoined('r', member('a'));
    const since = cache.mark();
    cache.heardJoined('r', member('late')); // joined after the read ran in Redis
    cache.heardLeft('r', 'a'); // and a left
    expect(cache.replace('r', fresh(member('a')), since, false)).toBe(false);
    expect(ids(cache)).toEqual(['late']);
    // A read sent after those messages is the truth again.
    cache.replace('r', fresh(member('a')), cache.mark(), false);
    expect(ids(cache)).toEqual(['a']);
  });

  it('adds but removes nobody while settling after an outage', () => {
    const cache = new MemberCache();
    cache.open('r');
    cache.replace('r', fresh(member('a')), cache.mark(), false);
    expect(cache.replace('r', fresh(member('b')), cache.mark(), true)).toBe(true);
    expect(ids(cache)).toEqual(['a', 'b']);
  });

  it('ignores a room it does not hold, and forgets one it drops', () => {
    const cache = new MemberCache();
    expect(cache.replace('r', fresh(member('a')), cache.mark(), false)).toBe(false);
    expect(cache.has('r')).toBe(false);
    cache.open('r');
    cache.heardJoined('r', member('a'));
    cache.drop('r');
    expect(cache.get('r', 'a')).toBeUndefined();
  });
});
