// Names come from other people: displayName() is what stands between them and
// the layout (no controls, no bidi overrides, one bounded line).
import { describe, expect, it } from 'vitest';
import { FALLBACK_NAME, MAX_DISPLAY_NAME_LENGTH, displayName } from '../../../client/ui/display-name.js';

describe('displayName', () => {
  it('leaves ordinary names alone, in any script, emoji sequences included', () => {
    for (const name of ['Ada', 'Zoë Ñúñez', 'محمد', 'שלום עולם', '李小龍', '👩‍💻 Dev', '🏴󠁧󠁢󠁥󠁮󠁧󠁿 fan', '<img src=x>']) expect(displayName(name)).toBe(name);
  });

  it('removes bidi overrides, embeddings, isolates and marks, which would reorder the text around the name', () => {
    expect(displayName('\u202Eevil\u202C')).toBe('evil');
    expect(displayName('a\u202Ab\u202Bc\u202Dd\u2066e\u2067f\u2068g\u2069h\u200Ei\u200Fj\u061Ck')).toBe('abcdefghijk');
  });

  it('removes control and invisible format characters, and puts a name with line breaks on one line', () => {
    expect(displayName('a\u0000b\u0007c\u001Bd\u007Fe\u0085f\u009Bg\u200Bh\uFEFFi')).toBe('abcde fghi');
    expect(displayName('first\nsecond\r\nthird\tfourth\u2028fifth')).toBe('first second third fourth fifth');
  });

  it('replaces a lone surrogate, which is not text', () => {
    expect(displayName('a\uD800b\uDC00c')).toBe('a\uFFFDb\uFFFDc');
    expect(displayName('\uD83D\uDE00')).toBe('😀');
  });

  it('calls a name that is empty once cleaned the fallback', () => {
    for (const name of ['', '   ', '\u202E', '\u0000\u0001\n\t', '\u200B\u2066\u2069']) expect(displayName(name)).toBe(FALLBACK_NAME);
  });

  it('cuts a long name at a code point (never inside a surrogate pair) with an ellipsis', () => {
    const long = '😀'.repeat(MAX_DISPLAY_NAME_LENGTH + 1);
    const shown = displayName(long);
    expect(Array.from(shown)).toHaveLength(MAX_DISPLAY_NAME_LENGTH);
    expect(shown.endsWith('😀…')).toBe(true);
    expect(displayName('x'.repeat(MAX_DISPLAY_NAME_LENGTH))).toBe('x'.repeat(MAX_DISPLAY_NAME_LENGTH));
    // A megabyte-long name costs no more than its head.
    expect(displayName(`${'\u202E'.repeat(200)}${'y'.repeat(1_000_000)}`)).toBe(`${'y'.repeat(56)}…`);
  });
});
