// Both checkers must agree: the server compiles schemas, the browser
// interprets them, and a frame must mean the same on both sides.
import { describe, expect, it } from 'vitest';
import { compiledChecker } from '../../shared/compiled-checker.js';
import { ClientFrameParser, ServerFrameParser } from '../../shared/frame-parser.js';
import { interpretedChecker } from '../../shared/interpreted-checker.js';

const checkers = { compiled: compiledChecker, interpreted: interpretedChecker };

describe.each(Object.entries(checkers))('ClientFrameParser (%s)', (_name, checker) => {
  const parser = new ClientFrameParser(checker);
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

describe.each(Object.entries(checkers))('ServerFrameParser (%s)', (_name, checker) => {
  const parser = new ServerFrameParser(checker);
  it('accepts what the server sends and rejects frames without a sender', () => {
    expect(parser.parse('{"sender":"ground control","receiver":"a","type":"room-info","data":{"room_id":"r","clients":[{"id":"a","username":""}]}}').ok).toBe(true);
    expect(parser.parse('{"sender":"ground control","receiver":"a","type":"ice-servers","data":[{"urls":["stun:x"]}]}').ok).toBe(true);
    expect(parser.parse('{"receiver":"a","type":"pong"}')).toMatchObject({ ok: false, code: 'bad-payload' });
  });
});
