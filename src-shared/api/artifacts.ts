import type { ArtifactKind } from '../procedures/types';
import { toCsv } from '../export/csv';

/**
 * Artifacts you look at: typed data a procedure saves as JSON beside a run (artifacts/<runId>/<name>.json),
 * served by `runs.artifact`, drawn by one viewer in the run view and side by side in Compare, and
 * downloadable as PNG/SVG (the drawing) and CSV (the data, `artifactCsv`).
 */
export type ArtifactContent = ImageGridArtifact | ScatterArtifact | CurveArtifact | TableArtifact;

interface ArtifactBase {
  kind: ArtifactKind;
  title: string;
  /** One sentence under the title: what is shown and how it was made. */
  caption?: string;
}

/** Images in rows: e.g. test digits (row "original") above their reconstructions (row "PCA-30"). */
export interface ImageGridArtifact extends ArtifactBase {
  kind: 'image-grid';
  /** Height × width of every image (a flattened feature vector is laid out in this shape). */
  imageShape: [number, number];
  /** Values map to grey linearly from range[0] (black) to range[1] (white); `diverging`: blue–white–red around 0. */
  range: [number, number];
  colorScale?: 'grey' | 'diverging';
  rows: { label: string; images: { label?: string; pixels: number[] }[] }[];
}

/** Points in 2-D coloured by class, e.g. the first two principal components of test digits. */
export interface ScatterArtifact extends ArtifactBase {
  kind: 'scatter';
  xLabel: string;
  yLabel: string;
  x: number[];
  y: number[];
  /** Class index per point; classNames[i] names class i. */
  classes: number[];
  classNames: string[];
}

/** x–y curves with any x, e.g. error against sparsity or reconstruction error against components. */
export interface CurveArtifact extends ArtifactBase {
  kind: 'curve';
  xLabel: string;
  yLabel: string;
  logX?: boolean;
  series: { name: string; x: number[]; y: number[] }[];
}

export interface TableArtifact extends ArtifactBase {
  kind: 'table';
  columns: string[];
  rows: (string | number | null)[][];
}

/** The data of an artifact as CSV text (RFC 4180 quoting), one row per image, point, curve point or table row. */
export function artifactCsv(content: ArtifactContent): string {
  const lines: (string | number | null)[][] = [];
  switch (content.kind) {
    case 'image-grid': {
      const size = content.imageShape[0] * content.imageShape[1];
      lines.push(['row', 'image', 'label', ...Array.from({ length: size }, (_, i) => `p${i}`)]);
      for (const row of content.rows) row.images.forEach((image, i) => lines.push([row.label, i, image.label ?? '', ...image.pixels]));
      break;
    }
    case 'scatter':
      lines.push([content.xLabel, content.yLabel, 'class']);
      content.x.forEach((x, i) => lines.push([x, content.y[i], content.classNames[content.classes[i]] ?? content.classes[i]]));
      break;
    case 'curve':
      lines.push(['series', content.xLabel, content.yLabel]);
      for (const series of content.series) series.x.forEach((x, i) => lines.push([series.name, x, series.y[i]]));
      break;
    case 'table':
      lines.push(content.columns, ...content.rows);
      break;
  }
  return toCsv(lines[0].map(String), lines.slice(1));
}
