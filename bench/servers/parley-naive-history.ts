// Parley with the naive history baseline for `npm run bench:history`: the
// same SQLite file, schema and worker, but one INSERT and one commit per
// message (no group commit), as a store written without batching would be.
import { ConfigError, loadConfig } from '../../server/ops/config.js';
import { SqliteStore } from '../../server/history/sqlite-store.js';
import { createLogger } from '../../server/ops/logger.js';
import { startServer } from '../../server/server.js';

const config = loadConfig(process.env);
try {
  const history = await SqliteStore.open({ path: config.history.databasePath, synchronous: config.history.synchronous, isGroupCommit: false });
  const server = await startServer(config, createLogger(config.logLevel), undefined, { history });
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
} catch (error) {
  process.stderr.write(`parley-naive-history: ${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}
