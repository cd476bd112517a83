// Shrinks the CSS in the client's Lit `css` templates when the client is
// built: comments go, whitespace runs become one space, and spaces beside
// braces and semicolons go. The bundler's minifier leaves template text as it
// is, and that CSS was ~40 KB of indentation and comments (~1.4 KB gzipped).
// Nothing that could change a rule's meaning is touched: quoted strings and
// `${}` parts stay verbatim, and no space between two words is removed.
import type { Plugin } from 'vite';

/** A `css` tagged template: its text, with `${}` parts that contain no backtick. */
const CSS_TEMPLATE = /\bcss`((?:[^`\\]|\\.)*)`/g;

export function minifyCssTemplates(): Plugin {
  return {
    name: 'parley-minify-css-templates',
    apply: 'build',
    transform(code, id) {
      if (!/\/client\/.*\.ts$/.test(id) || !code.includes('css`')) return undefined;
      return { code: code.replace(CSS_TEMPLATE, (_match, text: string) => `css\`${minifyCss(text)}\``), map: null };
    },
  };
}

/** The template's text, minified; exported for its unit test. */
export function minifyCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split(/(\$\{[^}]*\}|'[^'\n]*'|"[^"\n]*")/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\s+/g, ' ').replace(/ ?([{};]) ?/g, '$1')))
    .join('')
    .trim();
}
