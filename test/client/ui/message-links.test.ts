// Links in chat text: http(s) only, sentence punctuation and unmatched
// brackets left out, and the text put back together unchanged.
import { describe, expect, it } from 'vitest';
import { safeHref, splitLinks } from '../../../client/ui/message-links.js';

const links = (text: string) => splitLinks(text).flatMap((p) => (p.kind === 'link' ? [[p.text, p.href]] : []));

describe('splitLinks', () => {
  it('finds http and https links and keeps the rest as text, which joins back to the message', () => {
    const text = 'see https://example.org/a?b=1&c=2#x and http://host:8080/p, then stop.';
    const parts = splitLinks(text);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(links(text)).toEqual([
      ['https://example.org/a?b=1&c=2#x', 'https://example.org/a?b=1&c=2#x'],
      ['http://host:8080/p', 'http://host:8080/p'],
    ]);
  });

  it('leaves out punctuation that ends the sentence, and a closing bracket the link did not open', () => {
    expect(links('go to https://x.org/a.')).toEqual([['https://x.org/a', 'https://x.org/a']]);
    expect(links('(see https://x.org/wiki/A_(b))!')).toEqual([['https://x.org/wiki/A_(b)', 'https://x.org/wiki/A_(b)']]);
    expect(links('"https://x.org/q?a=1"')).toEqual([['https://x.org/q?a=1', 'https://x.org/q?a=1']]);
  });

  it('never links javascript:, data: or other schemes, nor HTML around a link', () => {
    for (const text of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>', 'ftp://x.org/f', 'mailto:a@b.c']) {
      expect(links(text)).toEqual([]);
      expect(splitLinks(text)).toEqual([{ kind: 'text', text }]);
    }
    expect(links('<a href="javascript:alert(1)">https://x.org</a>')).toEqual([['https://x.org', 'https://x.org/']]);
    expect(links('https://javascript:alert(1)')).toEqual([]);
  });

  it('gives the href as the browser would follow it, only for http(s) with a host', () => {
    expect(safeHref('https://EXAMPLE.org/a b')).toBe('https://example.org/a%20b');
    expect(safeHref('http://')).toBeUndefined();
    expect(safeHref('javascript://x.org/%0aalert(1)')).toBeUndefined();
    expect(safeHref('not a url')).toBeUndefined();
  });
});
