// The page of the browser lower bound: two RTCPeerConnections in one page, no
// server, each sending the fake camera to the other. It times what WebRTC
// itself needs from "Join" (media already open, as after Parley's lobby) to a
// first remote frame presented on both sides: offer/answer, ICE, DTLS, the
// first keyframe encoded, sent, decoded and composited.
export const LOWER_BOUND_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Parley bench: WebRTC lower bound</title>
<body>
<script>
function firstFrame(pc) {
  return new Promise((resolve) => {
    pc.ontrack = (event) => {
      if (event.track.kind !== 'video') return;
      const video = document.createElement('video');
      video.muted = true;
      video.playsInline = true;
      video.autoplay = true;
      video.srcObject = event.streams[0];
      document.body.append(video);
      video.requestVideoFrameCallback(() => resolve({ at: performance.now(), video }));
      video.play().catch(() => {});
    };
  });
}

async function framesDecoded(pc) {
  let frames = 0;
  (await pc.getStats()).forEach((s) => {
    if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded || 0;
  });
  return frames;
}

window.measureLowerBound = async ({ width, height }) => {
  const constraints = { audio: true, video: { width: { exact: width }, height: { exact: height } } };
  const streams = [await navigator.mediaDevices.getUserMedia(constraints), await navigator.mediaDevices.getUserMedia(constraints)];
  const joinedAt = performance.now();
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
  const frames = [firstFrame(a), firstFrame(b)];
  for (const track of streams[0].getTracks()) a.addTrack(track, streams[0]);
  for (const track of streams[1].getTracks()) b.addTrack(track, streams[1]);
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription);
  const [atA, atB] = await Promise.all(frames);
  const result = {
    firstFrameMs: Math.max(atA.at, atB.at) - joinedAt,
    framesDecoded: Math.min(await framesDecoded(a), await framesDecoded(b)),
    videoWidth: atB.video.videoWidth,
    videoHeight: atB.video.videoHeight,
  };
  a.close();
  b.close();
  for (const stream of streams) for (const track of stream.getTracks()) track.stop();
  atA.video.remove();
  atB.video.remove();
  return result;
};
</script>
`;
