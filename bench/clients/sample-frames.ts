// The payloads the load generator relays: a session description the size of
// a Chrome audio+video offer, and an ICE candidate as browsers send them. A
// relay run cycles through SIGNALING_MIX, the proportion of one call's setup.

const VIDEO_CODECS = [
  [96, 'VP8/90000'],
  [97, 'rtx/90000'],
  [98, 'VP9/90000'],
  [99, 'rtx/90000'],
  [100, 'H264/90000'],
  [101, 'rtx/90000'],
  [102, 'AV1/90000'],
  [103, 'rtx/90000'],
] as const;

function audioSection(): string[] {
  return [
    'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126',
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    'a=ice-ufrag:sK3o',
    'a=ice-pwd:3oxW0wK8Jx2rY6aBq1VvI9dZ',
    'a=ice-options:trickle',
    'a=fingerprint:sha-256 4F:2A:9B:61:0C:77:D3:E8:15:AA:42:9F:03:BC:6E:D1:58:27:C4:0E:93:7A:B5:1F:66:E2:08:D9:34:CA:71:5B',
    'a=setup:actpass',
    'a=mid:0',
    'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level',
    'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
    'a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
    'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
    'a=sendrecv',
    'a=msid:5d1c0f0e-3a7b-4e52-9a52-8f7d4d9d1b2e 0b6d9c3e-41f2-4c4e-8a3e-6b2f1d0e9c7a',
    'a=rtcp-mux',
    'a=rtcp-rsize',
    'a=rtpmap:111 opus/48000/2',
    'a=rtcp-fb:111 transport-cc',
    'a=fmtp:111 minptime=10;useinbandfec=1',
    'a=rtpmap:63 red/48000/2',
    'a=fmtp:63 111/111',
    'a=rtpmap:9 G722/8000',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:13 CN/8000',
    'a=rtpmap:110 telephone-event/48000',
    'a=rtpmap:126 telephone-event/8000',
    'a=ssrc:3735928559 cname:Qd7w1m3XyV2pL9sT',
    'a=ssrc:3735928559 msid:5d1c0f0e-3a7b-4e52-9a52-8f7d4d9d1b2e 0b6d9c3e-41f2-4c4e-8a3e-6b2f1d0e9c7a',
  ];
}

function videoSection(): string[] {
  const lines = [
    `m=video 9 UDP/TLS/RTP/SAVPF ${VIDEO_CODECS.map(([pt]) => pt).join(' ')}`,
    'c=IN IP4 0.0.0.0',
    'a=rtcp:9 IN IP4 0.0.0.0',
    'a=ice-ufrag:sK3o',
    'a=ice-pwd:3oxW0wK8Jx2rY6aBq1VvI9dZ',
    'a=ice-options:trickle',
    'a=fingerprint:sha-256 4F:2A:9B:61:0C:77:D3:E8:15:AA:42:9F:03:BC:6E:D1:58:27:C4:0E:93:7A:B5:1F:66:E2:08:D9:34:CA:71:5B',
    'a=setup:actpass',
    'a=mid:1',
    'a=extmap:14 urn:ietf:params:rtp-hdrext:toffset',
    'a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
    'a=extmap:13 urn:3gpp:video-orientation',
    'a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
    'a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay',
    'a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type',
    'a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing',
    'a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space',
    'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid',
    'a=sendrecv',
    'a=msid:5d1c0f0e-3a7b-4e52-9a52-8f7d4d9d1b2e 7e1f2a3b-5c6d-4e8f-9a0b-1c2d3e4f5a6b',
    'a=rtcp-mux',
    'a=rtcp-rsize',
  ];
  for (const [pt, codec] of VIDEO_CODECS) {
    lines.push(`a=rtpmap:${pt} ${codec}`);
    if (codec.startsWith('rtx')) {
      lines.push(`a=fmtp:${pt} apt=${pt - 1}`);
    } else {
      lines.push(`a=rtcp-fb:${pt} goog-remb`, `a=rtcp-fb:${pt} transport-cc`, `a=rtcp-fb:${pt} ccm fir`, `a=rtcp-fb:${pt} nack`, `a=rtcp-fb:${pt} nack pli`);
      if (codec.startsWith('H264')) lines.push(`a=fmtp:${pt} level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f`);
    }
  }
  lines.push(
    'a=ssrc-group:FID 2882400001 2882400002',
    'a=ssrc:2882400001 cname:Qd7w1m3XyV2pL9sT',
    'a=ssrc:2882400001 msid:5d1c0f0e-3a7b-4e52-9a52-8f7d4d9d1b2e 7e1f2a3b-5c6d-4e8f-9a0b-1c2d3e4f5a6b',
    'a=ssrc:2882400002 cname:Qd7w1m3XyV2pL9sT',
    'a=ssrc:2882400002 msid:5d1c0f0e-3a7b-4e52-9a52-8f7d4d9d1b2e 7e1f2a3b-5c6d-4e8f-9a0b-1c2d3e4f5a6b',
  );
  return lines;
}

function sessionDescription(type: 'offer' | 'answer'): { type: 'offer' | 'answer'; sdp: string } {
  const head = [
    'v=0',
    'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=group:BUNDLE 0 1',
    'a=extmap-allow-mixed',
    'a=msid-semantic: WMS 5d1c0f0e-3a7b-4e52-9a52-8f7d4d9d1b2e',
  ];
  return { type, sdp: [...head, ...audioSection(), ...videoSection(), ''].join('\r\n') };
}

export const OFFER = sessionDescription('offer');
export const ANSWER = sessionDescription('answer');
export const CANDIDATE = {
  candidate: 'candidate:842163049 1 udp 1677729535 203.0.113.7 49203 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag sK3o network-cost 999',
  sdpMid: '0',
  sdpMLineIndex: 0,
  usernameFragment: 'sK3o',
};

export type SignalKind = 'offer' | 'answer' | 'icecandidate';
/** One call's setup in proportion: an offer, an answer, eight candidates. */
export const SIGNALING_MIX: readonly SignalKind[] = ['offer', 'answer', ...Array<SignalKind>(8).fill('icecandidate')];

export const TEXT = 'See you at the stand-up in five minutes, I will share the slides.';
