// CORS for Parley's read-only REST routes (history, room status): headers go
// only to an origin ALLOWED_ORIGINS lists (or any, with `*`); the same-origin
// default sends none, so only Parley's own pages can read the answers.
import type { Request, Response } from 'express';
import type { OriginPolicy } from '../ops/config.js';

/** Sets Access-Control-Allow-Origin when the request's origin is allowed; returns whether it is. */
export function allowCors(req: Request, res: Response, policy: OriginPolicy): boolean {
  const origin = req.headers.origin;
  res.vary('Origin');
  if (origin === undefined) return false;
  const isAllowed = policy.kind === 'any' || (policy.kind === 'list' && policy.origins.has(origin));
  if (isAllowed) res.set('Access-Control-Allow-Origin', origin);
  return isAllowed;
}
