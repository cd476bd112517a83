// queue-microtask in the browser (client/node-shims/queue-microtask.ts).
import { describe, expect, it } from 'vitest';
import { 'module.exports' as queue } from '../../../client/node-shims/queue-microtask.js';

describe('queueMicrotask (the browser shim)', () => {
  it('calls back after the current job, before a timer', async () => {
    const calls: string[] = [];
    const timer = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => calls.push('timer'));
    queue(() => calls.push('microtask'));
    calls.push('now');
    await timer;
    expect(calls).toEqual(['now', 'microtask', 'timer']);
  });
});
