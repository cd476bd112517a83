// The SDP facts VideoPeer relies on, read from descriptions and candidates as
// Chromium writes them.
import { describe, expect, it } from 'vitest';
import { candidateUfrag, sessionIdOf, ufragsOf } from '../../../client/peers/sdp-facts.js';

const CHROMIUM_OFFER = [
  'v=0',
  'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0 1',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=ice-ufrag:EsAw',
  'a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=ice-ufrag:EsAw',
  '',
].join('\r\n');

describe('sdp facts', () => {
  it('reads the session id of the origin line, which an ICE restart keeps', () => {
    expect(sessionIdOf(CHROMIUM_OFFER)).toBe('4611731400430051336');
    expect(sessionIdOf(CHROMIUM_OFFER.replace('EsAw', 'Zq9x').replace(' 2 IN', ' 3 IN'))).toBe('4611731400430051336');
    expect(sessionIdOf('v=0\r\n')).toBeUndefined();
  });

  it('collects the ICE ufrags a description declares', () => {
    expect(ufragsOf(CHROMIUM_OFFER)).toEqual(new Set(['EsAw']));
  });

  it('reads the ufrag a candidate line names, if any', () => {
    expect(candidateUfrag('candidate:1467250027 1 udp 2122260223 192.168.1.2 46243 typ host generation 0 ufrag EsAw network-id 1')).toBe('EsAw');
    expect(candidateUfrag('candidate:1 1 udp 1 10.0.0.1 5000 typ relay raddr 0.0.0.0 rport 0')).toBeUndefined();
  });
});
