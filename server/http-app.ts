// The HTTP side: the room page, health and metrics, and the client's files.
import path from 'node:path';
import express, { type Express } from 'express';
import type { Registry } from 'prom-client';
import { ROOM_NAME_PATTERN } from '../shared/protocol.js';
import type { ChatManager } from './chat-manager.js';
import { securityHeaders } from './security-headers.js';

export interface HttpAppOptions {
  manager: ChatManager;
  metrics: Registry;
  /** Folder of the built client (index.html and its assets). */
  clientDir: string;
  startedAt: number;
}

export function createHttpApp({ manager, metrics, clientDir, startedAt }: HttpAppOptions): Express {
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

  app.use(express.static(clientDir, { index: 'index.html' }));
  return app;
}
