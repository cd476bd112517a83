// The CSS minifier for Lit templates may only drop what CSS ignores: each
// case names what a careless one would break.
import { describe, expect, it } from 'vitest';
import { minifyCss, minifyCssTemplates } from '../../build/css-templates-plugin.js';

describe('minifyCss', () => {
  it('drops comments, indentation and the spaces beside braces and semicolons', () => {
    expect(minifyCss('\n  :host {\n    /* why */\n    display: flex;\n  }\n  .a .b { color: red; }\n')).toBe(':host{display: flex;}.a .b{color: red;}');
  });

  it('keeps the space of a descendant selector before a pseudo-class (".grid :first-child" is not ".grid:first-child")', () => {
    expect(minifyCss('.grid   :first-child {}')).toBe('.grid :first-child{}');
  });

  it('keeps quoted strings as they are (grid areas, content)', () => {
    expect(minifyCss("grid-template-areas:\n    'top  top'\n    'stage side';\n  content: ' ; { ';")).toBe(
      "grid-template-areas: 'top  top' 'stage side';content: ' ; { ';",
    );
  });

  it('keeps ${} parts and the space after them, which may start a descendant selector', () => {
    expect(minifyCss('${visuallyHidden} .x { a: b; }\n  ${avatarColors}')).toBe('${visuallyHidden} .x{a: b;}${avatarColors}');
  });
});

describe('minifyCssTemplates', () => {
  const transform = minifyCssTemplates().transform;
  const run = (code: string, id: string): unknown => (typeof transform === 'function' ? transform.call({} as never, code, id) : undefined);

  it('rewrites only css`` templates in the client, leaving html`` and other strings alone', () => {
    const code = 'const s = css`\n  p {\n    margin: 0;\n  }\n`; const t = html`<p>  two  spaces  </p>`; const u = `  a  {  `;';
    expect(run(code, '/x/client/ui/a.ts')).toEqual({
      code: 'const s = css`p{margin: 0;}`; const t = html`<p>  two  spaces  </p>`; const u = `  a  {  `;',
      map: null,
    });
    expect(run(code, '/x/server/a.ts')).toBeUndefined();
  });
});
