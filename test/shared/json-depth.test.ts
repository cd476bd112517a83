// The depth scan is what stands between a 40 KB frame of `[[[[…` and a stack
// overflow in JSON.stringify (issue 10), so it must count exactly what
// JSON.parse would build, and never be fooled by brackets inside strings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isJsonDeeperThan } from '../../shared/json-depth.js';

/** The nesting of a parsed value, the slow obvious way (only for shallow values). */
function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depthOf(child));
  return 1 + deepest;
}

describe('isJsonDeeperThan', () => {
  it('counts the outermost object or array as level 1', () => {
    expect(isJsonDeeperThan('1', 0)).toBe(false);
    expect(isJsonDeeperThan('"x"', 0)).toBe(false);
    expect(isJsonDeeperThan('{}', 0)).toBe(true);
    expect(isJsonDeeperThan('{}', 1)).toBe(false);
    expect(isJsonDeeperThan('{"a":[1,{"b":2}]}', 2)).toBe(true);
    expect(isJsonDeeperThan('{"a":[1,{"b":2}]}', 3)).toBe(false);
  });

  it('allows exactly the limit and refuses one level more, for arrays and objects', () => {
    const arrays = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const objects = (n: number) => '{"k":'.repeat(n - 1) + '{}' + '}'.repeat(n - 1);
    expect(isJsonDeeperThan(arrays(32), 32)).toBe(false);
    expect(isJsonDeeperThan(arrays(33), 32)).toBe(true);
    expect(isJsonDeeperThan(objects(32), 32)).toBe(false);
    expect(isJsonDeeperThan(objects(33), 32)).toBe(true);
    expect(isJsonDeeperThan(arrays(20_000), 32)).toBe(true);
  });

  it('measures siblings separately: many shallow members are not deep', () => {
    expect(isJsonDeeperThan(`[${Array(1000).fill('[[1]]').join(',')}]`, 3)).toBe(false);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(isJsonDeeperThan('{"a":"[[[[{{{{"}', 1)).toBe(false);
    expect(isJsonDeeperThan('{"a":"\\"[[[[\\""}', 1)).toBe(false);
    expect(isJsonDeeperThan('{"[[[[":"x"}', 1)).toBe(false);
    // An even run of backslashes escapes itself, so the quote after it closes the string.
    expect(isJsonDeeperThan('{"a":"\\\\","b":[[1]]}', 2)).toBe(true);
    expect(isJsonDeeperThan('{"a":"\\\\\\"[[[["}', 1)).toBe(false);
  });

  it('counts a duplicate key whose value JSON.parse would throw away', () => {
    const deep = '['.repeat(100) + ']'.repeat(100);
    expect(isJsonDeeperThan(`{"data":1,"data":${deep}}`, 32)).toBe(true);
    expect(isJsonDeeperThan(`{"data":${deep},"data":1}`, 32)).toBe(true);
  });

  it('gives up on an unterminated string without looping (JSON.parse refuses it anyway)', () => {
    expect(isJsonDeeperThan('{"a":"[[[[', 1)).toBe(false);
    expect(isJsonDeeperThan('"\\"', 0)).toBe(false);
  });

  it('agrees with the depth of what JSON.parse builds, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 10 }), (value, limit) => {
        const text = JSON.stringify(value);
        expect(isJsonDeeperThan(text, limit)).toBe(depthOf(JSON.parse(text)) > limit);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees for strings full of brackets, quotes and backslashes', () => {
    const tricky = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a', '\n') });
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, tricky, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(tricky, tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 6 }), (v, limit) => {
        const text = JSON.stringify(v);
        expect(isJsonDeeperThan(text, limit)).toBe(depthOf(JSON.parse(text)) > limit);
      }),
      { numRuns: 2000 },
    );
  });
});
