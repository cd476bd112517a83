// An avatar's initials stand in for a face when the camera is off: they must
// be letters or digits, and two people with one name must not look alike.
import { describe, expect, it } from 'vitest';
import { initials } from '../../../client/ui/theme.js';

describe('initials', () => {
  it('takes the first letter of the first and last words', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('  mia  ')).toBe('M');
    expect(initials('Zoë de la Ñúñez')).toBe('ZÑ');
  });

  it('skips punctuation, so a second Bob is "B2" and not "B(" (the bug it guards against)', () => {
    expect(initials('Bob (2)')).toBe('B2');
    expect(initials('"Ada" (guest)')).toBe('AG');
  });

  it('is "?" when the name has no letter or digit', () => {
    expect(initials('')).toBe('?');
    expect(initials('(( ))')).toBe('?');
  });
});
