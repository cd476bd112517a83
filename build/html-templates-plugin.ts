// Shrinks the markup in the client's Lit `html` templates when the client is
// built: each run of whitespace that holds a line break becomes one space.
// The bundler's minifier keeps template text as written, and the templates'
// indentation was ~0.9 kB of the room page's gzipped JavaScript (issue 14).
// One space renders as the run did (HTML collapses whitespace), and the page
// has no static text inside <pre>, <textarea> or white-space: pre elements.
// Only the template's own text changes: `${}` parts are JavaScript and stay as
// they are, except the html`` templates nested in them, which get the same.
import type { Plugin } from 'vite';

const HTML_TAG = /\bhtml`/g;

export function minifyHtmlTemplates(): Plugin {
  return {
    name: 'parley-minify-html-templates',
    apply: 'build',
    transform(code, id) {
      if (!/\/client\/.*\.ts$/.test(id) || !code.includes('html`')) return undefined;
      return { code: minifyHtmlIn(code), map: null };
    },
  };
}

/** `code` with the text of every html`` template in it minified; exported for its unit test. */
export function minifyHtmlIn(code: string): string {
  let out = '';
  let at = 0;
  for (const match of code.matchAll(HTML_TAG)) {
    const start = match.index + match[0].length;
    if (start <= at) continue; // inside a template already rewritten
    const template = readTemplate(code, start, true);
    out += code.slice(at, start) + template.text + '`';
    at = template.end;
  }
  return out + code.slice(at);
}

/**
 * Reads a template from just after its opening backtick to just after its
 * closing one; its text is collapsed only if it is an html`` one.
 */
function readTemplate(code: string, start: number, isHtml: boolean): { text: string; end: number } {
  const collapse = (text: string) => (isHtml ? text.replace(/\s*\n\s*/g, ' ') : text);
  let text = '';
  let part = '';
  let i = start;
  while (i < code.length) {
    const c = code[i]!;
    if (c === '\\') {
      part += code.slice(i, i + 2);
      i += 2;
    } else if (c === '`') {
      return { text: text + collapse(part), end: i + 1 };
    } else if (c === '$' && code[i + 1] === '{') {
      const close = expressionEnd(code, i + 2);
      text += collapse(part) + '${' + minifyHtmlIn(code.slice(i + 2, close)) + '}';
      part = '';
      i = close + 1;
    } else {
      part += c;
      i += 1;
    }
  }
  throw new Error('html template without its closing backtick');
}

/** The index of the `}` that closes a `${` part whose code starts at `start`. */
function expressionEnd(code: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < code.length) {
    const c = code[i]!;
    if (c === '{') depth += 1;
    else if (c === '}') {
      if (depth === 0) return i;
      depth -= 1;
    } else if (c === "'" || c === '"') i = stringEnd(code, i);
    else if (c === '`') i = readTemplate(code, i + 1, false).end - 1;
    else if (c === '/' && code[i + 1] === '/') i = code.indexOf('\n', i);
    else if (c === '/' && code[i + 1] === '*') i = code.indexOf('*/', i) + 1;
    i += 1;
  }
  throw new Error('${ without its closing brace in an html template');
}

/** The index of the quote that closes the string opening at `start`. */
function stringEnd(code: string, start: number): number {
  const quote = code[start];
  for (let i = start + 1; i < code.length; i += 1) {
    if (code[i] === '\\') i += 1;
    else if (code[i] === quote) return i;
  }
  throw new Error('a string without its closing quote in an html template');
}
