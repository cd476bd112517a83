// Keeps the load generator and the server under test off each other's core:
// on a 2-core machine the generator takes core 0 and the server core 1, via
// taskset (util-linux). Without taskset, or with one core, the run goes on
// unpinned and says so, because its numbers then mix both processes' work.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';

export interface Pinning {
  isPinned: boolean;
  generatorCore?: number;
  serverCore?: number;
  /** Why the run is not pinned, when it is not. */
  warning?: string;
}

export function planPinning(): Pinning {
  const cores = cpus().length;
  const probe = spawnSync('taskset', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return { isPinned: false, warning: 'taskset (util-linux) not found: server and load generator share cores; install util-linux to pin them' };
  }
  if (cores < 2) return { isPinned: false, warning: `only ${cores} core: server and load generator share it` };
  // The highest core for the server, core 0 for the generator.
  return { isPinned: true, generatorCore: 0, serverCore: cores - 1 };
}

/** Pins every thread of this process (the generator) to its core. */
export function pinGenerator(pinning: Pinning): void {
  if (!pinning.isPinned) return;
  const result = spawnSync('taskset', ['-a', '-p', '-c', String(pinning.generatorCore), String(process.pid)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`taskset could not pin the generator: ${result.stderr.trim()}`);
}

/** The command line that starts `argv` on the server's core. */
export function serverCommand(pinning: Pinning, argv: string[]): string[] {
  return pinning.isPinned ? ['taskset', '-c', String(pinning.serverCore), ...argv] : argv;
}

/** Gives the generator every core again (Chromium, started from it, inherits its affinity). */
export function releaseGenerator(pinning: Pinning): void {
  if (!pinning.isPinned) return;
  spawnSync('taskset', ['-a', '-p', '-c', `0-${cpus().length - 1}`, String(process.pid)]);
}
