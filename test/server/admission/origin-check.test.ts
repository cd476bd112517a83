import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/ops/config.js';
import { isOriginAllowed } from '../../../server/admission/origin-check.js';

const sameOrigin = loadConfig({}).allowedOrigins;

describe('isOriginAllowed', () => {
  it('by default allows only the origin whose host is the request Host, whatever the scheme', () => {
    expect(isOriginAllowed(sameOrigin, 'http://localhost:8080', 'localhost:8080')).toBe(true);
    expect(isOriginAllowed(sameOrigin, 'https://parley.example', 'parley.example')).toBe(true);
    expect(isOriginAllowed(sameOrigin, 'https://Parley.Example', 'parley.example')).toBe(true);
    expect(isOriginAllowed(sameOrigin, 'http://evil.example', 'localhost:8080')).toBe(false);
    expect(isOriginAllowed(sameOrigin, 'http://localhost:9999', 'localhost:8080')).toBe(false);
    expect(isOriginAllowed(sameOrigin, 'null', 'localhost:8080')).toBe(false);
    expect(isOriginAllowed(sameOrigin, 'file://', 'localhost:8080')).toBe(false);
    expect(isOriginAllowed(sameOrigin, 'http://localhost:8080', undefined)).toBe(false);
  });

  it('lets clients that send no Origin (not browsers) through', () => {
    expect(isOriginAllowed(sameOrigin, undefined, 'localhost:8080')).toBe(true);
  });

  it('with a list, allows exactly the listed origins', () => {
    const policy = loadConfig({ ALLOWED_ORIGINS: 'https://a.example, http://localhost:5173' }).allowedOrigins;
    expect(isOriginAllowed(policy, 'https://a.example', 'server.internal')).toBe(true);
    expect(isOriginAllowed(policy, 'http://localhost:5173', 'localhost:8080')).toBe(true);
    expect(isOriginAllowed(policy, 'http://a.example', 'a.example')).toBe(false);
  });

  it('with *, allows any origin', () => {
    expect(isOriginAllowed(loadConfig({ ALLOWED_ORIGINS: '*' }).allowedOrigins, 'http://anything.example', 'x')).toBe(true);
  });

  it('refuses a malformed origin in ALLOWED_ORIGINS at start-up, naming the setting', () => {
    for (const bad of ['a.example', 'https://a.example/path', 'ftp://a.example']) {
      expect(() => loadConfig({ ALLOWED_ORIGINS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ ALLOWED_ORIGINS: bad })).toThrow(/^ALLOWED_ORIGINS: /);
    }
  });
});
