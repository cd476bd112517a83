// Writes JSON text that JSON.stringify cannot: duplicate keys, `__proto__`
// as an own key, number tokens such as 1e400 or -0, and nesting deeper than
// any recursive writer survives. A value tree is written as JSON.stringify
// would, except for the two marker classes below.

/** Text written as is: a number token, a deep nest, a broken fragment. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** An object as a list of entries, so a key may repeat and `__proto__` is just a key. */
export class Entries {
  constructor(readonly entries: [string, unknown][]) {}
}

export function jsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof Entries) return `{${value.entries.map(([key, item]) => `${JSON.stringify(key)}:${jsonText(item)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : jsonText(item))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${jsonText(item)}`).join(',')}}`;
  }
  if (Object.is(value, -0)) return '-0';
  return JSON.stringify(value) ?? 'null';
}

/** `depth` levels of arrays (or objects with key `key`) around `leaf`, written without recursion. */
export function nested(depth: number, leaf: string, shape: 'array' | 'object' | 'mixed', key = 'a'): RawJson {
  let open = '';
  let close = '';
  for (let level = 0; level < depth; level++) {
    const isObject = shape === 'object' || (shape === 'mixed' && level % 2 === 1);
    open += isObject ? `{${JSON.stringify(key)}:` : '[';
    close = (isObject ? '}' : ']') + close;
  }
  return new RawJson(open + leaf + close);
}
