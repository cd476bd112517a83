// A setting that stops start-up, named so main.ts can print one line: its
// own file so that settings read elsewhere (history/history-config.ts) can
// throw it without importing config.ts, which imports them.
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    reason: string,
  ) {
    super(`${setting}: ${reason}`);
    this.name = 'ConfigError';
  }
}
