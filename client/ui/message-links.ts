// Links in chat text: the text split into plain runs and http(s) links, for
// the chat panel to render as text nodes and <a> elements (never as HTML).
// Only http: and https: become links; `javascript:`, `data:` and the like
// stay text. A link ends at whitespace, and trailing punctuation that ends
// the sentence ("see https://x.org/a.") is not part of it, nor a closing
// bracket that has no opening one inside the link.

export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const CANDIDATE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?'"*_~]+$/;
const BRACKETS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** Splits `text` into plain runs and links, in order; joined back they are `text`. */
export function splitLinks(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let done = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const raw = trimLink(match[0]);
    const href = safeHref(raw);
    if (!href) continue;
    const start = match.index;
    if (start > done) parts.push({ kind: 'text', text: text.slice(done, start) });
    parts.push({ kind: 'link', text: raw, href });
    done = start + raw.length;
  }
  if (done < text.length) parts.push({ kind: 'text', text: text.slice(done) });
  return parts;
}

function trimLink(raw: string): string {
  let link = raw;
  for (;;) {
    const trimmed = link.replace(TRAILING, '');
    const last = trimmed.at(-1) ?? '';
    const open = BRACKETS[last];
    if (open && count(trimmed, open) < count(trimmed, last)) link = trimmed.slice(0, -1);
    else if (trimmed === link) return link;
    else link = trimmed;
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/** The URL as the browser will follow it, if it is http(s) with a host; undefined otherwise. */
export function safeHref(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return undefined;
  return url.href;
}
