// The markup minifier for Lit templates may only fold whitespace the browser
// folds anyway: each case names what a careless one would break.
import { describe, expect, it } from 'vitest';
import { minifyHtmlIn, minifyHtmlTemplates } from '../../build/html-templates-plugin.js';

describe('minifyHtmlIn', () => {
  it('folds each run of whitespace with a line break into one space, keeping the space between inline elements', () => {
    expect(minifyHtmlIn('html`<div>\n    <b>a</b>\n    <i>b</i>\n  </div>`')).toBe('html`<div> <b>a</b> <i>b</i> </div>`');
  });

  it('leaves spaces on one line as they are (a run without a line break may be meant)', () => {
    expect(minifyHtmlIn('html`<p>a  b</p>`')).toBe('html`<p>a  b</p>`');
  });

  it('keeps ${} parts as code, strings and plain templates inside them included', () => {
    const code = 'html`<p\n  title=${cond ? \'a\\n  b\' : "}"}\n  label=${`line\n  two`}\n>${{ a: 1 }.a}</p>`';
    expect(minifyHtmlIn(code)).toBe('html`<p title=${cond ? \'a\\n  b\' : "}"} label=${`line\n  two`} >${{ a: 1 }.a}</p>`');
  });

  it('minifies html`` templates nested in a ${} part, once', () => {
    const code = 'html`<ul>\n  ${items.map((i) => html`<li>\n    ${i}\n  </li>`)}\n</ul>`';
    expect(minifyHtmlIn(code)).toBe('html`<ul> ${items.map((i) => html`<li> ${i} </li>`)} </ul>`');
  });

  it('leaves code outside html`` alone, css`` and plain templates included', () => {
    const code = 'const a = `x\n  y`;\nconst s = css`\n  :host {}\n`;\n// a comment\n';
    expect(minifyHtmlIn(code)).toBe(code);
  });

  it('keeps escapes (a backtick or ${ written in the markup)', () => {
    expect(minifyHtmlIn('html`<code>\\`\\${x}</code>\n  `')).toBe('html`<code>\\`\\${x}</code> `');
  });

  it('fails the build on a template it cannot read, rather than guess', () => {
    expect(() => minifyHtmlIn('html`<p>${x</p>')).toThrow(/closing/);
  });
});

describe('minifyHtmlTemplates', () => {
  const transform = minifyHtmlTemplates().transform;
  const run = (code: string, id: string): unknown => (typeof transform === 'function' ? transform.call({} as never, code, id) : undefined);

  it('rewrites only the client TypeScript that has html`` templates', () => {
    expect(run('html`<p>\n  a</p>`', '/repo/client/ui/x.ts')).toEqual({ code: 'html`<p> a</p>`', map: null });
    expect(run('html`<p>\n  a</p>`', '/repo/server/x.ts')).toBeUndefined();
    expect(run('const a = 1;', '/repo/client/ui/y.ts')).toBeUndefined();
  });
});
