// The HTTP side: the room page, health and metrics, and the client's files.
import { STATUS_CODES } from 'node:http';
import path from 'node:path';
import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import type { Registry } from 'prom-client';
import { v4 as uuidv4 } from 'uuid';
import { ROOM_NAME_PATTERN, type IceConfig } from '../../shared/protocol.js';
import type { ChatManager } from '../core/chat-manager.js';
import { securityHeaders } from '../admission/security-headers.js';
import { FaultSite, type Faults } from '../ops/faults.js';

export interface HttpAppOptions {
  manager: ChatManager;
  metrics: Registry;
  /** Folder of the built client (index.html and its assets). */
  clientDir: string;
  startedAt: number;
  /** `ice-config` data for a client id; serves GET /diagnostics/ice-config. */
  iceConfigFor?: (clientId: string) => IceConfig;
  /** Where a route's exception is reported. */
  faults: Faults;
  /** The history REST API (server/history/history-api.ts). */
  api?: Router;
  /** In a cluster: whether Redis is reachable; `degraded` (with the reason) when not. */
  clusterHealth?: () => { status: 'ok' | 'degraded'; reason?: string };
}

export function createHttpApp({ manager, metrics, clientDir, startedAt, iceConfigFor, faults, api, clusterHealth }: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());

  app.get('/healthz', (_req, res) => {
    // Degraded is still 200: the node serves its own members, so a load
    // balancer should keep sending it clients (docs/cluster.md).
    const cluster = clusterHealth?.();
    res.json({
      status: cluster?.status ?? 'ok',
      ...(cluster?.reason === undefined ? {} : { reason: cluster.reason }),
      uptime: (Date.now() - startedAt) / 1000,
      rooms: manager.roomCount,
      clients: manager.clientCount,
    });
  });

  app.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });

  // Every room has the same page; the client reads the room from the URL.
  // A name outside the pattern is a 404 that still gets the app, which says
  // what is wrong with the link and offers the fixed one (client/ui/link-problem.ts).
  app.get('/r/:room{/}', (req, res) => {
    if (!ROOM_NAME_PATTERN.test(req.params.room)) res.status(404);
    res.sendFile(path.join(clientDir, 'index.html'));
  });

  // The diagnostics page tests STUN/TURN from the browser (docs/turn.md). It
  // takes its ICE servers over plain HTTP, not the room WebSocket, so that it
  // still works when a proxy breaks the upgrade. That grants nothing a
  // WebSocket client cannot get: fresh credentials, never the secret.
  app.get('/diagnostics{/}', (_req, res) => {
    res.sendFile(path.join(clientDir, 'diagnostics.html'));
  });
  if (iceConfigFor) {
    app.get('/diagnostics/ice-config', (_req, res) => {
      res.set('Cache-Control', 'no-store').json(iceConfigFor(`diagnostics-${uuidv4()}`));
    });
  }

  if (api) app.use(api);

  app.use(express.static(clientDir, { index: 'index.html' }));
  app.use(pageNotFound(clientDir));
  app.use(answerErrors(faults));
  return app;
}

/**
 * A browser that asks for a page that is not there (`/r/`, `/foo`) gets the
 * app with a 404, and the app says in Parley's own page what is wrong. Only
 * for a GET that wants HTML: a missing script, image or API path keeps the
 * bare 404, which no one reads as a page.
 */
function pageNotFound(clientDir: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.headers.accept?.includes('text/html')) {
      next();
      return;
    }
    res.status(404).sendFile(path.join(clientDir, 'index.html'));
  };
}

/**
 * The last handler: express hands it whatever a route threw or rejected with.
 * An error express itself marks as the client's (a 4xx status: a malformed
 * URL, a path outside the static folder) is answered with that status; any
 * other is a fault, reported once and answered 500 with no detail, since a
 * stack trace tells an attacker more than it tells the user.
 */
function answerErrors(faults: Faults) {
  // Four parameters, or express does not take it for an error handler.
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const status = clientErrorStatus(error);
    if (status === undefined) faults.report({ where: FaultSite.Http, error, route: `${req.method} ${req.path.slice(0, 200)}` });
    if (res.headersSent) {
      // Half a response has gone: all that is left is to cut it off.
      res.destroy();
      return;
    }
    res
      .status(status ?? 500)
      .type('text')
      .send(STATUS_CODES[status ?? 500]);
  };
}

function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = 'status' in error ? error.status : 'statusCode' in error ? error.statusCode : undefined;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}
