// Summarizes a V8 .cpuprofile (from `npm run bench -- --profile DIR`): the
// functions with the most self time and the most total time, so a profile
// can be read without opening DevTools.
// Run: npx tsx bench/profile-summary.ts DIR/parley-relay-20-run1.cpuprofile [top]
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  startTime: number;
  endTime: number;
}

function isProfile(value: unknown): value is Profile {
  return typeof value === 'object' && value !== null && 'nodes' in value && Array.isArray(value.nodes) && 'samples' in value && Array.isArray(value.samples);
}

const [file, topText] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx bench/profile-summary.ts FILE.cpuprofile [top]');
  process.exit(2);
}
const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
if (!isProfile(parsed)) throw new Error(`${file} is not a V8 CPU profile`);
const profile = parsed;
const top = Number(topText ?? 25);
const total = profile.samples.length;

function where(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const short = url
    ? `${url
        .replace(/^file:\/\//, '')
        .split('/node_modules/')
        .pop()
        ?.replace(process.cwd() + path.sep, '')}:${lineNumber + 1}`
    : '';
  return `${functionName || '(anonymous)'} ${short}`.trim();
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<string, number>();
for (const node of profile.nodes) self.set(where(node), (self.get(where(node)) ?? 0) + (node.hitCount ?? 0));

// Total time: a node's own hits plus its subtree's, counted once per name on a path.
const inclusive = new Map<string, number>();
function walk(node: ProfileNode, onPath: Set<string>): number {
  let hits = node.hitCount ?? 0;
  const name = where(node);
  const isFirst = !onPath.has(name);
  if (isFirst) onPath.add(name);
  for (const child of node.children ?? []) hits += walk(byId.get(child)!, onPath);
  if (isFirst) {
    onPath.delete(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + hits);
  }
  return hits;
}
walk(profile.nodes[0]!, new Set());

const pct = (n: number): string => `${((100 * n) / total).toFixed(1).padStart(5)}%`;
console.log(`${file}: ${total} samples over ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s`);
console.log('\nSelf time:');
for (const [name, hits] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(hits)}  ${name}`);
console.log('\nTotal time:');
for (const [name, hits] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(hits)}  ${name}`);
