// Turns raw WebSocket text into a typed frame or a coded error: the one place
// where untrusted JSON becomes protocol types. The checks are passed in
// because the server compiles schemas to code at start-up (fast, needs eval)
// while the browser gets them compiled at build time (no eval under its CSP,
// and no TypeBox in the page: client/checks/).
import type { Static, TSchema } from '@sinclair/typebox';
import { isJsonDeeperThan } from './json-depth.js';
import { ClientFrameSchemas, Envelope, ErrorCode, MAX_JSON_DEPTH, ServerFrameSchemas, type ClientFrame, type FrameId, type ServerFrame } from './protocol.js';

/** A compiled check for one schema: a type guard plus a way to explain a failure. */
export interface Checker<T extends TSchema> {
  check(value: unknown): value is Static<T>;
  /** The first reason `value` fails, as "path: message". */
  explain(value: unknown): string;
}
export type CheckerFactory = <T extends TSchema>(schema: T) => Checker<T>;

export interface ParseFailure {
  ok: false;
  code: ErrorCode;
  description: string;
  /** The frame's `id`, when it could be read, so the error can echo it. */
  id?: FrameId;
}
export type ParseResult<F> = { ok: true; frame: F } | ParseFailure;

type Guard<F> = (value: unknown) => value is F;

const TOO_DEEP: ParseFailure = {
  ok: false,
  code: ErrorCode.BadFrame,
  description: `frame nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep; the limit is ${MAX_JSON_DEPTH}`,
};

/** What a FrameParser checks with: the envelope every frame shares, and each accepted type's whole frame. */
export interface FrameChecks {
  envelope: Checker<typeof Envelope>;
  byType: Readonly<Record<string, Checker<TSchema>>>;
}

/** Parses frames of one direction; F is the union of the frames `byType` accepts. */
export class FrameParser<F> {
  readonly #envelope: Checker<typeof Envelope>;
  readonly #byType = new Map<string, { guard: Guard<F>; explain: (v: unknown) => string }>();

  constructor({ envelope, byType }: FrameChecks) {
    this.#envelope = envelope;
    for (const [type, checker] of Object.entries(byType)) {
      // Each schema is one member of the union F, so its guard narrows to F.
      const guard: Guard<F> = (value: unknown): value is F => checker.check(value);
      this.#byType.set(type, { guard, explain: (v) => checker.explain(v) });
    }
  }

  parse(raw: string): ParseResult<F> {
    // Measured before parsing, so nothing deep is ever built, echoed or
    // relayed. Not even the id is read back: the frame is not trusted.
    if (isJsonDeeperThan(raw, MAX_JSON_DEPTH)) return { ...TOO_DEEP };
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, code: ErrorCode.BadJson, description: 'frame is not valid JSON' };
    }
    return this.validate(value);
  }

  /** Checks an already parsed value; parse() is the way in for text, since only it bounds nesting. */
  validate(value: unknown): ParseResult<F> {
    if (!this.#envelope.check(value)) {
      return {
        ok: false,
        code: ErrorCode.BadFrame,
        description: `frame must be an object with string "type" and "receiver" (${this.#envelope.explain(value)})`,
      };
    }
    const { id, type } = value;
    const entry = this.#byType.get(type);
    if (!entry) {
      return { ok: false, code: ErrorCode.UnknownType, description: `unknown type "${type.slice(0, 64)}"`, id };
    }
    if (!entry.guard(value)) {
      return { ok: false, code: ErrorCode.BadPayload, description: `bad ${type} frame: ${entry.explain(value)}`, id };
    }
    return { ok: true, frame: value };
  }
}

function checksOf(schemas: Record<string, TSchema>, makeChecker: CheckerFactory): FrameChecks {
  const byType = Object.fromEntries(Object.entries(schemas).map(([type, schema]) => [type, makeChecker(schema)]));
  return { envelope: makeChecker(Envelope), byType };
}

/** Parses what clients send; used by the server. */
export class ClientFrameParser extends FrameParser<ClientFrame> {
  constructor(makeChecker: CheckerFactory) {
    super(checksOf(ClientFrameSchemas, makeChecker));
  }
}

/**
 * Parses what the server sends, with checks made from the schemas: Node's
 * clients (the fuzzer, tests). The browser builds a FrameParser<ServerFrame>
 * from its generated checks instead (client/checks/server-frame-parser.ts).
 */
export class ServerFrameParser extends FrameParser<ServerFrame> {
  constructor(makeChecker: CheckerFactory) {
    super(checksOf(ServerFrameSchemas, makeChecker));
  }
}
