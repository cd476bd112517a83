import { describe, expect, it } from 'vitest';
import type { OriginPolicy } from '../../../server/ops/config.js';
import { parseUpgrade } from '../../../server/edge/parse-upgrade.js';

const SAME: OriginPolicy = { kind: 'same-origin' };
const at = (url: string, origin?: string) => ({ url, headers: { host: 'parley.test', ...(origin ? { origin } : {}) } });

describe('parseUpgrade', () => {
  it('reads the room and the query into a join request', () => {
    expect(parseUpgrade(at('/r/standup/ws?session=1&password=pw&resume=tok&seen=12'), SAME)).toEqual({
      ok: true,
      join: { roomId: 'standup', password: 'pw', resumeToken: 'tok', seen: 12, wantsSession: true },
    });
    expect(parseUpgrade(at('/r/standup/ws/'), SAME)).toEqual({
      ok: true,
      join: { roomId: 'standup', password: undefined, resumeToken: undefined, seen: undefined, wantsSession: false },
    });
  });

  it('answers 404 off the room paths', () => {
    for (const url of ['/', '/r/standup', '/r/standup/ws/extra', '/ws', '']) {
      expect(parseUpgrade(at(url), SAME)).toMatchObject({ ok: false, status: 404 });
    }
  });

  it('answers 400 for a room name outside the pattern, logging the cut path but never the query', () => {
    const verdict = parseUpgrade(at(`/r/${'a'.repeat(300)}%ZZ/ws?password=secret`), SAME);
    expect(verdict).toMatchObject({ ok: false, status: 400 });
    if (verdict.ok) throw new Error('unreachable');
    expect(JSON.stringify(verdict.log)).not.toContain('secret');
    expect(verdict.log?.fields.path?.length).toBeLessThanOrEqual(200);
    expect(parseUpgrade(at('/r/-bad/ws'), SAME)).toMatchObject({ ok: false, status: 400 });
    expect(parseUpgrade(at('/r/a%20b/ws'), SAME)).toMatchObject({ ok: false, status: 400 });
  });

  it('answers 403 to an origin the policy does not allow', () => {
    expect(parseUpgrade(at('/r/standup/ws', 'https://evil.example'), SAME)).toMatchObject({ ok: false, status: 403, log: { message: 'origin not allowed' } });
    expect(parseUpgrade(at('/r/standup/ws', 'http://parley.test'), SAME)).toMatchObject({ ok: true });
  });

  it('refuses an over-long password, and reads an unreadable seen count as none', () => {
    expect(parseUpgrade(at(`/r/standup/ws?password=${'p'.repeat(257)}`), SAME)).toMatchObject({ ok: false, status: 400 });
    expect(parseUpgrade(at('/r/standup/ws?resume=t&seen=-1'), SAME)).toMatchObject({ ok: true, join: { seen: undefined } });
    expect(parseUpgrade(at('/r/standup/ws?resume=t&seen=1e3'), SAME)).toMatchObject({ ok: true, join: { seen: undefined } });
  });

  it('keeps only a hash of a well-formed participant key, and refuses a malformed one', () => {
    const key = 'k'.repeat(22);
    const verdict = parseUpgrade(at(`/r/standup/ws?participant=${key}`), SAME);
    if (!verdict.ok) throw new Error('refused a well-formed key');
    expect(verdict.join.party).toMatch(/\S/);
    expect(verdict.join.party).not.toContain(key);
    for (const bad of ['short', 'k'.repeat(129), `${'k'.repeat(22)}%00`, '__proto__'.repeat(3) + '!']) {
      expect(parseUpgrade(at(`/r/standup/ws?participant=${bad}`), SAME)).toMatchObject({ ok: false, status: 400 });
    }
  });
});
