// What a new chat message shows while the chat panel is closed: who wrote
// it and its first line, cut short, as Meet's preview does.
import type { ChatMessage } from './chat-message.js';

/** Longest first line shown, in code points. */
export const PREVIEW_LENGTH = 80;

export interface ChatPreview {
  from: string;
  text: string;
  isPrivate: boolean;
}

/** The preview of `message`; `nameOf` gives the name shown for a sender id (NameTags), else its `from`. */
export function previewOf(
  message: Pick<ChatMessage, 'senderId' | 'from' | 'text' | 'private'>,
  nameOf: (id: string) => string | undefined = () => undefined,
): ChatPreview {
  const line = message.text.trim().split(/\r\n|\r|\n/, 1)[0] ?? '';
  const points = Array.from(line);
  const text = points.length > PREVIEW_LENGTH ? `${points.slice(0, PREVIEW_LENGTH - 1).join('')}…` : line;
  return { from: nameOf(message.senderId) ?? message.from, text, isPrivate: message.private !== undefined };
}
