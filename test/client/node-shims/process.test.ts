// The process.nextTick readable-stream calls in the browser (client/node-shims/process.ts).
import { describe, expect, it } from 'vitest';
import { process } from '../../../client/node-shims/process.js';

describe('process.nextTick (the browser shim)', () => {
  it('calls back with the arguments after the current job, in order, before any timer', async () => {
    const calls: string[] = [];
    const timer = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => calls.push('timer'));
    process.nextTick((a: string, b: number) => calls.push(`first ${a} ${b}`), 'x', 1);
    process.nextTick(() => calls.push('second'));
    calls.push('now');
    await timer;
    expect(calls).toEqual(['now', 'first x 1', 'second', 'timer']);
  });
});
