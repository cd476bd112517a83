// Builds values that satisfy a TypeBox schema by walking the schema objects
// of shared/protocol.ts, so the fuzzer covers every field of every frame type
// and follows the protocol as it changes. What fills the leaves (plain or
// hostile strings, numbers, free JSON) is up to the caller.
import { Kind, OptionalKind, type TSchema } from '@sinclair/typebox';
import type { Rng } from './rng.js';

/** Where the leaves of a generated value come from. `path` names the field, e.g. "data.sdp". */
export interface Leaves {
  string(path: string, maxLength: number | undefined): string;
  number(path: string, isInteger: boolean, minimum: number | undefined): number;
  /** Any JSON value, for Type.Unknown (ping data, a text's time). */
  unknown(path: string): unknown;
}

/** The schema kinds the walk knows; a new kind in protocol.ts makes it throw, so the fuzzer is updated with it. */
export const KNOWN_KINDS = ['Object', 'Union', 'Literal', 'String', 'Number', 'Integer', 'Array', 'Unknown', 'Null', 'Boolean'] as const;

export function schemaValue(schema: TSchema, leaves: Leaves, rng: Rng, path = ''): unknown {
  const kind: unknown = schema[Kind];
  switch (kind) {
    case 'Object': {
      const out: Record<string, unknown> = {};
      const properties = schema.properties as Record<string, TSchema>;
      for (const [key, property] of Object.entries(properties)) {
        // Optional fields are left out a third of the time, so both forms occur.
        if (property[OptionalKind] === 'Optional' && rng.chance(1 / 3)) continue;
        out[key] = schemaValue(property, leaves, rng, path ? `${path}.${key}` : key);
      }
      return out;
    }
    case 'Union':
      return schemaValue(rng.pick(schema.anyOf as TSchema[]), leaves, rng, path);
    case 'Literal':
      return schema.const;
    case 'String':
      // A patterned string (a text's client message id) gets a plain token that
      // matches it: the hostile leaves would fail the pattern, not the handler.
      if (typeof schema.pattern === 'string') return `m${rng.int(1_000_000_000)}`;
      return atLeast(leaves.string(path, schema.maxLength as number | undefined), schema.minLength);
    case 'Number':
      return atMost(leaves.number(path, false, schema.minimum as number | undefined), schema.maximum);
    case 'Integer':
      return atMost(leaves.number(path, true, schema.minimum as number | undefined), schema.maximum);
    case 'Array':
      return Array.from({ length: rng.int(4) }, (_, i) => schemaValue(schema.items as TSchema, leaves, rng, `${path}[${i}]`));
    case 'Unknown':
      return leaves.unknown(path);
    case 'Null':
      return null;
    case 'Boolean':
      return rng.chance(0.5);
    default:
      throw new Error(`fuzz/schema-values.ts does not know the schema kind ${String(kind)} (at "${path}"); teach it`);
  }
}

/** A leaf string padded to a schema's `minLength` (set-lock's password), so the frame stays valid. */
function atLeast(value: unknown, minLength: unknown): unknown {
  return typeof value === 'string' && typeof minLength === 'number' && value.length < minLength ? value + 'x'.repeat(minLength - value.length) : value;
}

/** A leaf number kept within a schema's `maximum` (get-history's limit), so the frame stays valid. */
function atMost(value: unknown, maximum: unknown): unknown {
  return typeof value === 'number' && typeof maximum === 'number' && value > maximum ? maximum : value;
}
