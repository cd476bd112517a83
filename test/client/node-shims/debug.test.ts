// simple-peer's debug logger in the browser (client/node-shims/debug.ts): off, and silent.
import { describe, expect, it, vi } from 'vitest';
import { 'module.exports' as createDebug } from '../../../client/node-shims/debug.js';

describe('debug (the browser shim)', () => {
  it('gives a log function that writes nothing', () => {
    const spies = (['log', 'debug', 'info', 'warn', 'error'] as const).map((method) => vi.spyOn(console, method));
    try {
      createDebug('simple-peer')('[%s] new peer %o', 'abc', { initiator: true });
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
