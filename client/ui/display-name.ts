// How a participant's name is shown. Names come from other people (their
// profile, or a chat message's `from`) and the server passes them on as they
// were typed, so one may carry control characters, invisible formatting, or
// bidi overrides (U+202E) that would turn the text after it around: in our
// own layout ("Bob (you)", the time beside a chat name) as well as in the
// name. So every name is cleaned once, here, and the components put it in a
// <bdi> (or `unicode-bidi: isolate`) so that even a clean right-to-left name
// cannot reorder what stands next to it.

/** Longest name shown, in code points; the server cuts at 64 by default, a hostile or older one may not. */
export const MAX_DISPLAY_NAME_LENGTH = 64;

/** What a participant without a usable name is called. */
export const FALLBACK_NAME = 'Guest';

// Line breaks and tabs become spaces, so a name stays on one line.
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// C0/C1 controls, DEL and every format character (\p{Cf}: the bidi embeddings,
// overrides and isolates U+202A–U+202E, U+2066–U+2069, the marks U+200E,
// U+200F, U+061C, zero-width spaces, U+FEFF …), except the joiners U+200C and
// U+200D that emoji sequences and some scripts need, and the tag characters
// U+E0020–U+E007F of subdivision flags.
const INVISIBLE = /(?!\u200c|\u200d|[\u{e0020}-\u{e007f}])[\p{Cc}\p{Cf}]/gu;
// A surrogate half without its partner is not text; the browser would show it as U+FFFD anyway.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `name` as it may be shown: without control or format characters, on one
 * line, with runs of spaces collapsed, at most MAX_DISPLAY_NAME_LENGTH code
 * points (cut with "…"); FALLBACK_NAME when nothing is left.
 */
export function displayName(name: string): string {
  // Bound the work first: a hostile server may send a name of any length.
  const head = name.length > MAX_DISPLAY_NAME_LENGTH * 4 ? name.slice(0, MAX_DISPLAY_NAME_LENGTH * 4) : name;
  const clean = head.replace(BREAKS, ' ').replace(INVISIBLE, '').replace(LONE_SURROGATE, '\ufffd').replace(/\s+/g, ' ').trim();
  if (clean === '') return FALLBACK_NAME;
  const points = Array.from(clean);
  const isCut = points.length > MAX_DISPLAY_NAME_LENGTH || head.length < name.length;
  return isCut
    ? `${points
        .slice(0, MAX_DISPLAY_NAME_LENGTH - 1)
        .join('')
        .trimEnd()}…`
    : clean;
}
