// Who may read a stored message: everyone in the room for a room message;
// only its two parties for a direct message. One rule for every store.
import type { NewMessage } from './history-store.js';

/** `viewer` is a participant hash, or undefined for a reader with none (REST): direct messages are never shown to it. */
export function isVisibleTo(message: Pick<NewMessage, 'receiver' | 'senderParty' | 'receiverParty'>, viewer: string | undefined): boolean {
  if (message.receiver === 'room') return true;
  return viewer !== undefined && (message.senderParty === viewer || message.receiverParty === viewer);
}
