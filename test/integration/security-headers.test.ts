// The pages' security headers, as a browser would receive them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/server.js';
import { startTestServer } from '../helpers/test-server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({});
});
afterAll(() => server.close());

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('security headers', () => {
  it('serve the room page under a CSP that allows our own scripts, styles, sockets and blob media only', async () => {
    const response = await fetch(`${server.url}/r/some-room`);
    expect(response.status).toBe(200);
    const csp = directives(response.headers.get('content-security-policy') ?? '');
    expect(Object.fromEntries(csp)).toEqual({
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'connect-src': ["'self'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'media-src': ["'self'", 'blob:'],
      'font-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
      'form-action': ["'self'"],
    });
    const all = [...csp.values()].flat();
    expect(all).not.toContain("'unsafe-eval'");
    expect(all).not.toContain("'unsafe-inline'");
    expect(all).not.toContain('*');
  });

  it('forbid framing, sniffing and referrers, and keep camera and microphone to this origin', async () => {
    const response = await fetch(`${server.url}/r/some-room`);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('permissions-policy')).toBe('camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('apply to every response, static files and health alike', async () => {
    for (const path of ['/', '/healthz', '/metrics']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.headers.get('content-security-policy'), path).toContain("script-src 'self'");
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
    // Express's own 404 page narrows the policy further, to nothing at all.
    const missing = await fetch(`${server.url}/no-such-file.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(missing.headers.get('x-frame-options')).toBe('DENY');
  });
});
