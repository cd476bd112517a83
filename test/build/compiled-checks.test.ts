// The checks compiled at build time for the browser must mean what
// Value.Check means (TypeBox's interpreter, which the browser used before):
// every schema the page checks, and the client frames too, are run over the
// fuzzer's frames and over valid values with each field broken in turn, and
// the two must agree on every value. Each schema must see both verdicts, so
// agreement is not agreement on "always true".
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import { checks, serverFrameChecks } from 'virtual:browser-checks';
import { describe, expect, it } from 'vitest';
import { expectation } from '../../build/compiled-checks.js';
import { BrowserSchemas, EXPLAINED_BY_PATH } from '../../client/checks/browser-schemas.js';
import { frameGenerator } from '../../fuzz/frame-generator.js';
import { hostileLeaves, plainLeaves, type FuzzTargets } from '../../fuzz/leaves.js';
import { seededRng } from '../../fuzz/rng.js';
import { schemaValue } from '../../fuzz/schema-values.js';
import type { Checker } from '../../shared/frame-parser.js';
import { ClientFrameSchemas, IceServerList } from '../../shared/protocol.js';
import { importBuiltChecks } from '../helpers/built-checks.js';

const targets: FuzzTargets = {
  self: '11111111-1111-4111-8111-111111111111',
  members: ['22222222-2222-4222-8222-222222222222'],
  strangers: ['44444444-4444-4444-8444-444444444444'],
  maxFrameBytes: 65_536,
  maxTextLength: 4000,
};

/** What a field is replaced with to break it: every JSON type, edge numbers, long and empty strings. */
const BREAKERS: unknown[] = [undefined, null, true, 0, -1, 1.5, 2 ** 53, '', 'x'.repeat(300), [], [1], {}, { type: 'offer' }, Number.NaN, Infinity];

/** `value` with the field at `path` replaced (undefined deletes it). */
function withField(value: unknown, path: string[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, i) => (String(i) === head ? withField(item, rest, replacement) : item));
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = { ...value };
  const next = withField(copy[head!], rest, replacement);
  if (next === undefined) delete copy[head!];
  else copy[head!] = next;
  return copy;
}

/** Every path to a field or item inside `value`, the value itself first. */
function pathsIn(value: unknown, prefix: string[] = []): string[][] {
  const paths = [prefix];
  if (typeof value === 'object' && value !== null) for (const [key, inner] of Object.entries(value)) paths.push(...pathsIn(inner, [...prefix, key]));
  return paths;
}

/** Valid values of `schema`, each with every field broken every way, and the fuzzer's frames. */
function corpus(schema: TSchema, fuzzFrames: unknown[]): unknown[] {
  const rng = seededRng(14);
  const values: unknown[] = [...fuzzFrames];
  for (const leaves of [plainLeaves(rng), hostileLeaves(rng, targets)]) {
    for (let i = 0; i < 8; i++) {
      const valid = schemaValue(schema, leaves, rng);
      values.push(valid);
      for (const path of pathsIn(valid)) for (const breaker of BREAKERS) values.push(withField(valid, path, breaker));
    }
  }
  return values;
}

/** The fuzzer's frames (every mutation class), as the values JSON.parse makes of them. */
function fuzzFrames(count: number): unknown[] {
  const next = frameGenerator(2026, targets);
  const values: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const frame = next();
    if (frame.isBinary) continue;
    try {
      values.push(JSON.parse(frame.bytes.toString('utf8')));
    } catch {
      // Not JSON: the parser refuses it before any check runs.
    }
  }
  return values;
}

function compare(name: string, schema: TSchema, checker: Checker<TSchema>, values: unknown[]): void {
  let passed = 0;
  for (const value of values) {
    const expected = Value.Check(schema, value);
    if (checker.check(value) !== expected) expect.fail(`${name}: built ${!expected}, Value.Check ${expected} for ${JSON.stringify(value)?.slice(0, 300)}`);
    if (expected) passed++;
  }
  expect(passed, `${name}: no value passed`).toBeGreaterThan(0);
  expect(passed, `${name}: no value failed`).toBeLessThan(values.length);
}

describe('checks compiled at build time', () => {
  const frames = fuzzFrames(6000);

  it('agree with Value.Check on every schema the page checks', () => {
    const groups: [Record<string, TSchema>, Record<string, Checker<TSchema>>][] = [
      [BrowserSchemas.checks, checks],
      [BrowserSchemas.serverFrameChecks, serverFrameChecks],
    ];
    for (const [schemas, built] of groups) {
      for (const [name, schema] of Object.entries(schemas)) compare(name, schema, built[name]!, corpus(schema, frames));
    }
  }, 120_000);

  it('agree with Value.Check on every client frame, over the fuzzer corpus', async () => {
    const built = await importBuiltChecks({ client: ClientFrameSchemas });
    for (const [type, schema] of Object.entries(ClientFrameSchemas)) compare(type, schema, built.client[type as keyof typeof ClientFrameSchemas], corpus(schema, frames));
  }, 120_000);

  it('explain a failure down to the field where a person reads it, with the same path as TypeBox', () => {
    for (const name of EXPLAINED_BY_PATH) {
      const schema: TSchema | undefined = Object.entries(BrowserSchemas.checks).find(([key]) => key === name)?.[1];
      const checker = Object.entries(checks).find(([key]) => key === name)?.[1];
      if (!schema || !checker) throw new Error(`${name} is not in BrowserSchemas.checks`);
      for (const value of corpus(schema, [])) {
        if (Value.Check(schema, value)) continue;
        const first = Value.Errors(schema, value).First();
        expect(checker.explain(value).split(': ')[0], JSON.stringify(value)).toBe(first?.path || '/');
      }
    }
    expect(checks.IceServerList.explain([{ urls: 'stun:a' }, { urls: 5 }])).toBe('/1/urls: expected string or array');
    expect(checks.IceServerList.explain([{ username: 'u' }])).toBe('/0/urls: required');
  });

  it('say what the whole value should have been elsewhere', () => {
    expect(serverFrameChecks.offer.explain({ type: 'offer' })).toBe('/: expected object {sender, receiver, type, id?, data}');
    expect(checks.RoomStatus.explain(null)).toBe('/: expected object {occupied, locked, names?}');
    expect(expectation(IceServerList)).toBe('expected array');
  });
});
