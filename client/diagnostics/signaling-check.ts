// Checks that this page can open the signaling WebSocket the way a call does,
// through whatever proxy stands in front of the server. A proxy that does not
// forward the Upgrade and Connection headers is the usual reason calls never
// start; this names it. It joins a throw-away room and leaves with `bye`.
import { serverFrameParser } from '../checks/server-frame-parser.js';
export interface SignalingResult {
  isOk: boolean;
  ms: number;
  url: string;
  failure?: string;
}

export function signalingUrl(location: Pick<Location, 'protocol' | 'host'>, room: string): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/r/${room}/ws`;
}

export function checkSignaling(url: string, timeoutMs = 8000): Promise<SignalingResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(url);
    } catch (error) {
      resolve({ isOk: false, ms: 0, url, failure: String(error) });
      return;
    }
    const finish = (result: SignalingResult) => {
      clearTimeout(timer);
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ receiver: 'ground control', type: 'bye' }));
      socket.close();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ isOk: false, ms: elapsed(), url, failure: `no greeting within ${timeoutMs / 1000} s` }), timeoutMs);
    // The server greets every new connection at once; that greeting proves the
    // whole path, not just the TCP connection.
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      const parsed = serverFrameParser().parse(event.data);
      if (parsed.ok && parsed.frame.type === 'greeting') finish({ isOk: true, ms: elapsed(), url });
    });
    socket.addEventListener('close', (event) => finish({ isOk: false, ms: elapsed(), url, failure: `closed before the greeting (code ${event.code})` }));
  });
}
