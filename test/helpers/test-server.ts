// Starts a real Parley server on a free port for integration tests, with a
// silent logger, and stops it afterwards.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/ops/config.js';
import { createLogger } from '../../server/ops/logger.js';
import { startServer, type RunningServer } from '../../server/server.js';

/**
 * Starts a server with `env` on top of the defaults: PORT=0, silent logs, no
 * per-address cap (every test socket comes from 127.0.0.1), and the history
 * in memory. Tests of the history pass HISTORY_STORE=sqlite and get a fresh
 * SQLite file in a temporary folder: its worker thread, loading TypeScript
 * through tsx, takes a second or two to start on a busy machine, which tests
 * of other things need not wait for.
 */
export async function startTestServer(env: Record<string, string> = {}, clientDir?: string): Promise<RunningServer> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    MAX_CONNECTIONS_PER_IP: '1000000',
    HISTORY_STORE: 'memory',
    DATABASE_PATH: tempDatabasePath(),
    ...env,
  });
  return startServer(config, createLogger(config.logLevel), clientDir ?? placeholderClientDir());
}

/** A new SQLite file path in a new temporary folder. */
export function tempDatabasePath(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'parley-db-')), 'parley.db');
}

let placeholder: string | undefined;
function placeholderClientDir(): string {
  if (!placeholder) {
    placeholder = mkdtempSync(path.join(tmpdir(), 'parley-client-'));
    writeFileSync(path.join(placeholder, 'index.html'), '<!doctype html><title>Parley test page</title>');
  }
  return placeholder;
}
