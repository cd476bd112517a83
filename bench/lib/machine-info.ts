// What a result depends on besides the code: the machine, the load on it,
// and the versions of everything measured. Recorded with every run.
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './server-process.js';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
}

export function machineInfo(): MachineInfo {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
  };
}

/** The 1-, 5- and 15-minute load averages: other work on the machine. */
export function loadAverages(): number[] {
  return loadavg().map((l) => Math.round(l * 100) / 100);
}

const PACKAGES = ['ws', 'peer', 'socket.io', 'engine.io', '@sinclair/typebox', 'playwright-core', 'tsx'];

/** Installed versions of the packages the results depend on, plus Parley's own. */
export function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  const parley = readVersion(path.join(REPO_ROOT, 'package.json'));
  if (parley) versions.parley = parley;
  for (const name of PACKAGES) {
    const version = readVersion(path.join(REPO_ROOT, 'node_modules', name, 'package.json'));
    if (version) versions[name] = version;
  }
  return versions;
}

function readVersion(file: string): string | undefined {
  try {
    const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof json === 'object' && json !== null && 'version' in json && typeof json.version === 'string' ? json.version : undefined;
  } catch {
    return undefined;
  }
}
