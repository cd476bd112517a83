// Schema checks compiled to JavaScript: the fast path for the server, where
// every relayed frame is validated. Compilation uses `new Function`, so this
// module is for Node only; the browser's checks are compiled at build time
// (client/checks/).
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { Checker, CheckerFactory } from './frame-parser.js';

export const compiledChecker: CheckerFactory = <T extends TSchema>(schema: T): Checker<T> => {
  const compiled = TypeCompiler.Compile(schema);
  return {
    check: (value: unknown) => compiled.Check(value),
    explain: (value: unknown) => {
      const first = compiled.Errors(value).First();
      return first ? `${first.path || '/'}: ${first.message}` : 'invalid';
    },
  };
};
