// Reading a resumable client's frames as a Parley client does: its resume
// token, and how many numbered frames it has seen (what it gives as ?seen=).
import type { TestClient } from './ws-client.js';

export function tokenOf(client: TestClient): string {
  const session = client.frames.find((f) => f.type === 'session');
  return (session?.data as { token: string }).token;
}

/** Every frame after its first session frame, except ground control's greeting and session frames. */
export function seen(client: TestClient): number {
  const start = client.frames.findIndex((f) => f.type === 'session');
  return client.frames.slice(start + 1).filter((f) => !(f.sender === 'ground control' && (f.type === 'greeting' || f.type === 'session'))).length;
}
