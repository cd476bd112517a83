// Stored messages as the wire shows them, in `history` frames and from the
// REST API: the participant hashes never leave the server; `mine` tells the
// asking participant which ones it sent.
import type { HistoryData, HistoryMessage } from '../../shared/protocol.js';
import type { Page, StoredMessage } from './history-store.js';

export function toHistoryMessage(message: StoredMessage, viewer: string | undefined): HistoryMessage {
  const wire: HistoryMessage = {
    seq: message.seq,
    sender: message.sender,
    receiver: message.receiver,
    from: message.from,
    time: message.time,
    text: message.text,
  };
  if (message.mid !== undefined) wire.mid = message.mid;
  if (message.to !== undefined) wire.to = message.to;
  if (viewer !== undefined && message.senderParty === viewer) wire.mine = true;
  return wire;
}

export function toHistoryData(page: Page, viewer: string | undefined): HistoryData {
  return { messages: page.messages.map((m) => toHistoryMessage(m, viewer)), has_more: page.hasMore };
}
