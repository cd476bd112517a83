// Builds the page's WebRTC machinery ahead of the call. Chromium creates it
// (its signaling, worker and network threads and the factories behind them)
// with a page's first RTCPeerConnection and keeps it for the page's life, so
// the first connection of a join paid for it on the way to the first frame:
// the in-page lower bound's first run is 5 to 100 ms slower than its later
// ones (docs/benchmarks.md). A connection made and closed at once, with no
// description, gathers nothing and sends nothing.
export function warmUpWebRtc(): void {
  if (typeof RTCPeerConnection !== 'function') return;
  try {
    new RTCPeerConnection().close();
  } catch {
    // WebRTC disabled or blocked: the join will say so when it needs it.
  }
}
