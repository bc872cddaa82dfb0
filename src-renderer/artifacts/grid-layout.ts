import type { ImageGridArtifact } from '../../src-shared/api/artifacts';

export interface GridImageLayout {
  x: number;
  y: number;
  label?: string;
}

export interface GridLayout {
  width: number;
  height: number;
  /** Pixel size of one drawn image: the image shape times `zoom`. */
  cellWidth: number;
  cellHeight: number;
  zoom: number;
  labelWidth: number;
  rows: { label: string; y: number; images: GridImageLayout[] }[];
  /** The colour bar under the grid, with its end values. */
  bar: { x: number; y: number; width: number; height: number };
}

export interface GridOptions {
  /** Screen pixels per image pixel; default: 2 for images up to 32 px high, else 1. */
  zoom?: number;
  gap?: number;
  labelWidth?: number;
  /** Room above the grid (a title in downloads). */
  top?: number;
  /** Room under each image for its label. */
  imageLabel?: number;
}

/** Where each image, row label and the colour bar go, for the download drawings (PNG and SVG). */
export function imageGridLayout(content: ImageGridArtifact, options: GridOptions = {}): GridLayout {
  const [h, w] = content.imageShape;
  const zoom = options.zoom ?? (h <= 32 ? 2 : 1);
  const gap = options.gap ?? 4;
  const labelWidth = options.labelWidth ?? 80;
  const top = options.top ?? 4;
  const hasImageLabels = content.rows.some((row) => row.images.some((image) => image.label));
  const imageLabel = hasImageLabels ? (options.imageLabel ?? 14) : 0;
  const cellWidth = w * zoom;
  const cellHeight = h * zoom;
  const columns = Math.max(1, ...content.rows.map((row) => row.images.length));
  let y = top;
  const rows = content.rows.map((row) => {
    const laidOut = { label: row.label, y, images: row.images.map((image, i) => ({ x: labelWidth + i * (cellWidth + gap), y, label: image.label })) };
    y += cellHeight + imageLabel + gap;
    return laidOut;
  });
  const width = labelWidth + columns * (cellWidth + gap);
  const bar = { x: labelWidth, y: y + 4, width: Math.min(200, width - labelWidth), height: 10 };
  return { width, height: bar.y + bar.height + 18, cellWidth, cellHeight, zoom, labelWidth, rows, bar };
}
