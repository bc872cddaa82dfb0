import type { FirstLayerWeights } from '../../src-shared/api/run';

/**
 * Draws each unit's incoming weights as a grey tile (0 grey, positive light, negative dark), each tile scaled
 * to its own largest magnitude as in the dropout paper's figures. Returns how many tiles were drawn.
 */
export function drawWeightTiles(canvas: HTMLCanvasElement, weights: FirstLayerWeights, maxUnits: number, columns: number, scale: number): number {
  const units = Math.min(weights.units, maxUnits);
  const { rows, cols, values } = weights;
  const gap = 1;
  const gridRows = Math.ceil(units / columns);
  const width = columns * (cols + gap) - gap;
  const height = gridRows * (rows + gap) - gap;
  const image = new ImageData(Math.max(1, width), Math.max(1, height));
  image.data.fill(0);
  const size = rows * cols;
  for (let unit = 0; unit < units; unit++) {
    const offset = unit * size;
    let maxAbs = 1e-12;
    for (let i = 0; i < size; i++) maxAbs = Math.max(maxAbs, Math.abs(values[offset + i]));
    const x0 = (unit % columns) * (cols + gap);
    const y0 = Math.floor(unit / columns) * (rows + gap);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const grey = Math.round(127.5 + 127.5 * (values[offset + r * cols + c] / maxAbs));
        const p = ((y0 + r) * width + (x0 + c)) * 4;
        image.data[p] = image.data[p + 1] = image.data[p + 2] = grey;
        image.data[p + 3] = 255;
      }
    }
  }
  const buffer = document.createElement('canvas');
  buffer.width = image.width;
  buffer.height = image.height;
  buffer.getContext('2d')!.putImageData(image, 0, 0);
  canvas.width = image.width * scale;
  canvas.height = image.height * scale;
  const context = canvas.getContext('2d')!;
  context.imageSmoothingEnabled = false;
  context.drawImage(buffer, 0, 0, canvas.width, canvas.height);
  return units;
}
