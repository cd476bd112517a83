// An exception no boundary caught must stop the process loudly (logged at
// fatal, non-zero exit) so a supervisor restarts it: never swallowed.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { exitOnFatal, FATAL_EXIT_CODE } from '../../../server/ops/fatal.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

class FakeProcess extends EventEmitter {
  readonly exits: number[] = [];
  exit(code: number): void {
    this.exits.push(code);
  }
}

function capturingLogger(lines: Record<string, unknown>[]) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return pino({ level: 'info' }, sink);
}

describe('exitOnFatal', () => {
  it.each(['uncaughtException', 'unhandledRejection'] as const)('logs %s at fatal with the stack, then exits non-zero', (origin) => {
    const lines: Record<string, unknown>[] = [];
    const proc = new FakeProcess();
    exitOnFatal(capturingLogger(lines), proc);
    proc.emit(origin, new Error('escaped every boundary'));
    expect(proc.exits).toEqual([FATAL_EXIT_CODE]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 60, event: 'fatal', origin, err: { message: 'escaped every boundary' } });
    expect(JSON.stringify(lines[0])).toContain('fatal.test.ts'); // the stack
  });

  it('still exits when the logger itself fails', () => {
    const proc = new FakeProcess();
    const failing = new Writable({
      write: () => {
        throw new Error('disk full');
      },
    });
    const broken = pino({ level: 'info' }, failing);
    exitOnFatal(broken, proc);
    expect(() => proc.emit('uncaughtException', new Error('x'))).toThrow('disk full');
    expect(proc.exits).toEqual([FATAL_EXIT_CODE]);
  });

  it('in a real process: a rejection nobody handles ends it with the fatal code and a fatal log line', async () => {
    const script = [
      "import { exitOnFatal } from './server/ops/fatal.ts';",
      "import { createLogger } from './server/ops/logger.ts';",
      "exitOnFatal(createLogger('info'));",
      "setTimeout(() => Promise.reject(new Error('nobody handles this')), 0);",
      'setInterval(() => {}, 1000);', // would keep the process alive for ever
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(FATAL_EXIT_CODE);
      const line = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
      expect(line).toMatchObject({ level: 60, event: 'fatal', origin: 'unhandledRejection', err: { message: 'nobody handles this' } });
    } finally {
      if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }
  }, 30_000); // starting tsx takes seconds on a loaded machine
});
