import { isIdentityTransform, transformedShape, type ImageTransform } from '../../../src-shared/data/image-transforms';
import { DatasetError } from './registry';
import type { DataSplit } from './types';

/**
 * Width normalisation after Cireşan, Meier & Schmidhuber 2012: the bounding box of the ink (values > 0)
 * is resampled horizontally to `width` columns, area-weighted (each output column averages the source
 * columns it covers, so the first and last output columns cover the box's first and last ink columns and
 * the new box is exactly `width` wide), and centred horizontally in the frame; rows are kept. An image
 * without ink is returned unchanged. `image` is one image, [height, frameWidth, channels] row-major.
 */
export function widthNormalise(image: Float32Array, shape: readonly [number, number, number], width: number): Float32Array {
  const [height, frameWidth, channels] = shape;
  const out = new Float32Array(image.length);
  let left = frameWidth;
  let right = -1;
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < frameWidth; c++) {
      for (let k = 0; k < channels; k++) {
        if (image[(r * frameWidth + c) * channels + k] > 0) {
          if (c < left) left = c;
          if (c > right) right = c;
        }
      }
    }
  }
  if (right < 0) {
    out.set(image);
    return out;
  }
  const boxWidth = right - left + 1;
  const step = boxWidth / width;
  const start = Math.floor((frameWidth - width) / 2);
  for (let j = 0; j < width; j++) {
    const from = left + j * step;
    const to = left + (j + 1) * step;
    const firstColumn = Math.floor(from);
    const lastColumn = Math.min(right, Math.ceil(to) - 1);
    for (let source = firstColumn; source <= lastColumn; source++) {
      const overlap = Math.min(to, source + 1) - Math.max(from, source);
      if (overlap <= 0) continue;
      const weight = overlap / step;
      for (let r = 0; r < height; r++) {
        const outBase = (r * frameWidth + start + j) * channels;
        const inBase = (r * frameWidth + source) * channels;
        for (let k = 0; k < channels; k++) out[outBase + k] += weight * image[inBase + k];
      }
    }
  }
  return out;
}

/** Pads with zeros or crops, centred, to [height, width] (an odd difference puts the extra row or column after). */
export function padOrCrop(image: Float32Array, shape: readonly [number, number, number], size: readonly [number, number]): Float32Array {
  const [height, width, channels] = shape;
  const [outHeight, outWidth] = size;
  const top = Math.floor((outHeight - height) / 2);
  const leftPad = Math.floor((outWidth - width) / 2);
  const out = new Float32Array(outHeight * outWidth * channels);
  for (let r = 0; r < outHeight; r++) {
    const sourceRow = r - top;
    if (sourceRow < 0 || sourceRow >= height) continue;
    for (let c = 0; c < outWidth; c++) {
      const sourceColumn = c - leftPad;
      if (sourceColumn < 0 || sourceColumn >= width) continue;
      for (let k = 0; k < channels; k++) out[(r * outWidth + c) * channels + k] = image[(sourceRow * width + sourceColumn) * channels + k];
    }
  }
  return out;
}

/**
 * Every image of the split transformed (width normalisation first, then padding or cropping to `size`), as
 * a new split. Throws DatasetError naming the setting when the data are not images or the width does not
 * fit the frame.
 */
export function transformImages(split: DataSplit, transform: ImageTransform | undefined): DataSplit {
  if (isIdentityTransform(transform) || split.count === 0) return split;
  const checked = transformedShape(split.shape, transform);
  if ('problem' in checked) throw new DatasetError(checked.problem);
  const shape = split.shape as [number, number, number];
  const outShape = checked.shape as [number, number, number];
  const { widthNorm, size } = transform!;
  const inSize = shape[0] * shape[1] * shape[2];
  const outSize = outShape[0] * outShape[1] * outShape[2];
  const x = new Float32Array(split.count * outSize);
  for (let i = 0; i < split.count; i++) {
    let image = split.x.subarray(i * inSize, (i + 1) * inSize);
    if (widthNorm !== undefined) image = widthNormalise(image, shape, widthNorm);
    x.set(size ? padOrCrop(image, shape, size) : image, i * outSize);
  }
  return { x, y: split.y, count: split.count, shape: outShape };
}
