// Security headers for every HTTP response, set by helmet (the maintained
// standard for Express; its defaults track browser changes better than a
// hand-written list would). The Content-Security-Policy allows what the app
// needs and nothing more:
//  - scripts and styles from our own origin only: the bundle is a module
//    script, Lit needs no inline script, and its component styles are
//    constructed stylesheets (adoptedStyleSheets), which style-src does not
//    govern; no 'unsafe-eval', which is why the browser's frame checks are
//    compiled at build time (client/checks/) rather than at run time;
//  - connect-src 'self', which covers ws: and wss: to our own host (CSP 3);
//  - media from our origin and blob: URLs; images also from data: URLs, which
//    Vite uses for small assets it inlines;
//  - no plugins, no framing, no <base> tricks, forms post only to us.
// upgrade-insecure-requests is left out: it would break a plain-http LAN
// deployment. test/integration/security-headers.test.ts and
// test/e2e/csp.test.ts check the policy, the latter in Chromium.
import helmet from 'helmet';
import type { RequestHandler } from 'express';

export const CSP_DIRECTIVES = {
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
} as const;

/** The camera, microphone and screen are for this origin only; nothing else is wanted. */
export const PERMISSIONS_POLICY = 'camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()';

export function securityHeaders(): RequestHandler[] {
  const helmetHandler: RequestHandler = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  const permissions: RequestHandler = (_req, res, next) => {
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    next();
  };
  return [helmetHandler, permissions];
}
