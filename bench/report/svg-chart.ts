// A small grouped horizontal bar chart written as SVG by hand: the report
// needs three panels, not a charting library. Colors are per series and the
// same in every panel; a dashed line can mark a reference (ceiling, target).
export interface Bar {
  series: string;
  value: number | null;
}

export interface Panel {
  title: string;
  unit: string;
  groups: { label: string; bars: Bar[] }[];
  references?: { value: number; label: string }[];
}

const WIDTH = 760;
const LABEL_WIDTH = 190;
const VALUE_WIDTH = 70;
const BAR_HEIGHT = 14;
const BAR_GAP = 3;
const GROUP_GAP = 12;
const PALETTE = ['#2f6fdf', '#8a8a8a', '#e07a1f', '#3aa17e', '#9b59b6'];

export function renderChart(panels: Panel[], series: string[]): string {
  const parts: string[] = [];
  let y = 10;
  parts.push(legend(series, y));
  y += 28;
  for (const panel of panels) {
    const { svg, height } = renderPanel(panel, series, y);
    parts.push(svg);
    y += height + 18;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${y}" viewBox="0 0 ${WIDTH} ${y}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${y}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}

function legend(series: string[], y: number): string {
  let x = LABEL_WIDTH;
  return series
    .map((name, i) => {
      const item = `<rect x="${x}" y="${y}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/><text x="${x + 16}" y="${y + 10}">${escape(name)}</text>`;
      x += 24 + name.length * 7;
      return item;
    })
    .join('');
}

function renderPanel(panel: Panel, series: string[], top: number): { svg: string; height: number } {
  const plotWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH - 10;
  const values = panel.groups.flatMap((g) => g.bars.map((b) => b.value ?? 0));
  const max = Math.max(...values, ...(panel.references ?? []).map((r) => r.value), 1e-9) * 1.05;
  const scale = (v: number): number => (v / max) * plotWidth;
  const out: string[] = [`<text x="0" y="${top + 12}" font-weight="bold" font-size="13">${escape(panel.title)} (${escape(panel.unit)})</text>`];
  // Room under the title for the reference lines' labels.
  let y = top + 40;
  const plotTop = y;
  for (const group of panel.groups) {
    const bars = group.bars.filter((b) => series.includes(b.series));
    const groupHeight = bars.length * (BAR_HEIGHT + BAR_GAP);
    out.push(`<text x="${LABEL_WIDTH - 8}" y="${y + groupHeight / 2 + 4}" text-anchor="end">${escape(group.label)}</text>`);
    for (const bar of bars) {
      const color = PALETTE[series.indexOf(bar.series) % PALETTE.length];
      if (bar.value === null) {
        out.push(`<text x="${LABEL_WIDTH + 4}" y="${y + BAR_HEIGHT - 3}" fill="#888">n/a</text>`);
      } else {
        const w = Math.max(1, scale(bar.value));
        out.push(
          `<rect x="${LABEL_WIDTH}" y="${y}" width="${w.toFixed(1)}" height="${BAR_HEIGHT}" fill="${color}"><title>${escape(bar.series)}: ${formatValue(bar.value)}</title></rect>`,
        );
        out.push(`<text x="${(LABEL_WIDTH + w + 4).toFixed(1)}" y="${y + BAR_HEIGHT - 3}" fill="#333">${formatValue(bar.value)}</text>`);
      }
      y += BAR_HEIGHT + BAR_GAP;
    }
    y += GROUP_GAP;
  }
  const plotBottom = y - GROUP_GAP;
  out.push(`<line x1="${LABEL_WIDTH}" y1="${plotTop - 4}" x2="${LABEL_WIDTH}" y2="${plotBottom}" stroke="#333"/>`);
  for (const ref of panel.references ?? []) {
    const x = (LABEL_WIDTH + scale(ref.value)).toFixed(1);
    out.push(`<line x1="${x}" y1="${plotTop - 4}" x2="${x}" y2="${plotBottom}" stroke="#c0392b" stroke-dasharray="4 3"/>`);
    out.push(`<text x="${x}" y="${plotTop - 7}" fill="#c0392b" text-anchor="middle" font-size="11">${escape(ref.label)}</text>`);
  }
  return { svg: `<g>${out.join('')}</g>`, height: y - top };
}

export function formatValue(value: number): string {
  if (Math.abs(value) >= 100_000) return `${Math.round(value / 1000).toLocaleString('en')}k`;
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
