// The "force relay" test call: two RTCPeerConnections in this page, both with
// iceTransportPolicy 'relay', send a canvas animation to each other. Success
// means video frames were decoded after crossing the TURN server, which is
// what a relayed call between two people needs. A canvas rather than the
// camera, so the check asks for no permission.
import type { IceServer } from '../../shared/protocol.js';
import type { StatsReportLike } from '../peers/peer-stats.js';

/** How many frames the receiving <video> must present to count as media flowing. */
export const FRAMES_TO_SEE = 5;

export interface RelayCallResult {
  isConnected: boolean;
  framesDecoded: number;
  /** From starting the call to the FRAMES_TO_SEE-th decoded frame. */
  ms: number;
  /** Candidate types of the selected pair, as each side sees it. */
  pairs: { local: string; remote: string }[];
  /** The relay address the sender's media went through. */
  relayAddress?: string;
  /** A frame as received over the relay (a data: URL), to show. */
  snapshot?: string;
  failure?: string;
}

export interface RelayCallOptions {
  timeoutMs?: number;
}

export async function runRelayCall(iceServers: IceServer[], options: RelayCallOptions = {}): Promise<RelayCallResult> {
  const { timeoutMs = 15_000 } = options;
  const config: RTCConfiguration = { iceServers, iceTransportPolicy: 'relay' };
  const a = new RTCPeerConnection(config);
  const b = new RTCPeerConnection(config);
  const animation = animatedCanvas();
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  const started = performance.now();
  try {
    a.addEventListener('icecandidate', ({ candidate }) => void (candidate && b.addIceCandidate(candidate)));
    b.addEventListener('icecandidate', ({ candidate }) => void (candidate && a.addIceCandidate(candidate)));
    for (const track of animation.stream.getTracks()) a.addTrack(track, animation.stream);
    // A frame presented by a <video> has crossed the relay and been decoded;
    // several in a row show that media keeps flowing, not just one packet.
    const frames = new Promise<void>((resolve) => {
      b.addEventListener('track', ({ streams: [stream] }) => {
        if (!stream) return;
        video.srcObject = stream;
        let presented = 0;
        const onFrame = () => (++presented >= FRAMES_TO_SEE ? resolve() : video.requestVideoFrameCallback(onFrame));
        video.requestVideoFrameCallback(onFrame);
        void video.play();
      });
    });
    await a.setLocalDescription(await a.createOffer());
    await b.setRemoteDescription(a.localDescription!);
    await b.setLocalDescription(await b.createAnswer());
    await a.setRemoteDescription(b.localDescription!);
    const isConnected = await withTimeout(frames, timeoutMs);
    const ms = Math.round(performance.now() - started);
    const [sideA, sideB] = await Promise.all([selectedPair(a), selectedPair(b)]);
    const framesDecoded = await inboundFramesDecoded(b);
    const result: RelayCallResult = { isConnected, framesDecoded, ms, pairs: [sideA.types, sideB.types], relayAddress: sideA.localAddress };
    if (isConnected) result.snapshot = snapshot(video);
    if (!isConnected) result.failure = `no video over the relay within ${timeoutMs / 1000} s (ICE state: ${a.iceConnectionState})`;
    return result;
  } catch (error) {
    return { isConnected: false, framesDecoded: 0, ms: Math.round(performance.now() - started), pairs: [], failure: String(error) };
  } finally {
    animation.stop();
    a.close();
    b.close();
  }
}

function withTimeout(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]).finally(() => clearTimeout(timer));
}

async function selectedPair(pc: RTCPeerConnection): Promise<{ types: { local: string; remote: string }; localAddress?: string }> {
  const stats: StatsReportLike = await pc.getStats();
  let pairId: string | undefined;
  stats.forEach((report) => {
    if (report.type === 'transport' && typeof report.selectedCandidatePairId === 'string' && report.selectedCandidatePairId) pairId = report.selectedCandidatePairId;
  });
  const pair = pairId ? stats.get(pairId) : undefined;
  const local = typeof pair?.localCandidateId === 'string' ? stats.get(pair.localCandidateId) : undefined;
  const remote = typeof pair?.remoteCandidateId === 'string' ? stats.get(pair.remoteCandidateId) : undefined;
  return { types: { local: text(local?.candidateType) ?? 'none', remote: text(remote?.candidateType) ?? 'none' }, localAddress: text(local?.address) };
}

/** Stats fields are read as unknown; a field of the wrong type counts as absent. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

async function inboundFramesDecoded(pc: RTCPeerConnection): Promise<number> {
  let frames = 0;
  const stats: StatsReportLike = await pc.getStats();
  stats.forEach((report) => {
    if (report.type === 'inbound-rtp' && report.kind === 'video') frames = typeof report.framesDecoded === 'number' ? report.framesDecoded : 0;
  });
  return frames;
}

function snapshot(video: HTMLVideoElement): string {
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d')?.drawImage(video, 0, 0);
  return canvas.toDataURL('image/png');
}

/**
 * A moving test pattern as a MediaStream. Drawn on a timer, not on animation
 * frames, which stop in a background tab; timers there only slow down.
 */
function animatedCanvas(): { stream: MediaStream; stop(): void } {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 180;
  const context = canvas.getContext('2d')!;
  let frame = 0;
  const draw = () => {
    const hue = (frame * 3) % 360;
    context.fillStyle = `hsl(${hue} 70% 45%)`;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = '#fff';
    context.font = '600 28px system-ui, sans-serif';
    context.fillText('Parley relay test', 20, 70);
    context.fillRect(20 + ((frame * 4) % 260), 110, 40, 40);
    frame++;
  };
  draw();
  const timer = setInterval(draw, 33);
  const stream = canvas.captureStream(30);
  return {
    stream,
    stop() {
      clearInterval(timer);
      for (const track of stream.getTracks()) track.stop();
    },
  };
}
