// The types of the module the build generates from browser-schemas.ts
// (build/compiled-checks-plugin.ts): one Checker per schema, typed by the
// schema it was compiled from.
declare module 'virtual:browser-checks' {
  type Schemas = typeof import('./browser-schemas.js').BrowserSchemas;
  type Checker<T extends import('@sinclair/typebox').TSchema> = import('../../shared/frame-parser.js').Checker<T>;

  export const checks: { readonly [K in keyof Schemas['checks']]: Checker<Schemas['checks'][K]> };
  export const serverFrameChecks: { readonly [K in keyof Schemas['serverFrameChecks']]: Checker<Schemas['serverFrameChecks'][K]> };
}
