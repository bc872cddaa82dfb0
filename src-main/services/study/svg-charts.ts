/** Small self-contained SVG charts for the study report (no scripts, no external files). */

export interface BandSeries {
  label: string;
  color: string;
  dashed?: boolean;
  x: number[];
  mean: number[];
  sd: number[];
}

const WIDTH = 560;
const HEIGHT = 300;
const MARGIN = { left: 64, right: 16, top: 28, bottom: 64 };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Round numbers for axis ticks: about `count` steps of 1, 2 or 5 × 10^k. */
export function niceTicks(low: number, high: number, count = 5): number[] {
  if (!(high > low)) return [low];
  const raw = (high - low) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let t = Math.ceil(low / step) * step; t <= high + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

function frame(title: string, xLabel: string, yLabel: string, body: string, legend: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif" font-size="11">
<text x="${MARGIN.left}" y="16" font-size="13" font-weight="600">${escapeXml(title)}</text>
${body}
<text x="${(MARGIN.left + WIDTH - MARGIN.right) / 2}" y="${HEIGHT - MARGIN.bottom + 30}" text-anchor="middle">${escapeXml(xLabel)}</text>
<text transform="translate(12 ${(MARGIN.top + HEIGHT - MARGIN.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel)}</text>
${legend}
</svg>`;
}

function axes(x0: number, x1: number, y0: number, y1: number, sx: (x: number) => number, sy: (y: number) => number, integerX: boolean): string {
  const parts: string[] = [];
  const bottom = HEIGHT - MARGIN.bottom;
  for (const t of niceTicks(y0, y1)) {
    parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${sy(t)}" y2="${sy(t)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${sy(t) + 4}" text-anchor="end">${formatTick(t)}</text>`);
  }
  for (const t of niceTicks(x0, x1, 8).filter((t) => !integerX || Number.isInteger(t))) {
    parts.push(`<line x1="${sx(t)}" x2="${sx(t)}" y1="${bottom}" y2="${bottom + 4}" stroke="#444"/>`);
    parts.push(`<text x="${sx(t)}" y="${bottom + 16}" text-anchor="middle">${formatTick(t)}</text>`);
  }
  parts.push(`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${bottom}" y2="${bottom}" stroke="#444"/>`);
  parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${bottom}" stroke="#444"/>`);
  return parts.join('\n');
}

function formatTick(t: number): string {
  if (Number.isInteger(t)) return String(t);
  return Math.abs(t) < 0.01 ? t.toPrecision(2) : String(Number(t.toPrecision(4)));
}

function legendRow(items: { label: string; color: string; dashed?: boolean; swatch?: 'line' | 'box' }[]): string {
  const spacing = Math.min(150, (WIDTH - MARGIN.left) / Math.max(1, items.length));
  return items
    .map((item, i) => {
      const x = MARGIN.left + i * spacing;
      const y = HEIGHT - 14;
      const mark =
        item.swatch === 'box'
          ? `<rect x="${x}" y="${y - 8}" width="18" height="10" fill="${item.color}" fill-opacity="0.6"/>`
          : `<line x1="${x}" x2="${x + 18}" y1="${y - 3}" y2="${y - 3}" stroke="${item.color}" stroke-width="2"${item.dashed ? ' stroke-dasharray="4 3"' : ''}/>`;
      return `${mark}<text x="${x + 24}" y="${y}">${escapeXml(item.label)}</text>`;
    })
    .join('\n');
}

