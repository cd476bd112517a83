// The HTTP fault boundary (issue 10): a route that throws is answered 500
// with no stack and counted, and the server goes on answering; an error that
// is the client's (a malformed URL) keeps its 4xx and is no fault.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Gauge, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatManager } from '../../../server/core/chat-manager.js';
import { Faults, type Fault } from '../../../server/ops/faults.js';
import { createHttpApp } from '../../../server/edge/http-app.js';
import { compiledChecker } from '../../../shared/compiled-checker.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function start(metrics: Registry, faults: Faults): Promise<string> {
  const manager = new ChatManager({ makeChecker: compiledChecker, maxTextLength: 10, maxUsernameLength: 10, iceServersFor: () => [] });
  const app = createHttpApp({ manager, metrics, clientDir: '/nonexistent', startedAt: Date.now(), faults });
  server = createServer(app);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('HTTP fault boundary', () => {
  it('answers a route that throws with a bare 500, reports it once, and keeps serving', async () => {
    const metrics = new Registry();
    new Gauge({
      name: 'planted',
      help: 'a collector with a planted bug',
      registers: [metrics],
      collect() {
        throw new Error('planted in a metrics collector');
      },
    });
    const faults = new Faults();
    const reported: Fault[] = [];
    faults.on('fault', (fault) => reported.push(fault));
    const url = await start(metrics, faults);

    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).toBe('Internal Server Error');
    expect(body).not.toContain('planted');
    expect(reported).toMatchObject([{ where: 'http', route: 'GET /metrics', error: new Error('planted in a metrics collector') }]);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
  });

  it('keeps a client error its 4xx status, without a stack, and does not count it as a fault', async () => {
    const faults = new Faults();
    const url = await start(new Registry(), faults);
    const response = await fetch(`${url}/r/%E0%A4%A`);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('Bad Request');
    expect(faults.counts.size).toBe(0);
  });

  it('answers a bad room name and an unknown page with the app and a 404, so it can say what is wrong', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-client-'));
    writeFileSync(path.join(dir, 'index.html'), '<parley-app></parley-app>');
    const manager = new ChatManager({ makeChecker: compiledChecker, maxTextLength: 10, maxUsernameLength: 10, iceServersFor: () => [] });
    server = createServer(createHttpApp({ manager, metrics: new Registry(), clientDir: dir, startedAt: Date.now(), faults: new Faults() }));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const page = { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } };
    for (const bad of ['/r/a%20b', '/r/-bad', '/r/%C3%9Cn%C3%AFcode', `/r/${'a'.repeat(65)}`, '/r/', '/no/such/page']) {
      const response = await fetch(`${url}${bad}`, page);
      expect(response.status, bad).toBe(404);
      expect(await response.text(), bad).toBe('<parley-app></parley-app>');
    }
    const room = await fetch(`${url}/r/standup`, page);
    expect(room.status).toBe(200);
    // A script or API client asking for something missing still gets a bare 404, not a page.
    const script = await fetch(`${url}/assets/missing.js`);
    expect(script.status).toBe(404);
    expect(await script.text()).not.toContain('parley-app');
  });
});
