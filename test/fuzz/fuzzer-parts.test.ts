// The fuzzer's own parts (fuzz/): the schema walk yields frames that pass
// their schemas, the generator is reproducible and reaches every class, and
// the oracle predicts what docs/protocol.md says for frames picked by hand.
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { FRAME_CLASSES, frameGenerator } from '../../fuzz/frame-generator.js';
import { plainLeaves, hostileLeaves, type FuzzTargets } from '../../fuzz/leaves.js';
import { predict, textDepth, type OracleContext } from '../../fuzz/oracle.js';
import { seededRng } from '../../fuzz/rng.js';
import { schemaValue } from '../../fuzz/schema-values.js';
import { ClientFrameSchemas, MAX_JSON_DEPTH } from '../../shared/protocol.js';

const SELF = '11111111-1111-4111-8111-111111111111';
const A = '22222222-2222-4222-8222-222222222222';
const B = '33333333-3333-4333-8333-333333333333';
const STRANGER = '44444444-4444-4444-8444-444444444444';
const targets: FuzzTargets = { self: SELF, members: [A, B], strangers: [STRANGER], maxFrameBytes: 65_536, maxTextLength: 4000 };
const ctx: OracleContext = { self: SELF, members: [A, B], maxFrameBytes: 65_536, maxTextLength: 4000, depthLimit: MAX_JSON_DEPTH };
const text = (value: string) => predict(Buffer.from(value), false, ctx);
const json = (value: unknown) => text(JSON.stringify(value));
const nest = (levels: number) => `${'['.repeat(levels)}1${']'.repeat(levels)}`;

describe('schemaValue', () => {
  it('builds values that pass every client frame schema, with plain and hostile leaves', () => {
    const rng = seededRng(1);
    for (const [type, schema] of Object.entries(ClientFrameSchemas)) {
      for (const leaves of [plainLeaves(rng), hostileLeaves(rng, targets)]) {
        for (let i = 0; i < 50; i++) {
          const value = schemaValue(schema, leaves, rng);
          expect(Value.Check(schema, value), `${type}: ${JSON.stringify(value).slice(0, 200)}`).toBe(true);
        }
      }
    }
  }, 60_000);

  it('names a schema kind it does not know', () => {
    expect(() => schemaValue(Type.Object({ at: Type.Date() }), plainLeaves(seededRng(1)), seededRng(1))).toThrow(/Date.*"at"/);
  });
});

describe('frameGenerator', () => {
  it('gives the same frames for the same seed, and every class within 20,000 frames', () => {
    const one = frameGenerator(7, targets);
    const two = frameGenerator(7, targets);
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const frame = one();
      if (i < 2000) expect(two().bytes.equals(frame.bytes)).toBe(true);
      seen.add(frame.cls);
    }
    expect([...seen].sort()).toEqual([...FRAME_CLASSES].sort());
  }, 60_000);
});

describe('oracle', () => {
  const offer = { type: 'offer', sdp: 'v=0\r\n' };
  it('routes valid frames as docs/protocol.md says', () => {
    expect(json({ receiver: 'ground control', type: 'ping', id: 'p', data: [1] }).toSelf).toEqual([{ fromServer: true, type: 'pong', idJson: '"p"' }]);
    expect(json({ receiver: 'ground control', type: 'pong' }).toSelf).toEqual([]);
    const toA = json({ receiver: A, type: 'offer', id: 3, data: offer });
    expect(toA.toSelf).toEqual([]);
    expect(toA.toMembers.get(A)).toEqual([{ fromServer: false, type: 'offer', idJson: '3' }]);
    const toRoom = json({ receiver: 'room', type: 'text', data: { text: 'hi' } });
    expect(toRoom.toSelf).toHaveLength(1);
    expect([...toRoom.toMembers.keys()]).toEqual([A, B]);
    expect(json({ receiver: A, type: 'text', data: { text: 'hi' } }).toSelf).toEqual([{ fromServer: false, type: 'text', idJson: '' }]);
    expect(json({ receiver: 'ground control', type: 'bye' }).close).toBe(1000);
    const byeToStranger = json({ receiver: STRANGER, type: 'bye' });
    expect([byeToStranger.toSelf, byeToStranger.toMembers.size]).toEqual([[], 0]);
  });

  it('expects the right error for each kind of bad frame', () => {
    const codeOf = (p: ReturnType<typeof text>) => p.toSelf.map((e) => e.codes?.join('|'));
    expect(codeOf(text('{"receiver":'))).toEqual(['bad-json']);
    expect(codeOf(text('{"receiver":"room","type":"ping","id":1e400}'))).toEqual(['bad-frame']);
    expect(codeOf(json({ receiver: 'room', type: '__proto__' }))).toEqual(['unknown-type']);
    expect(codeOf(json({ receiver: A, type: 'offer', data: { sdp: 5 } }))).toEqual(['bad-payload']);
    expect(codeOf(json({ receiver: STRANGER, type: 'offer', data: offer }))).toEqual(['unknown-receiver']);
    expect(codeOf(json({ receiver: 'room', type: 'text', data: { text: 'x'.repeat(4001) } }))).toEqual(['text-too-long']);
    expect(codeOf(json({ receiver: 'room', type: 'text', data: { text: ' ' } }))).toEqual(['bad-payload']);
    expect(codeOf(predict(Buffer.from('{}'), true, ctx))).toEqual(['bad-frame']);
  });

  it('holds the nesting limit, duplicate keys included, and the closes ws makes', () => {
    const ping = (data: string) => text(`{"receiver":"ground control","type":"ping","data":${data}}`);
    expect(ping(nest(MAX_JSON_DEPTH - 1)).toSelf[0]!.type).toBe('pong');
    expect(ping(nest(MAX_JSON_DEPTH)).toSelf[0]!.codes).toEqual(['bad-frame']);
    expect(text(`{"receiver":"ground control","type":"ping","data":1,"data":${nest(40)}}`).toSelf[0]!.codes).toEqual(['bad-frame']);
    expect(textDepth('{"a":"[[[[\\"[[","b":[{}]}')).toBe(3);
    expect(predict(Buffer.from([0x7b, 0xff, 0x7d]), false, ctx).close).toBe(1007);
    expect(predict(Buffer.alloc(65_537, 0x20), false, ctx).close).toBe(1009);
  });
});
