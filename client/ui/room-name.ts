// Room names: new ones are unguessable (the link is the only key to a room),
// and the room page reads its name from the URL the server served it at.
import { ROOM_NAME_PATTERN } from '../../shared/protocol.js';

// No 0/o, 1/l: names get read aloud and typed.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** Four groups of four characters from 32: 80 random bits, e.g. "k7q2-mx9d-vt7c-pa3e". */
export function newRoomName(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(16));
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** The room named by a path like /r/<room>, or undefined for any other page. */
export function roomFromPath(pathname: string): string | undefined {
  const match = /^\/r\/([^/]+)\/?$/.exec(pathname);
  if (!match) return undefined;
  let room: string;
  try {
    room = decodeURIComponent(match[1]!);
  } catch {
    return undefined;
  }
  return ROOM_NAME_PATTERN.test(room) ? room : undefined;
}

/** A room name from what someone pasted: a full link, a path or the bare name. */
export function roomFromInput(input: string): string | undefined {
  const text = input.trim();
  if (ROOM_NAME_PATTERN.test(text)) return text;
  try {
    return roomFromPath(new URL(text, 'http://x').pathname);
  } catch {
    return undefined;
  }
}
