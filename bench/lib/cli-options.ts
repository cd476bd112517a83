// The command line of `npm run bench`. BENCH_SMOKE=1 is the same as --smoke.
import { parseArgs } from 'node:util';
import type { ServerKey } from './server-process.js';
import { SERVER_KEYS } from './servers-under-test.js';

export interface CliOptions {
  isSmoke: boolean;
  runs?: number;
  servers: ServerKey[];
  /** Scenario ids to run (all when empty). */
  scenarios: string[];
  /** Where results go; the docs folder for a full run, a temp folder for a smoke run. */
  outDir?: string;
  /** Folder for Parley's --cpu-prof profiles, when profiling. */
  profileDir?: string;
  isBrowserSkipped: boolean;
  isBuildSkipped: boolean;
}

export const USAGE = `npm run bench -- [options]
  --smoke             every scenario tiny, in seconds (also BENCH_SMOKE=1); writes to a temp folder
  --runs N            runs per scenario, the browser's included (median reported); default 5, smoke 1
  --servers a,b       among ${SERVER_KEYS.join(', ')}; default all
  --scenarios a,b     idle, relay-1, relay-20, latency, fanout-8, fanout-50, churn, browser; default all
  --out DIR           write benchmarks.md/.json/.svg there (default: docs/ for a full run)
  --profile DIR       run Parley with --cpu-prof, profiles in DIR
  --no-browser        skip the Chromium scenario
  --no-build          use the existing dist/ build of Parley`;

export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: 'boolean', default: false },
      runs: { type: 'string' },
      servers: { type: 'string' },
      scenarios: { type: 'string' },
      out: { type: 'string' },
      profile: { type: 'string' },
      'no-browser': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const servers = list(values.servers).map((s) => {
    const key = SERVER_KEYS.find((k) => k === s);
    if (!key) throw new Error(`--servers: "${s}" is not one of ${SERVER_KEYS.join(', ')}`);
    return key;
  });
  const runs = values.runs === undefined ? undefined : Number(values.runs);
  if (runs !== undefined && !(Number.isInteger(runs) && runs > 0)) throw new Error(`--runs: "${values.runs}" is not a positive whole number`);
  return {
    isSmoke: values.smoke || env.BENCH_SMOKE === '1',
    runs,
    servers: servers.length ? servers : SERVER_KEYS,
    scenarios: list(values.scenarios),
    outDir: values.out,
    profileDir: values.profile,
    isBrowserSkipped: values['no-browser'],
    isBuildSkipped: values['no-build'],
  };
}

function list(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
