// What the chat field says while the link to the server is down. Apart from
// chat-panel.ts because the call view needs it up front, and the panel's code
// loads only when the chat is first opened (lazy-parts.ts).
import type { CallState } from '../call/manager.js';

/** The note under a disabled chat field, per call state (client/call/manager.ts); empty while it works. */
export function chatNote(state: CallState): string {
  if (state === 'reconnecting' || state === 'offline') return 'The server is away. Your messages wait here and go out when it is back.';
  if (state === 'disconnected') return 'Not connected to the server, so chat is off. Rejoin to chat again.';
  return '';
}
