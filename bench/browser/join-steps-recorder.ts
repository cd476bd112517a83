// Bench-only instrumentation of Parley's page, installed before the app with
// addInitScript: it logs each step from the Join click to the first remote
// frames, wrapping the WebSocket, RTCPeerConnection and getUserMedia the app
// looks up on window, and the srcObject setter of <video> elements to watch
// them with requestVideoFrameCallback. The app itself carries no bench hook.
// Kept as source text: tsx/esbuild would wrap named functions and classes in
// a helper (__name) that the page lacks.
//
// Times are performance.timeOrigin + performance.now(): milliseconds since the
// epoch at sub-millisecond resolution, comparable between the pages of one
// machine, so the other participants' steps line up with the newcomer's.
//
// window.parleyBench holds:
//   log          [time, step, peer connection index or -1] for every step seen
//   firstFrames  { peerId: time } when each remote peer's video first presented a frame
//   clickedAt    the Join click (capture phase, so before the app sees it)
//   camera       the settings (width, height) of the camera track we send
// and hasCameraPreview() and framesDecoded() for the bench to call.

export const JOIN_STEPS_RECORDER = `
(() => {
  const bench = (window.parleyBench = { log: [], firstFrames: {}, clickedAt: undefined, camera: undefined, pcs: [] });
  const now = () => performance.timeOrigin + performance.now();
  const step = (name, peer = -1) => bench.log.push([now(), name, peer]);

  document.addEventListener('click', (event) => {
    const button = event.composedPath().find((el) => el instanceof HTMLButtonElement);
    if (button && /join/i.test(button.textContent || '') && bench.clickedAt === undefined) bench.clickedAt = now();
  }, { capture: true });

  const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    step('getUserMedia called');
    const stream = await getUserMedia(constraints);
    const [track] = stream.getVideoTracks();
    if (track) { const { width, height } = track.getSettings(); bench.camera = { width, height }; }
    return stream;
  };

  const RECEIVED = { greeting: 'greeting', 'ice-config': 'ICE config received', 'ice-servers': 'ICE config received', 'room-info': 'room-info received', offer: 'offer received', answer: 'answer received' };
  const SENT = { 'get-ice-config': 'ICE config requested', 'get-ice-servers': 'ICE config requested', profile: 'profile sent', 'get-room-info': 'room-info requested', offer: 'offer sent', answer: 'answer sent' };
  const typeOf = (text) => { try { return JSON.parse(text).type; } catch { return ''; } };
  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      step('websocket created');
      this.addEventListener('open', () => step('websocket open'));
      this.addEventListener('message', (event) => { const name = RECEIVED[typeOf(event.data)]; if (name) step(name); });
    }
    send(data) {
      const name = SENT[typeOf(data)];
      if (name) step(name);
      super.send(data);
    }
  };

  const NativePeerConnection = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends NativePeerConnection {
    constructor(...args) {
      super(...args);
      const index = bench.pcs.push(this) - 1;
      step('peer connection created', index);
      this.addEventListener('iceconnectionstatechange', () => {
        if (this.iceConnectionState === 'connected' || this.iceConnectionState === 'completed') step('ICE connected', index);
      });
      this.addEventListener('connectionstatechange', () => { if (this.connectionState === 'connected') step('DTLS connected', index); });
      this.addEventListener('track', (event) => { if (event.track.kind === 'video') step('remote video track', index); });
    }
  };

  // Each <video> that is given a stream is watched for its first frame; at
  // that moment, a remote one (data-peer, not data-self) counts for its
  // peer. Hooking srcObject costs nothing per frame, where scanning the
  // shadow DOM every animation frame cost the page ~7 ms a frame (measured
  // in a trace) and slowed the very join it timed. A remote tile may be
  // rebuilt as people come, so a peer's first frame is the earliest any of
  // its elements presented.
  const srcObject = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject');
  Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
    configurable: true,
    enumerable: srcObject.enumerable,
    get() { return srcObject.get.call(this); },
    set(stream) {
      srcObject.set.call(this, stream);
      if (!stream || !(this instanceof HTMLVideoElement)) return;
      this.requestVideoFrameCallback(() => {
        const at = now();
        if (this.srcObject !== stream || !this.matches('[data-peer]:not([data-self])')) return;
        const id = this.getAttribute('data-peer');
        if (bench.firstFrames[id] === undefined || at < bench.firstFrames[id]) bench.firstFrames[id] = at;
      });
    },
  });
  const deepAll = (selector, root = document) => {
    const found = [...root.querySelectorAll(selector)];
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) found.push(...deepAll(selector, el.shadowRoot));
    return found;
  };

  bench.hasCameraPreview = () => deepAll('video').some((video) => video.videoWidth > 0);

  bench.framesDecoded = async () => {
    let frames = 0;
    for (const pc of bench.pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded || 0; });
    }
    return frames;
  };
})();
`;

/** What JOIN_STEPS_RECORDER leaves on window.parleyBench, as read back by the bench. */
export interface RecordedJoin {
  clickedAt: number | undefined;
  log: [at: number, step: string, peer: number][];
  firstFrames: Record<string, number>;
  camera: { width?: number; height?: number } | undefined;
}

/**
 * Each step's time after `since`, in ms: a page-wide step the first time it
 * happened (and "again" the second time: the ICE configuration is fetched
 * on joining and for each peer), a per-peer step when the last peer
 * connection got there.
 */
export function stepTimes(log: RecordedJoin['log'], since: number): Record<string, number> {
  const pageWide = new Map<string, number[]>();
  const perPeer = new Map<string, Map<number, number>>();
  for (const [at, name, peer] of log) {
    if (at < since) continue;
    if (peer < 0) {
      pageWide.set(name, [...(pageWide.get(name) ?? []), at]);
      continue;
    }
    const byPeer = perPeer.get(name) ?? new Map<number, number>();
    perPeer.set(name, byPeer);
    if (!byPeer.has(peer)) byPeer.set(peer, at);
  }
  const times: Record<string, number> = {};
  for (const [name, [first, second]] of pageWide) {
    times[name] = first! - since;
    if (second !== undefined) times[`${name} again`] = second - since;
  }
  for (const [name, byPeer] of perPeer) times[`${name} (last peer)`] = Math.max(...byPeer.values()) - since;
  return times;
}
