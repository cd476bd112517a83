// ICE settings in the configuration: what a good setting becomes, and the one
// line that stops start-up for each bad value or conflicting combination.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/ops/config.js';

const dir = mkdtempSync(path.join(tmpdir(), 'parley-ice-config-'));
function jsonFile(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** The ConfigError loadConfig throws for `env`, as "SETTING: reason". */
function errorFor(env: Record<string, string>): { setting: string; message: string } {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return { setting: error.setting, message: error.message };
    throw error;
  }
  throw new Error(`no ConfigError for ${JSON.stringify(env)}`);
}

describe('good ICE settings', () => {
  it('defaults to no TURN and policy all', () => {
    const config = loadConfig({});
    expect(config.turn).toBeUndefined();
    expect(config.iceServersFile).toBeUndefined();
    expect(config.iceTransportPolicy).toBe('all');
  });

  it('reads TURN_URLS with TURN_SECRET and TURN_TTL', () => {
    const config = loadConfig({ TURN_URLS: ' turn:10.0.0.1:3478?transport=udp , turns:turn.example.org:443?transport=tcp ', TURN_SECRET: 'k', TURN_TTL: '3600' });
    expect(config.turn).toEqual({
      urls: ['turn:10.0.0.1:3478?transport=udp', 'turns:turn.example.org:443?transport=tcp'],
      auth: { kind: 'secret', secret: 'k', ttlSeconds: 3600 },
    });
  });

  it('defaults TURN_TTL to 86400 seconds', () => {
    expect(loadConfig({ TURN_URLS: 'turn:[::1]:3478', TURN_SECRET: 'k' }).turn?.auth).toEqual({ kind: 'secret', secret: 'k', ttlSeconds: 86400 });
  });

  it('reads static TURN credentials and the relay policy', () => {
    const config = loadConfig({ TURN_URLS: 'turn:t.example.org', TURN_USERNAME: 'u', TURN_CREDENTIAL: 'p', ICE_TRANSPORT_POLICY: 'relay' });
    expect(config.turn?.auth).toEqual({ kind: 'static', username: 'u', credential: 'p' });
    expect(config.iceTransportPolicy).toBe('relay');
  });

  it('reads ICE_SERVERS_FILE as the whole list, allowing relay when it holds a TURN server', () => {
    const list = [{ urls: 'stun:s.example.org' }, { urls: ['turn:t.example.org:3478'], username: 'u', credential: 'p' }];
    const config = loadConfig({ ICE_SERVERS_FILE: jsonFile('good.json', list), ICE_TRANSPORT_POLICY: 'relay' });
    expect(config.iceServersFile).toEqual(list);
    expect(config.turn).toBeUndefined();
    expect(config.iceTransportPolicy).toBe('relay');
  });
});

