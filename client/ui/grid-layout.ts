// Picks the number of grid columns that makes video tiles largest, for a
// given number of tiles and area, assuming 16:9 pictures.
export interface GridLayout {
  columns: number;
  rows: number;
}

export function bestGrid(count: number, width: number, height: number, aspect = 16 / 9): GridLayout {
  if (count <= 1 || width <= 0 || height <= 0) return { columns: 1, rows: Math.max(1, count) };
  let best: GridLayout = { columns: 1, rows: count };
  let bestWidth = 0;
  for (let columns = 1; columns <= count; columns++) {
    const rows = Math.ceil(count / columns);
    const tileWidth = Math.min(width / columns, (height / rows) * aspect);
    // Strictly better only: ties keep fewer columns, which reads more naturally.
    if (tileWidth > bestWidth + 0.5) {
      bestWidth = tileWidth;
      best = { columns, rows };
    }
  }
  return best;
}
