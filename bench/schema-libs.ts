// Measures what each candidate schema library costs to validate the frames on
// the relay path, so the protocol's library is chosen by numbers, not by taste.
// Run: npx tsx bench/schema-libs.ts
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { Value } from '@sinclair/typebox/value';
import * as v from 'valibot';
import { z } from 'zod';

const frames = [
  {
    receiver: 'b6c1',
    type: 'icecandidate',
    data: {
      candidate: 'candidate:842163049 1 udp 1677729535 203.0.113.7 49203 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag sK3o network-cost 999',
      sdpMid: '0',
      sdpMLineIndex: 0,
      usernameFragment: 'sK3o',
    },
  },
  { receiver: 'b6c1', type: 'offer', data: { type: 'offer', sdp: 'v=0\r\n'.repeat(400) } },
  { receiver: 'room', type: 'text', data: { from: 'Ada', time: 0, text: 'hello there' } },
];

const tbCandidate = Type.Object({
  candidate: Type.Optional(Type.String()),
  sdpMid: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  sdpMLineIndex: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  usernameFragment: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
const tbFrame = Type.Union([
  Type.Object({ receiver: Type.String(), type: Type.Literal('icecandidate'), data: tbCandidate }),
  Type.Object({ receiver: Type.String(), type: Type.Literal('offer'), data: Type.Object({ type: Type.Literal('offer'), sdp: Type.String() }) }),
  Type.Object({
    receiver: Type.String(),
    type: Type.Literal('text'),
    data: Type.Object({ from: Type.Optional(Type.String()), time: Type.Optional(Type.Unknown()), text: Type.String() }),
  }),
]);
const tbCompiled = TypeCompiler.Compile(tbFrame);

const vbNullableStr = v.optional(v.nullable(v.string()));
const vbFrame = v.variant('type', [
  v.object({
    receiver: v.string(),
    type: v.literal('icecandidate'),
    data: v.object({
      candidate: v.optional(v.string()),
      sdpMid: vbNullableStr,
      sdpMLineIndex: v.optional(v.nullable(v.pipe(v.number(), v.integer()))),
      usernameFragment: vbNullableStr,
    }),
  }),
  v.object({ receiver: v.string(), type: v.literal('offer'), data: v.object({ type: v.literal('offer'), sdp: v.string() }) }),
  v.object({ receiver: v.string(), type: v.literal('text'), data: v.object({ from: v.optional(v.string()), time: v.optional(v.unknown()), text: v.string() }) }),
]);

const zFrame = z.discriminatedUnion('type', [
  z.object({
    receiver: z.string(),
    type: z.literal('icecandidate'),
    data: z.object({
      candidate: z.string().optional(),
      sdpMid: z.string().nullable().optional(),
      sdpMLineIndex: z.number().int().nullable().optional(),
      usernameFragment: z.string().nullable().optional(),
    }),
  }),
  z.object({ receiver: z.string(), type: z.literal('offer'), data: z.object({ type: z.literal('offer'), sdp: z.string() }) }),
  z.object({ receiver: z.string(), type: z.literal('text'), data: z.object({ from: z.string().optional(), time: z.unknown().optional(), text: z.string() }) }),
]);

const candidates: Record<string, (x: unknown) => boolean> = {
  'typebox (compiled)': (x) => tbCompiled.Check(x),
  'typebox (Value.Check)': (x) => Value.Check(tbFrame, x),
  'valibot (safeParse)': (x) => v.safeParse(vbFrame, x).success,
  'zod 4 (safeParse)': (x) => zFrame.safeParse(x).success,
};

const N = 300_000;
const results: [string, number][] = [];
for (const [name, check] of Object.entries(candidates)) {
  for (let i = 0; i < 20_000; i++) check(frames[i % 3]); // warm up the JIT
  const t0 = process.hrtime.bigint();
  let ok = 0;
  for (let i = 0; i < N; i++) if (check(frames[i % 3])) ok++;
  const ns = Number(process.hrtime.bigint() - t0) / N;
  if (ok !== N) throw new Error(`${name} rejected a valid frame`);
  results.push([name, ns]);
}
const best = Math.min(...results.map(([, ns]) => ns));
console.log('| library | ns per frame | × fastest |\n|---|---|---|');
for (const [name, ns] of results) console.log(`| ${name} | ${ns.toFixed(0)} | ${(ns / best).toFixed(1)} |`);
