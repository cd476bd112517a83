// Schema checks interpreted at run time: slower than compiled ones but free of
// eval, so the browser can run them under a Content-Security-Policy without
// 'unsafe-eval'. A browser parses only its own room's traffic.
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Checker, CheckerFactory } from './frame-parser.js';

export const interpretedChecker: CheckerFactory = <T extends TSchema>(schema: T): Checker<T> => ({
  check: (value: unknown) => Value.Check(schema, value),
  explain: (value: unknown) => {
    const first = Value.Errors(schema, value).First();
    return first ? `${first.path || '/'}: ${first.message}` : 'invalid';
  },
});
