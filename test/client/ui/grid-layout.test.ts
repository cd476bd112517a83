// bestGrid picks the column count that makes 16:9 tiles largest.
import { describe, expect, it } from 'vitest';
import { bestGrid } from '../../../client/ui/grid-layout.js';

describe('bestGrid', () => {
  it('puts two tiles side by side on a wide screen and stacked on a tall one', () => {
    expect(bestGrid(2, 1280, 660)).toEqual({ columns: 2, rows: 1 });
    expect(bestGrid(2, 374, 700)).toEqual({ columns: 1, rows: 2 });
  });

  it('uses a 2x2 grid for three or four on a desktop, and a 3x3 grid for nine', () => {
    expect(bestGrid(3, 1256, 660)).toEqual({ columns: 2, rows: 2 });
    expect(bestGrid(4, 1256, 660)).toEqual({ columns: 2, rows: 2 });
    expect(bestGrid(9, 1256, 700)).toEqual({ columns: 3, rows: 3 });
  });

  it('copes with one tile and with no space yet', () => {
    expect(bestGrid(1, 800, 600)).toEqual({ columns: 1, rows: 1 });
    expect(bestGrid(3, 0, 0)).toEqual({ columns: 1, rows: 3 });
  });
});
