// Bounds how deeply a JSON text nests, before it is parsed. JSON.parse in V8
// is iterative and takes 20,000 levels in its stride, but everything that
// walks the value afterwards recurses: JSON.stringify (the server's pong echo,
// the browser's re-encodings), schema checks, structuredClone. A 40 KB frame of
// `[[[[…` is enough to overflow the stack of any of them. So every frame is
// measured here first, by both the server and the browser.
//
// This is a scan of the text, not a walk of the parsed value, because the text
// is what arrives: duplicate keys ({"data":1,"data":[[[…]]]}) are counted in
// full even though JSON.parse keeps only the last one, and nothing deep is
// ever built. bench/json-depth.ts measured it against the alternatives.

const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]
const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }

/**
 * Whether `text` nests arrays and objects more than `limit` deep: `{}` is 1
 * level, `{"a":[1]}` is 2. Brackets inside strings do not count. Only valid
 * JSON is measured exactly; for anything else the answer does not matter,
 * since JSON.parse refuses it (and stops at the first fault, before any depth
 * the scan did not see).
 *
 * Linear in the length of `text`, with no allocation. String contents are
 * skipped with indexOf, which is why long SDP strings cost little.
 */
export function isJsonDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i);
      if (i < 0) return false; // unterminated: JSON.parse refuses it
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** The index of the quote that closes the string opened at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  let at = open;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at < 0) return -1;
    // Escaped when preceded by an odd run of backslashes. Each run is read
    // once, so the whole scan stays linear.
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if ((backslashes & 1) === 0) return at;
  }
}
