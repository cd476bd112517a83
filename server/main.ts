// Entry point: read the configuration, start the server, stop gracefully on a signal.
// A bad setting ends start-up with one line naming it.
import { ConfigError, loadConfig } from './ops/config.js';
import { createLogger } from './ops/logger.js';
import { exitOnFatal } from './ops/fatal.js';
import { startServer } from './server.js';
import { exitOnSignals } from './ops/shutdown.js';

function fail(message: string): never {
  process.stderr.write(`parley: ${message}\n`);
  process.exit(1);
}

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

const logger = createLogger(config.logLevel);
// Before anything can throw outside a fault boundary.
exitOnFatal(logger);
const starting = startServer(config, logger).catch((error: NodeJS.ErrnoException) => {
  if (error instanceof ConfigError) fail(error.message); // the history store would not open
  if (error.code === 'EADDRINUSE') fail(`PORT: ${config.port} is already in use on ${config.host}`);
  if (error.code === 'EACCES') fail(`PORT: no permission to listen on ${config.port}`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') fail(`HOST: ${config.host} is not an address of this machine`);
  throw error;
});
// Installed before the server listens, so that a signal arriving the moment
// it logs "listening" still finds the graceful path.
exitOnSignals({ close: async () => (await starting).close() }, logger, { timeoutMs: config.shutdownTimeoutMs });
await starting;
