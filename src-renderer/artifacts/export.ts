import type { ArtifactContent, ImageGridArtifact, TableArtifact } from '../../src-shared/api/artifacts';
import { curveLayout } from './curve-layout';
import { imageGridLayout } from './grid-layout';
import { scatterLayout } from './scatter-layout';
import { curveSvg, escapeXml, imageGridSvg, scatterSvg, TITLE_HEIGHT, type SvgOptions } from './svg';

/** The size of scatter and curve plots, on screen and in downloads. */
export const PLOT_SIZE = { width: 600, height: 380 } as const;

/** Turns one image of a grid into a PNG data URL (a canvas in the browser; tests pass a stand-in). */
export type ImageUrl = (image: { pixels: number[] }, content: ImageGridArtifact) => string;

/** The drawing of an artifact as a standalone SVG file: title on top, white background, black ink. */
export function artifactSvg(content: ArtifactContent, imageUrl: ImageUrl): { svg: string; width: number; height: number } {
  const options: SvgOptions = { title: content.title, background: '#ffffff' };
  switch (content.kind) {
    case 'scatter': {
      const layout = scatterLayout(content, { ...PLOT_SIZE, height: PLOT_SIZE.height + TITLE_HEIGHT, topMargin: TITLE_HEIGHT + 4 });
      return { svg: scatterSvg(layout, options), width: layout.axes.width, height: layout.axes.height };
    }
    case 'curve': {
      const layout = curveLayout(content, { ...PLOT_SIZE, height: PLOT_SIZE.height + TITLE_HEIGHT, topMargin: TITLE_HEIGHT + 4 });
      return { svg: curveSvg(layout, options), width: layout.axes.width, height: layout.axes.height };
    }
    case 'image-grid': {
      const layout = imageGridLayout(content, { top: TITLE_HEIGHT + 4 });
      const urls = content.rows.map((row) => row.images.map((image) => imageUrl(image, content)));
      return { svg: imageGridSvg(content, layout, urls, options), width: layout.width, height: layout.height };
    }
    case 'table':
      return tableSvg(content, options);
  }
}

const ROW_HEIGHT = 18;
const CHAR_WIDTH = 7;

/** A table as SVG text rows, columns as wide as their longest cell. */
export function tableSvg(content: TableArtifact, options: SvgOptions): { svg: string; width: number; height: number } {
  const cells = [content.columns, ...content.rows.map((row) => row.map(cellText))];
  const widths = content.columns.map((_, c) => Math.max(...cells.map((row) => (row[c] ?? '').length)) * CHAR_WIDTH + 16);
  const width = Math.max(200, widths.reduce((a, b) => a + b, 0) + 16);
  const top = options.title ? TITLE_HEIGHT + 4 : 4;
  const height = top + cells.length * ROW_HEIGHT + 8;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">`,
    options.background ? `<rect width="${width}" height="${height}" fill="${escapeXml(options.background)}"/>` : '',
    '<g fill="#222">',
    options.title ? `<text x="8" y="17" font-size="13" font-weight="600">${escapeXml(options.title)}</text>` : '',
  ];
  cells.forEach((row, r) => {
    let x = 8;
    const y = top + (r + 1) * ROW_HEIGHT - 5;
    row.forEach((cell, c) => {
      parts.push(`<text x="${x}" y="${y}"${r === 0 ? ' font-weight="600"' : ''}>${escapeXml(cell)}</text>`);
      x += widths[c] ?? 0;
    });
    if (r === 0) parts.push(`<line x1="8" x2="${width - 8}" y1="${y + 5}" y2="${y + 5}" stroke="#222" stroke-opacity="0.4"/>`);
  });
  parts.push('</g></svg>');
  return { svg: parts.join(''), width, height };
}

export function cellText(value: string | number | null): string {
  if (value === null) return '—';
  return typeof value === 'number' ? String(Number.isInteger(value) ? value : Number(value.toPrecision(6))) : value;
}

/** A file name from a run's and an artifact's names: letters, digits, dot, dash and underscore only. */
export function downloadName(parts: readonly string[], extension: 'png' | 'svg' | 'csv'): string {
  const base = parts
    .map((part) => part.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter(Boolean)
    .join('-');
  return `${base || 'artifact'}.${extension}`;
}
