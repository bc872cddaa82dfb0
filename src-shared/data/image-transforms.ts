import { z } from 'zod';

/**
 * Deterministic geometric preprocessing of image datasets, applied by the loader to the training and test
 * images alike before the data is fingerprinted, so runs on differently transformed images have different
 * dataset fingerprints. It is part of the run's dataset reference (`dataset.images`).
 */
export const imageTransformSchema = z
  .object({
    /**
     * Cireşan et al. 2012: scale each digit horizontally so that the bounding box of its ink is this many
     * pixels wide (its height and rows kept), then centre the box horizontally in the frame.
     */
    widthNorm: z.number().int('expected a whole number of pixels').min(1, 'expected a width of 1 pixel or more').max(1024).optional(),
    /** Pad with zeros (centred) or crop (centred) every image to [height, width], e.g. MNIST to 29×29 for the Cireşan column. */
    size: z
      .tuple([z.number().int().min(1).max(4096), z.number().int().min(1).max(4096)])
      .optional(),
  })
  .strict();
export type ImageTransform = z.infer<typeof imageTransformSchema>;

/** True when the transform changes nothing (no width normalisation, no size). */
export function isIdentityTransform(transform: ImageTransform | undefined): boolean {
  return !transform || (transform.widthNorm === undefined && transform.size === undefined);
}

/** "original", "width 20 px", "29×29", "width 20 px, 29×29": how tables and labels name a transform. */
export function describeImageTransform(transform: ImageTransform | undefined): string {
  if (isIdentityTransform(transform)) return 'original';
  const parts: string[] = [];
  if (transform!.widthNorm !== undefined) parts.push(`width ${transform!.widthNorm} px`);
  if (transform!.size) parts.push(`${transform!.size[0]}×${transform!.size[1]}`);
  return parts.join(', ');
}

/** A short key for slot names: "orig", "w20", "s29x29", "w20-s29x29". */
export function imageTransformKey(transform: ImageTransform | undefined): string {
  if (isIdentityTransform(transform)) return 'orig';
  const parts: string[] = [];
  if (transform!.widthNorm !== undefined) parts.push(`w${transform!.widthNorm}`);
  if (transform!.size) parts.push(`s${transform!.size[0]}x${transform!.size[1]}`);
  return parts.join('-');
}

/**
 * The example shape after the transform, or the problem with it ("dataset.images.widthNorm: …"): the
 * transform needs [height, width, channels] images and a width normalisation no wider than the frame.
 */
export function transformedShape(shape: readonly number[], transform: ImageTransform | undefined): { shape: number[] } | { problem: string } {
  if (isIdentityTransform(transform)) return { shape: [...shape] };
  if (shape.length !== 3) {
    return { problem: `dataset.images (${describeImageTransform(transform)}): needs images of shape [height, width, channels]; this dataset's examples have shape [${shape.join(', ')}]; remove dataset.images` };
  }
  if (transform!.widthNorm !== undefined && transform!.widthNorm > shape[1]) {
    return { problem: `dataset.images.widthNorm: ${transform!.widthNorm} px is wider than the ${shape[1]}-pixel-wide images; use at most ${shape[1]}` };
  }
  if (transform!.size && transform!.size[0] * transform!.size[1] > MAX_SIZE_GROWTH * shape[0] * shape[1]) {
    const [height, width] = transform!.size;
    return {
      problem: `dataset.images.size: ${height}×${width} is more than ${MAX_SIZE_GROWTH} times the area of the ${shape[0]}×${shape[1]} images (every transformed image is held in memory); pad to at most ${MAX_SIZE_GROWTH}× their area`,
    };
  }
  return { shape: transform!.size ? [transform!.size[0], transform!.size[1], shape[2]] : [...shape] };
}

/** A padded size may hold at most this many times the original image's pixels (MNIST: up to 112×112). */
export const MAX_SIZE_GROWTH = 16;