describe('bad ICE settings stop start-up with one line naming the setting', () => {
  it.each([
    [{ TURN_URLS: 'stun:s.example.org', TURN_SECRET: 'k' }, 'TURN_URLS', /"stun:s.example.org" is not a turn: or turns: URI/],
    [{ TURN_URLS: 'turn:t.example.org:99999', TURN_SECRET: 'k' }, 'TURN_URLS', /port 99999 outside 1..65535/],
    [{ TURN_URLS: 'turns:t.example.org:443?transport=udp', TURN_SECRET: 'k' }, 'TURN_URLS', /turns: runs over TLS on TCP; drop \?transport=udp/],
    [{ TURN_URLS: 'turn:t.example.org?transport=sctp', TURN_SECRET: 'k' }, 'TURN_URLS', /is not a turn: or turns: URI/],
    [{ TURN_URLS: 'turn:t.example.org' }, 'TURN_URLS', /TURN needs credentials: set TURN_SECRET .* or TURN_USERNAME and TURN_CREDENTIAL/],
    [{ TURN_SECRET: 'k' }, 'TURN_URLS', /is empty but TURN_SECRET is set/],
    [{ TURN_USERNAME: 'u', TURN_CREDENTIAL: 'p' }, 'TURN_URLS', /is empty but TURN_USERNAME is set/],
    [{ TURN_URLS: 'turn:t.example.org', TURN_SECRET: 'k', TURN_USERNAME: 'u' }, 'TURN_SECRET', /not both/],
    [{ TURN_URLS: 'turn:t.example.org', TURN_USERNAME: 'u' }, 'TURN_CREDENTIAL', /static TURN credentials need both/],
    [{ TURN_URLS: 'turn:t.example.org', TURN_CREDENTIAL: 'p' }, 'TURN_USERNAME', /static TURN credentials need both/],
    [{ TURN_URLS: 'turn:t.example.org', TURN_SECRET: 'k', TURN_TTL: 'a day' }, 'TURN_TTL', /"a day" is not a whole number/],
    [{ TURN_URLS: 'turn:t.example.org', TURN_SECRET: 'k', TURN_TTL: '10' }, 'TURN_TTL', /10 is outside 60..604800/],
    [{ TURN_URLS: 'turn:t.example.org', TURN_USERNAME: 'u', TURN_CREDENTIAL: 'p', TURN_TTL: '600' }, 'TURN_TTL', /applies only to credentials minted from TURN_SECRET/],
    [{ ICE_TRANSPORT_POLICY: 'none' }, 'ICE_TRANSPORT_POLICY', /"none" is not one of all, relay/],
    [{ ICE_TRANSPORT_POLICY: 'relay', STUN_URLS: 'stun:s.example.org' }, 'ICE_TRANSPORT_POLICY', /relay needs a TURN server/],
  ])('%j is refused for %s', (env, setting, reason) => {
    const error = errorFor(env);
    expect(error.setting).toBe(setting);
    expect(error.message.startsWith(`${setting}: `)).toBe(true);
    expect(error.message).toMatch(reason);
    expect(error.message).not.toContain('\n');
  });

  it('never prints the secret in an error', () => {
    expect(errorFor({ TURN_URLS: 'turn:t.example.org', TURN_SECRET: 'hunter2-secret', TURN_USERNAME: 'u' }).message).not.toContain('hunter2');
  });
});

describe('ICE_SERVERS_FILE errors', () => {
  it('refuses to be combined with the other ICE server settings, naming them', () => {
    const file = jsonFile('ok.json', [{ urls: 'stun:s.example.org' }]);
    const error = errorFor({ ICE_SERVERS_FILE: file, STUN_URLS: 'stun:a.example.org', TURN_SECRET: 'k' });
    expect(error.setting).toBe('ICE_SERVERS_FILE');
    expect(error.message).toMatch(/unset STUN_URLS, TURN_SECRET or unset ICE_SERVERS_FILE/);
  });

  it.each([
    ['a missing file', path.join(dir, 'nope.json'), /cannot read .*nope\.json \(ENOENT\)/],
    ['a file that is not JSON', jsonFile('broken.json', '[{urls: stun}]'), /broken\.json is not valid JSON/],
    ['an object instead of a list', jsonFile('object.json', { iceServers: [] }), /object\.json is not a list of \{urls, username\?, credential\?\}/],
    ['an entry without urls', jsonFile('no-urls.json', [{ url: 'stun:s.example.org' }]), /is not a list of .*\/0\/urls/],
    ['an empty list', jsonFile('empty.json', []), /holds an empty list/],
    [
      'a bad URI',
      jsonFile('bad-uri.json', [{ urls: ['stun:ok.example.org'] }, { urls: 'http://x' }]),
      /entry 1: "http:\/\/x" is not a stun: or stuns: or turn: or turns: URI/,
    ],
    ['a TURN entry without credentials', jsonFile('no-cred.json', [{ urls: 'turn:t.example.org' }]), /entry 0: turn:t.example.org needs a username and a credential/],
    ['an entry with empty urls', jsonFile('empty-urls.json', [{ urls: [] }]), /entry 0: urls is empty/],
  ])('refuses %s', (_what, file, reason) => {
    const error = errorFor({ ICE_SERVERS_FILE: file });
    expect(error.setting).toBe('ICE_SERVERS_FILE');
    expect(error.message).toMatch(reason);
    expect(error.message).not.toContain('\n');
  });

  it('refuses the relay policy when the file holds no TURN server', () => {
    const error = errorFor({ ICE_SERVERS_FILE: jsonFile('stun-only.json', [{ urls: 'stun:s.example.org' }]), ICE_TRANSPORT_POLICY: 'relay' });
    expect(error.setting).toBe('ICE_TRANSPORT_POLICY');
  });
});
