import type { ImageGridArtifact } from '../../src-shared/api/artifacts';
import { colorBarStops } from './color-map';
import type { CurveLayout } from './curve-layout';
import { round } from './curve-layout';
import type { GridLayout } from './grid-layout';
import type { PlotAxes } from './plot-layout';
import { formatNumberShort } from './scale';
import type { LegendEntry, ScatterLayout } from './scatter-layout';

/**
 * The drawings of the artifact viewer as SVG text: the same markup is shown on screen and downloaded.
 * Ink is `currentColor`, so on screen it follows the theme and in a file it is black; downloads pass a
 * background and a title.
 */
export interface SvgOptions {
  title?: string;
  background?: string;
}

export const TITLE_HEIGHT = 26;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function open(width: number, height: number, options: SvgOptions, role = 'img'): string {
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="${role}" font-family="system-ui, sans-serif" font-size="11">`];
  if (options.background) parts.push(`<rect width="${width}" height="${height}" fill="${escapeXml(options.background)}"/>`);
  if (options.background) parts.push('<g fill="#222" color="#222">');
  else parts.push('<g fill="currentColor">');
  if (options.title) parts.push(`<text x="8" y="17" font-size="13" font-weight="600">${escapeXml(options.title)}</text>`);
  return parts.join('');
}

const close = '</g></svg>';

/** Grid lines, ticks, tick labels and axis labels of a plot. */
export function axesSvg(axes: PlotAxes): string {
  const parts: string[] = ['<g class="axes">'];
  for (const tick of axes.x.ticks) {
    const x = round(tick.pos);
    parts.push(`<line x1="${x}" x2="${x}" y1="${axes.top}" y2="${axes.bottom}" stroke="currentColor" stroke-opacity="0.12"/>`);
    parts.push(`<line x1="${x}" x2="${x}" y1="${axes.bottom}" y2="${axes.bottom + 4}" stroke="currentColor"/>`);
    parts.push(`<text class="tick tick-x" x="${x}" y="${axes.bottom + 15}" text-anchor="middle">${escapeXml(tick.label)}</text>`);
  }
  for (const tick of axes.y.ticks) {
    const y = round(tick.pos);
    parts.push(`<line x1="${axes.left}" x2="${axes.right}" y1="${y}" y2="${y}" stroke="currentColor" stroke-opacity="0.12"/>`);
    parts.push(`<line x1="${axes.left - 4}" x2="${axes.left}" y1="${y}" y2="${y}" stroke="currentColor"/>`);
    parts.push(`<text class="tick tick-y" x="${axes.left - 6}" y="${y + 3.5}" text-anchor="end">${escapeXml(tick.label)}</text>`);
  }
  parts.push(`<rect x="${axes.left}" y="${axes.top}" width="${axes.right - axes.left}" height="${axes.bottom - axes.top}" fill="none" stroke="currentColor" stroke-opacity="0.5"/>`);
  const midX = round((axes.left + axes.right) / 2);
  const midY = round((axes.top + axes.bottom) / 2);
  parts.push(`<text class="axis-label axis-x" x="${midX}" y="${axes.height - 6}" text-anchor="middle">${escapeXml(axes.x.label)}${axes.x.log ? ' (log)' : ''}</text>`);
  parts.push(`<text class="axis-label axis-y" transform="translate(12 ${midY}) rotate(-90)" text-anchor="middle">${escapeXml(axes.y.label)}</text>`);
  parts.push('</g>');
  return parts.join('');
}

function legendSvg(legend: readonly LegendEntry[], axes: PlotAxes, marker: 'dot' | 'line'): string {
  const x = axes.right + 12;
  const parts = ['<g class="legend">'];
  legend.forEach((entry, i) => {
    const y = axes.top + 8 + i * 16;
    parts.push(
      marker === 'dot'
        ? `<circle cx="${x + 4}" cy="${y}" r="4" fill="${entry.color}"/>`
        : `<line x1="${x}" x2="${x + 14}" y1="${y}" y2="${y}" stroke="${entry.color}" stroke-width="2"/>`,
    );
    parts.push(`<text class="legend-entry" x="${x + 18}" y="${y + 3.5}">${escapeXml(entry.name)}</text>`);
  });
  parts.push('</g>');
  return parts.join('');
}

export function scatterSvg(layout: ScatterLayout, options: SvgOptions = {}): string {
  const { axes } = layout;
  const parts = [open(axes.width, axes.height, options), axesSvg(axes)];
  const byClass = new Map<number, string[]>();
  for (const point of layout.points) {
    let list = byClass.get(point.cls);
    if (!list) byClass.set(point.cls, (list = []));
    list.push(`<circle cx="${round(point.cx)}" cy="${round(point.cy)}" r="2.2"/>`);
  }
  for (const [cls, circles] of [...byClass].sort((a, b) => a[0] - b[0])) {
    const color = layout.points.find((point) => point.cls === cls)?.color ?? '#888';
    parts.push(`<g class="points" data-class="${cls}" fill="${color}" fill-opacity="0.75">${circles.join('')}</g>`);
  }
  parts.push(legendSvg(layout.legend, axes, 'dot'), close);
  return parts.join('');
}

export function curveSvg(layout: CurveLayout, options: SvgOptions = {}): string {
  const { axes } = layout;
  const parts = [open(axes.width, axes.height, options), axesSvg(axes)];
  for (const series of layout.series) {
    parts.push(`<path class="curve" data-series="${escapeXml(series.name)}" d="${series.path}" fill="none" stroke="${series.color}" stroke-width="1.75"/>`);
    if (series.points.length <= 60) {
      parts.push(`<g fill="${series.color}">${series.points.map((p) => `<circle cx="${round(p.cx)}" cy="${round(p.cy)}" r="2.2"/>`).join('')}</g>`);
    }
  }
  if (layout.series.length > 1) parts.push(legendSvg(layout.legend, axes, 'line'));
  parts.push(close);
  return parts.join('');
}

/** An image grid as SVG: each image embedded as a PNG data URL (from the caller's canvas), row labels, the colour bar. */
export function imageGridSvg(content: ImageGridArtifact, layout: GridLayout, imageUrls: readonly (readonly string[])[], options: SvgOptions = {}): string {
  const parts = [open(layout.width, layout.height, options)];
  layout.rows.forEach((row, r) => {
    parts.push(`<text class="row-label" x="4" y="${row.y + layout.cellHeight / 2 + 4}">${escapeXml(row.label)}</text>`);
    row.images.forEach((image, i) => {
      const url = imageUrls[r]?.[i];
      if (url) parts.push(`<image x="${image.x}" y="${image.y}" width="${layout.cellWidth}" height="${layout.cellHeight}" href="${escapeXml(url)}" style="image-rendering: pixelated" preserveAspectRatio="none"/>`);
      if (image.label) parts.push(`<text x="${image.x + layout.cellWidth / 2}" y="${image.y + layout.cellHeight + 11}" text-anchor="middle" font-size="10">${escapeXml(image.label)}</text>`);
    });
  });
  const { bar } = layout;
  const stops = colorBarStops(content.range, content.colorScale).map((stop) => `<stop offset="${stop.offset}" stop-color="${stop.color}"/>`);
  parts.push(`<defs><linearGradient id="colorbar" x1="0" x2="1" y1="0" y2="0">${stops.join('')}</linearGradient></defs>`);
  parts.push(`<rect class="color-bar" x="${bar.x}" y="${bar.y}" width="${bar.width}" height="${bar.height}" fill="url(#colorbar)" stroke="currentColor" stroke-opacity="0.4"/>`);
  parts.push(`<text x="${bar.x}" y="${bar.y + bar.height + 12}">${escapeXml(formatNumberShort(content.range[0]))}</text>`);
  parts.push(`<text x="${bar.x + bar.width}" y="${bar.y + bar.height + 12}" text-anchor="end">${escapeXml(formatNumberShort(content.range[1]))}</text>`);
  parts.push(close);
  return parts.join('');
}
