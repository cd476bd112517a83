// What is wrong with a link that is not a room, in the user's words, and the
// room it most likely meant when that can be told: spaces become "-" and
// accents fall away ("Team Ünïcode" → "Team-Unicode"). Capitals are valid
// room names (shared/protocol.ts ROOM_NAME_PATTERN) and name other rooms, so
// they are kept. Used by the bad-link page and the home page's Open field.
import { ROOM_NAME_PATTERN } from '../../shared/protocol.js';

const MAX_ROOM_NAME = 64;

export interface LinkProblem {
  /** One line: what is wrong. */
  headline: string;
  /** What the rule is, or what was seen. */
  detail: string;
  /** The room the link most likely meant, when it can be fixed. */
  fixed?: string;
}

/** The nearest valid name: spaces to "-", accents dropped; undefined when that is not enough. */
export function fixRoomName(name: string): string | undefined {
  const fixed = name
    .trim()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/\s+/g, '-');
  return fixed !== name && ROOM_NAME_PATTERN.test(fixed) ? fixed : undefined;
}

/** Shows a character the way a person can see it, a space too. */
function describeChar(ch: string): string {
  if (/\s/.test(ch)) return 'a space';
  return `“${ch}”`;
}

/** Why a name is not a room name; undefined when it is one. */
export function roomNameProblem(name: string): LinkProblem | undefined {
  if (ROOM_NAME_PATTERN.test(name)) return undefined;
  const fixed = fixRoomName(name);
  const length = [...name].length;
  if (name === '') return { headline: 'This link has no room name', detail: 'A room link looks like /r/k7q2-mx9d-vt7c-pa3e.' };
  if (length > MAX_ROOM_NAME && !fixed)
    return { headline: 'This room name is too long', detail: `Room names have at most ${MAX_ROOM_NAME} characters; this one has ${length}.` };
  const bad = [...new Set([...name].filter((ch) => !/[A-Za-z0-9_-]/.test(ch)))];
  if (bad.length > 0) {
    const shown = bad.slice(0, 3).map(describeChar).join(', ');
    return {
      headline: `“${name.length > 40 ? `${name.slice(0, 40)}…` : name}” is not a room name`,
      detail: `Room names use only the letters A to Z, digits, “-” and “_”; this one has ${shown}${bad.length > 3 ? ' and more' : ''}.`,
      ...(fixed ? { fixed } : {}),
    };
  }
  return {
    headline: `“${name}” is not a room name`,
    detail: 'Room names start with a letter or a digit.',
    ...(fixed ? { fixed } : {}),
  };
}

/**
 * What is wrong with the page's path; undefined for the home page and a
 * valid room. `/r/<name>` is judged by its name, any other path is unknown.
 */
export function linkProblem(pathname: string): LinkProblem | undefined {
  if (pathname === '/' || pathname === '/index.html') return undefined;
  const match = /^\/r\/([^/]*)\/?$/.exec(pathname);
  if (!match) return { headline: 'There is no page here', detail: `Parley has no page at ${pathname.length > 80 ? `${pathname.slice(0, 80)}…` : pathname}.` };
  let name: string;
  try {
    name = decodeURIComponent(match[1]!);
  } catch {
    return { headline: 'This room link is broken', detail: 'Its name is not valid text; it may have been cut off when it was copied.' };
  }
  return roomNameProblem(name);
}

/** The room name in what someone typed into Open: a link, a /r/ path or a bare name, as typed (not yet checked). */
export function nameFromInput(input: string): string {
  const text = input.trim();
  const path = /^(?:[a-z]+:\/\/[^/]+)?\/r\/([^/?#]*)/i.exec(text);
  if (!path) return text;
  try {
    return decodeURIComponent(path[1]!);
  } catch {
    return path[1]!;
  }
}
