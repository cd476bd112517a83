// Turns a schema's check, compiled to JavaScript at build time
// (build/compiled-checks.ts), into a Checker: the check itself, and a way to
// say why a value fails it. The browser cannot compile schemas at run time
// (the page's CSP forbids eval) and interpreting them costs ~28 KB of
// TypeBox; this is all it carries instead.
import type { Static, TSchema } from '@sinclair/typebox';
import type { Checker } from '../../shared/frame-parser.js';

/**
 * One schema node as the generated module writes it. The keys are one letter
 * because they are written once per node into the page's JavaScript, and a
 * minifier does not shorten property names.
 */
export interface CheckNode {
  /** The node's check, compiled from its schema. */
  c: (value: unknown) => boolean;
  /** What the node expects, e.g. "expected string of at most 128 characters". */
  m: string;
  /** An object's properties: name, node, and 1 when the property is optional. */
  p?: readonly (readonly [string, CheckNode, 0 | 1])[];
  /** An array's items. */
  i?: CheckNode;
}

/** The Checker for a generated node; the generated module calls it once per schema it exports. */
export function builtChecker<T extends TSchema>(node: CheckNode): Checker<T> {
  return {
    // The compiled check is the schema's, so it guards the schema's static type.
    check: (value: unknown): value is Static<T> => node.c(value),
    explain: (value: unknown) => explainFailure(node, value, ''),
  };
}

/**
 * The first reason `value` fails `node`, as "path: what was expected". It
 * goes down to the first property or item whose own check fails, so the path
 * is as deep as the schema's objects and arrays go (a union is not entered).
 */
export function explainFailure(node: CheckNode, value: unknown, path: string): string {
  if (node.p && typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const fields = new Map<string, unknown>(Object.entries(value));
    for (const [key, child, isOptional] of node.p) {
      const field = fields.get(key);
      if (isOptional && field === undefined) continue;
      if (child.c(field)) continue;
      return fields.has(key) ? explainFailure(child, field, `${path}/${key}`) : `${path}/${key}: required`;
    }
  }
  if (node.i && Array.isArray(value)) {
    const items = node.i;
    const index = value.findIndex((item) => !items.c(item));
    if (index >= 0) return explainFailure(items, value[index], `${path}/${index}`);
  }
  return `${path || '/'}: ${node.m}`;
}
