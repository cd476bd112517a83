// Short-lived TURN credentials, as coturn checks them in its use-auth-secret
// mode (the "TURN REST API", draft-uberti-behave-turn-rest-00): the username
// is "<expiry in unix seconds>:<client id>", the credential is
// base64(HMAC-SHA1(secret, username)). coturn recomputes the HMAC with the same
// shared secret and refuses a username whose expiry has passed, so the secret
// stays on the servers and a leaked credential dies on its own.
import { createHmac } from 'node:crypto';

export interface TurnCredential {
  username: string;
  credential: string;
  /** When coturn starts refusing it, in ms since the epoch. */
  expiresAt: number;
}

/** The credential for `username` under `secret`. */
export function turnCredentialFor(secret: string, username: string): string {
  return createHmac('sha1', secret).update(username).digest('base64');
}

/**
 * Mints a credential for `clientId` valid for `ttlSeconds` from `nowMs`.
 * The client id goes into the username so coturn's logs name the client.
 */
export function mintTurnCredential(secret: string, clientId: string, ttlSeconds: number, nowMs: number): TurnCredential {
  if (clientId.includes(':')) throw new TypeError('a TURN REST username cannot carry a client id containing ":"');
  const expirySeconds = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expirySeconds}:${clientId}`;
  return { username, credential: turnCredentialFor(secret, username), expiresAt: expirySeconds * 1000 };
}
