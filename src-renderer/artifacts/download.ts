import type { ImageGridArtifact } from '../../src-shared/api/artifacts';
import { imageRgba } from './color-map';

/**
 * Saves a file through an <a download> link to a blob URL: the browser mode's download, and Electron's too
 * (its default will-download handling asks where to save).
 */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(fileName: string, text: string, type: string): void {
  downloadBlob(fileName, new Blob([text], { type }));
}

/** Draws one grid image onto a canvas, one canvas pixel per image pixel (CSS scales it, pixelated). */
export function drawGridImage(canvas: HTMLCanvasElement, pixels: readonly number[], content: ImageGridArtifact): void {
  const [h, w] = content.imageShape;
  canvas.width = w;
  canvas.height = h;
  const context = canvas.getContext('2d');
  if (!context) return;
  context.putImageData(new ImageData(imageRgba(pixels, content.imageShape, content.range, content.colorScale) as Uint8ClampedArray<ArrayBuffer>, w, h), 0, 0);
}

/** A grid image as a PNG data URL, for the SVG download. */
export function gridImageUrl(image: { pixels: number[] }, content: ImageGridArtifact): string {
  const canvas = document.createElement('canvas');
  drawGridImage(canvas, image.pixels, content);
  return canvas.toDataURL('image/png');
}

/** Renders SVG text onto a canvas at `pixelRatio` and encodes it as PNG. */
export async function svgToPng(svg: string, width: number, height: number, pixelRatio = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the drawing could not be rendered as an image'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * pixelRatio);
    canvas.height = Math.round(height * pixelRatio);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2-D canvas context');
    context.imageSmoothingEnabled = false;
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}