/** Mean lines with shaded ± sd bands, one per series, over a shared x axis (epochs). */
export function bandChart(title: string, xLabel: string, yLabel: string, series: BandSeries[]): string {
  const points = series.flatMap((s) => s.x.map((x, i) => ({ x, lo: s.mean[i] - s.sd[i], hi: s.mean[i] + s.sd[i] })));
  if (points.length === 0) return frame(title, xLabel, yLabel, `<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" fill="#888">no data yet</text>`, '');
  const x0 = Math.min(...points.map((p) => p.x));
  const x1 = Math.max(...points.map((p) => p.x), x0 + 1);
  const y0 = Math.min(0, ...points.map((p) => p.lo));
  const y1 = Math.max(...points.map((p) => p.hi), y0 + 1e-9);
  const sx = (x: number) => +(MARGIN.left + ((x - x0) / (x1 - x0)) * (WIDTH - MARGIN.left - MARGIN.right)).toFixed(1);
  const sy = (y: number) => +(HEIGHT - MARGIN.bottom - ((y - y0) / (y1 - y0)) * (HEIGHT - MARGIN.top - MARGIN.bottom)).toFixed(1);
  const body = [axes(x0, x1, y0, y1, sx, sy, true)];
  for (const s of series) {
    if (s.x.length === 0) continue;
    const upper = s.x.map((x, i) => `${sx(x)},${sy(s.mean[i] + s.sd[i])}`);
    const lower = s.x.map((x, i) => `${sx(x)},${sy(s.mean[i] - s.sd[i])}`).reverse();
    body.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${s.color}" fill-opacity="0.15" stroke="none"/>`);
    const line = s.x.map((x, i) => `${sx(x)},${sy(s.mean[i])}`).join(' ');
    body.push(`<polyline points="${line}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>`);
    if (s.x.length === 1) body.push(`<circle cx="${sx(s.x[0])}" cy="${sy(s.mean[0])}" r="3" fill="${s.color}"/>`);
  }
  return frame(title, xLabel, yLabel, body.join('\n'), legendRow(series));
}

/** Two histograms over the same bins, drawn as side-by-side bars. */
export function pairedHistogram(title: string, xLabel: string, edges: number[], groups: { label: string; color: string; counts: number[] }[]): string {
  const top = Math.max(1, ...groups.flatMap((g) => g.counts));
  const x0 = edges[0];
  const x1 = edges[edges.length - 1];
  const sx = (x: number) => +(MARGIN.left + ((x - x0) / (x1 - x0 || 1)) * (WIDTH - MARGIN.left - MARGIN.right)).toFixed(1);
  const sy = (y: number) => +(HEIGHT - MARGIN.bottom - (y / top) * (HEIGHT - MARGIN.top - MARGIN.bottom)).toFixed(1);
  const body = [axes(x0, x1, 0, top, sx, sy, false)];
  groups.forEach((group, g) => {
    group.counts.forEach((count, i) => {
      const left = sx(edges[i]);
      const width = (sx(edges[i + 1]) - left) / groups.length;
      if (count > 0) {
        body.push(`<rect x="${(left + g * width).toFixed(1)}" y="${sy(count)}" width="${Math.max(0.5, width - 0.5).toFixed(1)}" height="${(sy(0) - sy(count)).toFixed(1)}" fill="${group.color}" fill-opacity="0.75"/>`);
      }
    });
  });
  return frame(title, xLabel, 'units', body.join('\n'), legendRow(groups.map((g) => ({ ...g, swatch: 'box' as const }))));
}

/** Per seed, each variant's test errors, the two joined by a line (the pairing the tests use). */
export function pairedDots(title: string, seeds: number[], groups: { label: string; color: string; values: number[] }[]): string {
  const all = groups.flatMap((g) => g.values);
  if (all.length === 0) return frame(title, 'seed', 'test errors', '', '');
  const y0 = Math.min(...all);
  const y1 = Math.max(...all);
  const pad = Math.max(1, (y1 - y0) * 0.15);
  const x0 = 0.5;
  const x1 = seeds.length + 0.5;
  const sx = (x: number) => +(MARGIN.left + ((x - x0) / (x1 - x0)) * (WIDTH - MARGIN.left - MARGIN.right)).toFixed(1);
  const sy = (y: number) => +(HEIGHT - MARGIN.bottom - ((y - (y0 - pad)) / (y1 - y0 + 2 * pad)) * (HEIGHT - MARGIN.top - MARGIN.bottom)).toFixed(1);
  const body = [axes(x0, x1, y0 - pad, y1 + pad, sx, sy, true)];
  seeds.forEach((_, i) => {
    const ys = groups.map((g) => g.values[i]);
    body.push(`<line x1="${sx(i + 1)}" x2="${sx(i + 1)}" y1="${sy(ys[0])}" y2="${sy(ys[ys.length - 1])}" stroke="#999"/>`);
    groups.forEach((g) => body.push(`<circle cx="${sx(i + 1)}" cy="${sy(g.values[i])}" r="4" fill="${g.color}"><title>seed ${seeds[i]}, ${escapeXml(g.label)}: ${g.values[i]}</title></circle>`));
  });
  return frame(title, `seed (${seeds.join(', ')})`, 'test errors', body.join('\n'), legendRow(groups));
}
