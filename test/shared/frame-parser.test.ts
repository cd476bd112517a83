// Both kinds of check must agree: the server compiles schemas at start-up,
// the browser gets them compiled at build time (client/checks/), and a frame
// must mean the same on both sides. The browser never parses client frames;
// they are built here the way its checks are, to run these cases through both.
import { describe, expect, it } from 'vitest';
import { serverFrameParser } from '../../client/checks/server-frame-parser.js';
import { compiledChecker } from '../../shared/compiled-checker.js';
import { ClientFrameParser, FrameParser, ServerFrameParser } from '../../shared/frame-parser.js';
import { ClientFrameSchemas, Envelope, MAX_JSON_DEPTH, type ClientFrame } from '../../shared/protocol.js';
import { importBuiltChecks } from '../helpers/built-checks.js';

const built = await importBuiltChecks({ client: ClientFrameSchemas, envelope: { Envelope } });
const parsers = {
  compiled: { client: new ClientFrameParser(compiledChecker), server: new ServerFrameParser(compiledChecker) },
  'built at build time': { client: new FrameParser<ClientFrame>({ envelope: built.envelope.Envelope, byType: built.client }), server: serverFrameParser() },
};

describe.each(Object.entries(parsers))('ClientFrameParser (%s)', (_name, { client: parser }) => {
  const cases: [string, string | undefined][] = [
    ['{"receiver":"ground control","type":"get-room-info"}', undefined],
    ['{"receiver":"ground control","type":"ping","data":1,"id":"x"}', undefined],
    ['{"sender":"","receiver":"abc","type":"icecandidate","data":{"candidate":"c","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":null}}', undefined],
    ['{"receiver":"room","type":"text","data":{"from":"A","time":"12","text":"t"}}', undefined],
    ['{', 'bad-json'],
    ['null', 'bad-frame'],
    ['{"receiver":1,"type":"ping"}', 'bad-frame'],
    ['{"receiver":"x","type":"ping","id":{}}', 'bad-frame'],
    ['{"receiver":"x","type":"error","data":{"code":"x","description":"y"}}', 'unknown-type'],
    ['{"receiver":"x","type":"offer","data":{"type":"answer"}}', 'bad-payload'],
    ['{"receiver":"x","type":"icecandidate","data":{"sdpMLineIndex":-1}}', 'bad-payload'],
    ['{"receiver":"x","type":"profile","data":{"username":7}}', 'bad-payload'],
  ];
  it.each(cases)('%s -> %s', (raw, code) => {
    const result = parser.parse(raw);
    if (code === undefined) expect(result.ok).toBe(true);
    else expect(result).toMatchObject({ ok: false, code });
  });

  it('returns the id of a rejected frame so the error can echo it', () => {
    expect(parser.parse('{"receiver":"x","type":"nope","id":9}')).toMatchObject({ ok: false, id: 9 });
  });
});

describe.each(Object.entries(parsers))('ServerFrameParser (%s)', (_name, { server: parser }) => {
  it('accepts what the server sends and rejects frames without a sender', () => {
    expect(parser.parse('{"sender":"ground control","receiver":"a","type":"room-info","data":{"room_id":"r","clients":[{"id":"a","username":""}]}}').ok).toBe(true);
    expect(parser.parse('{"sender":"ground control","receiver":"a","type":"ice-servers","data":[{"urls":["stun:x"]}]}').ok).toBe(true);
    expect(parser.parse('{"receiver":"a","type":"pong"}')).toMatchObject({ ok: false, code: 'bad-payload' });
  });
});

// Issue 10: one 40 KB frame of nested arrays crashed the server in JSON.stringify.
describe.each(Object.entries(parsers))('nesting limit (%s)', (_name, { client, server }) => {
  const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);

  it(`accepts data nested to ${MAX_JSON_DEPTH} levels in all, counting the frame`, () => {
    expect(client.parse(`{"receiver":"room","type":"ping","data":${nest(MAX_JSON_DEPTH - 1)}}`).ok).toBe(true);
  });

  it.each([
    ['the ping of issue 10', `{"receiver":"ground control","type":"ping","data":${nest(20_000)}}`],
    ['8,000 levels of objects', `{"receiver":"room","type":"ping","data":${'{"a":'.repeat(8000)}1${'}'.repeat(8000)}}`],
    ['a deep last duplicate', `{"receiver":"room","type":"ping","data":1,"data":${nest(MAX_JSON_DEPTH)}}`],
    ['a deep relayed offer', `{"receiver":"x","type":"offer","data":{"type":"offer","sdp":"v=0","x":${nest(40)}},"id":7}`],
  ])('refuses %s with bad-frame naming the limit, echoing nothing', (_case, raw) => {
    const result = client.parse(raw);
    expect(result).toEqual({ ok: false, code: 'bad-frame', description: expect.stringContaining(`limit is ${MAX_JSON_DEPTH}`) });
  });

  it('bounds what the browser accepts from the server too', () => {
    const deep = `{"sender":"x","receiver":"a","type":"pong","data":${nest(MAX_JSON_DEPTH)}}`;
    expect(server.parse(deep)).toMatchObject({ ok: false, code: 'bad-frame' });
    expect(server.parse(`{"sender":"x","receiver":"a","type":"pong","data":${nest(MAX_JSON_DEPTH - 1)}}`).ok).toBe(true);
  });
});
