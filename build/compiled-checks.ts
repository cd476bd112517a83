// Writes the browser's schema checks as a JavaScript module, at build time:
// TypeBox's TypeCompiler turns each schema into the source of a check
// function, the same code the server compiles at start-up
// (shared/compiled-checker.ts). The browser gets that source in its bundle,
// so it needs neither eval (its CSP forbids it) nor TypeBox's interpreter.
// Each object property and array item gets a check of its own too, so a
// failure can be explained by path (client/checks/built-checker.ts).
import { Kind, OptionalKind, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

/** Named groups of named schemas: each group becomes one exported object of Checkers. */
export type SchemaGroups = Record<string, Record<string, TSchema>>;

/**
 * The source of an ES module that exports, for each group, an object of
 * Checkers by the schemas' names. `runtime` is the module specifier of
 * client/checks/built-checker.ts as the bundler should resolve it.
 *
 * Only the schemas named in `explainedByPath` get a check per property and
 * item, to explain a failure down to the field: those explanations reach a
 * person, and each such check costs page weight (all of them, ~1 KB gzipped).
 * The others explain with what the whole value should have been.
 */
export function checksModuleSource(groups: SchemaGroups, runtime: string, explainedByPath: ReadonlySet<string> = new Set()): string {
  const lines = [`import { builtChecker } from ${JSON.stringify(runtime)};`];
  for (const [group, schemas] of Object.entries(groups)) {
    const entries = Object.entries(schemas).map(([name, schema]) => `  ${JSON.stringify(name)}: builtChecker(${nodeSource(schema, explainedByPath.has(name))}),`);
    lines.push(`export const ${group} = {`, ...entries, '};');
  }
  return lines.join('\n') + '\n';
}

/** A CheckNode (client/checks/built-checker.ts) as an object literal; with `isDeep`, its children too. */
function nodeSource(schema: TSchema, isDeep: boolean): string {
  const parts = [`c: ${checkSource(schema)}`, `m: ${JSON.stringify(expectation(schema))}`];
  if (!isDeep) return `{ ${parts.join(', ')} }`;
  if (schema[Kind] === 'Object') {
    const properties = Object.entries(schema.properties as Record<string, TSchema>).map(
      ([key, property]) => `[${JSON.stringify(key)}, ${nodeSource(property, true)}, ${property[OptionalKind] === 'Optional' ? 1 : 0}]`,
    );
    parts.push(`p: [${properties.join(', ')}]`);
  }
  if (schema[Kind] === 'Array') parts.push(`i: ${nodeSource(schema.items as TSchema, true)}`);
  return `{ ${parts.join(', ')} }`;
}

/** The compiled check as a function expression; its helpers (e.g. a pattern's RegExp) stay inside. */
function checkSource(schema: TSchema): string {
  // Code() writes "const local_0 = …; return function check(value) {…}".
  return `(() => {\n${TypeCompiler.Code(schema, [], { language: 'javascript' })}\n})()`;
}

/** What a value must be to pass `schema`, in words, for explanations. */
export function expectation(schema: TSchema): string {
  return `expected ${describe(schema)}`;
}

function describe(schema: TSchema): string {
  switch (schema[Kind]) {
    case 'Object':
      // Its fields, so that even an explanation without a path says what was wanted.
      return `object {${Object.entries(schema.properties as Record<string, TSchema>)
        .map(([key, property]) => (property[OptionalKind] === 'Optional' ? `${key}?` : key))
        .join(', ')}}`;
    case 'Array':
      return typeof schema.maxItems === 'number' ? `array of at most ${schema.maxItems} items` : 'array';
    case 'String':
      return `string${lengthBounds(schema)}${typeof schema.pattern === 'string' ? ` matching ${schema.pattern}` : ''}`;
    case 'Number':
      return `number${numberBounds(schema)}`;
    case 'Integer':
      return `integer${numberBounds(schema)}`;
    case 'Boolean':
      return 'boolean';
    case 'Null':
      return 'null';
    case 'Literal':
      return JSON.stringify(schema.const);
    case 'Union':
      return [...new Set((schema.anyOf as TSchema[]).map(describe))].join(' or ');
    case 'Unknown':
      return 'any value';
    default:
      // A kind this file does not describe yet: the check is still exact, only the words are vague.
      return 'a valid value';
  }
}

function lengthBounds(schema: TSchema): string {
  const min = typeof schema.minLength === 'number' ? schema.minLength : undefined;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : undefined;
  if (min !== undefined && max !== undefined) return ` of ${min} to ${max} characters`;
  if (max !== undefined) return ` of at most ${max} characters`;
  if (min !== undefined) return ` of at least ${min} characters`;
  return '';
}

function numberBounds(schema: TSchema): string {
  const bounds: string[] = [];
  if (typeof schema.minimum === 'number') bounds.push(`≥ ${schema.minimum}`);
  if (typeof schema.maximum === 'number') bounds.push(`≤ ${schema.maximum}`);
  return bounds.length > 0 ? ` ${bounds.join(' and ')}` : '';
}
