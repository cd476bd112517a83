// The HTTP side: the room page, health and metrics, and the client's files.
import path from 'node:path';
import express, { type Express, type Router } from 'express';
import type { Registry } from 'prom-client';
import { v4 as uuidv4 } from 'uuid';
import { ROOM_NAME_PATTERN, type IceConfig } from '../shared/protocol.js';
import type { ChatManager } from './chat-manager.js';
import { securityHeaders } from './security-headers.js';

export interface HttpAppOptions {
  manager: ChatManager;
  metrics: Registry;
  /** Folder of the built client (index.html and its assets). */
  clientDir: string;
  startedAt: number;
  /** `ice-config` data for a client id; serves GET /diagnostics/ice-config. */
  iceConfigFor?: (clientId: string) => IceConfig;
  /** The history REST API (server/history/history-api.ts). */
  api?: Router;
}

export function createHttpApp({ manager, metrics, clientDir, startedAt, iceConfigFor, api }: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());

  app.get('/healthz', (_req, res) => {
    res.json({
      status: 'ok',
      uptime: (Date.now() - startedAt) / 1000,
      rooms: manager.roomCount,
      clients: manager.clientCount,
    });
  });

  app.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });

  // Every room has the same page; the client reads the room from the URL.
  app.get('/r/:room{/}', (req, res) => {
    if (!ROOM_NAME_PATTERN.test(req.params.room)) {
      res.status(400).type('text').send(`Room names match ${ROOM_NAME_PATTERN.source}`);
      return;
    }
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
  return app;
}
