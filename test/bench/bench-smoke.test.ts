// Keeps `npm run bench` working: runs its smoke mode (every scenario, tiny)
// end to end against every server under test and checks that the results are
// complete and well-formed. It asserts no speed or memory figure: those
// belong to the benchmark itself, never to a timed test.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SERVERS = ['parley', 'raw', 'peerjs', 'socketio'];
const SCENARIOS = ['idle', 'relay-1', 'relay-20', 'latency', 'fanout-8', 'fanout-50', 'churn'];

interface SmokeRun {
  exitCode: number | null;
  output: string;
  results: {
    mode: string;
    failures: unknown[];
    skipped: { scenario: string; server: string }[];
    measurements: { scenario: string; server: string; metrics: Record<string, number | null> }[];
    browser: {
      lowerBound: { firstFrameMs: number[]; framesDecoded: number[] }[];
      parley: {
        participants: number;
        video: { width: number; height: number };
        firstFrameMs: number[];
        framesDecoded: number[];
        cameras?: unknown[];
        stepMedians?: Record<string, number | null>;
      }[];
    };
  };
  markdown: string;
  chart: string;
}

let outDir = '';
let smoke: SmokeRun;

beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'parley-bench-test-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bench/run.ts', '--smoke', '--out', outDir], { cwd: ROOT });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const read = (name: string): string => readFileSync(path.join(outDir, name), 'utf8');
  smoke = { exitCode, output, results: JSON.parse(read('benchmarks.json')), markdown: read('benchmarks.md'), chart: read('benchmarks.svg') };
}, 180_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

function metrics(scenario: string, server: string): Record<string, number | null> {
  const found = smoke.results.measurements.find((m) => m.scenario === scenario && m.server === server);
  if (!found) throw new Error(`no ${scenario} measurement for ${server}`);
  return found.metrics;
}

describe('npm run bench -- --smoke', () => {
  it('completes without a failed scenario', () => {
    expect(smoke.results.failures, smoke.output).toEqual([]);
    expect(smoke.exitCode, smoke.output).toBe(0);
    expect(smoke.results.mode).toBe('smoke');
  });

  it('measures every scenario on every server, skipping only churn on PeerJS (no presence)', () => {
    for (const scenario of SCENARIOS) {
      for (const server of SERVERS) {
        if (scenario === 'churn' && server === 'peerjs') continue;
        expect(() => metrics(scenario, server), `${scenario} on ${server}`).not.toThrow();
      }
    }
    expect(smoke.results.skipped).toEqual([{ scenario: 'churn', server: 'peerjs', reason: 'no rooms or presence in its protocol' }]);
  });

  it('relays every frame to its receiver and loses none, on every server', () => {
    for (const server of SERVERS) {
      for (const scenario of ['relay-1', 'relay-20']) {
        const m = metrics(scenario, server);
        expect(m.framesMeasured, `${scenario} on ${server}`).toBeGreaterThan(0);
        expect(m.framesLost, `${scenario} on ${server}`).toBe(0);
        expect(m.unexpectedFrames, `${scenario} on ${server}`).toBe(0);
      }
      const latency = metrics('latency', server);
      expect(latency.framesLost, `latency on ${server}`).toBe(0);
      expect(latency.p50Ms!).toBeLessThanOrEqual(latency.p99Ms!);
      expect(latency.p99Ms!).toBeLessThanOrEqual(latency.p999Ms!);
      for (const scenario of ['fanout-8', 'fanout-50']) expect(metrics(scenario, server).deliveriesMeasured, `${scenario} on ${server}`).toBeGreaterThan(0);
    }
  });

  it('sees each join announced to the room and each leave too', () => {
    for (const server of ['parley', 'raw', 'socketio']) {
      const churn = metrics('churn', server);
      expect(churn.joinsMeasured, server).toBeGreaterThan(0);
      // Every staying member hears of each join (profile) and each leave.
      expect(churn.roomInfosPerJoin, server).toBeGreaterThanOrEqual(1);
    }
  });

  it('measures idle memory through the probe for every server', () => {
    for (const server of SERVERS) {
      const idle = metrics('idle', server);
      expect(idle.connections).toBe(40);
      expect(idle.baselineRssBytes).toBeGreaterThan(0);
      expect(Number.isFinite(idle.rssPerConnectionBytes)).toBe(true);
    }
  });

  it("measures the in-page WebRTC lower bound and Parley's Join → first remote frame on decoded frames", () => {
    const { lowerBound, parley } = smoke.results.browser;
    expect(lowerBound).toHaveLength(2);
    for (const series of lowerBound) {
      expect(series.firstFrameMs[0]).toBeGreaterThan(0);
      expect(series.framesDecoded[0]).toBeGreaterThan(0);
    }
    expect(parley.map((s) => [s.participants, s.video])).toEqual([
      [2, { width: 640, height: 480 }],
      [4, { width: 320, height: 240 }],
    ]);
    for (const series of parley) {
      expect(series.firstFrameMs[0]).toBeGreaterThan(0);
      // Every other participant's video decoded at least one frame.
      expect(series.framesDecoded[0]).toBeGreaterThanOrEqual(series.participants - 1);
      // The room link's ?video= reached the camera.
      expect(series.cameras).toEqual([series.video]);
      expect(series.stepMedians!['websocket open']).toBeGreaterThan(0);
      expect(series.stepMedians!['first remote frame (last peer)']).toBe(series.firstFrameMs[0]);
    }
    expect(smoke.markdown).toContain('**Parley against the lower bound**');
    expect(smoke.markdown).toMatch(/\| 2 participants \(640×480\) \| [\d,.]+ \| [\d,.]+ \| [+-]\d+ \| [\d.]+× \| ≤ lower bound \+ 100 ms \| (yes|no) \|/);
  });

  it('writes the report: a headline table with ratios, and an SVG chart', () => {
    expect(smoke.markdown).toContain('<!-- bench:results:begin');
    expect(smoke.markdown).toMatch(/\| Scenario \| Unit \| Parley \| raw ws forwarder \| PeerJS server \| socket\.io \| Parley ÷ raw \| Parley ÷ PeerJS \|/);
    expect(smoke.markdown).toMatch(/\| Unicast relay, 20 in flight per pair \| frames \/ CPU-s \|/);
    expect(smoke.chart.startsWith('<svg')).toBe(true);
    expect(smoke.chart).toContain('<rect');
    expect(smoke.chart).toContain('Join to first remote frame');
    expect(smoke.chart).toContain('in-page lower bound');
  });
});
