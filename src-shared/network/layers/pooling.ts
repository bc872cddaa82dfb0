import type { LayerKindDef } from '../catalog-types';
import type { Shape } from '../types';
import { PADDINGS, requireImage, requireWindowFits, spatialOutputSize, type Padding } from './rules';

export type Pool2dParams = { poolSize: number; stride: number | null; padding: Padding };

/** Max and average pooling share everything but the reduction; `kind` names which. */
export function pooling2dLayer(kind: 'maxpool2d' | 'avgpool2d', label: string, description: string): LayerKindDef<Pool2dParams> {
  function outputOf(input: Shape, { poolSize, stride, padding }: Pool2dParams): [number, number, number] {
    const [height, width, channels] = requireImage(kind, input);
    requireWindowFits('pool size', poolSize, height, width, padding, 'poolSize');
    const step = stride ?? poolSize;
    return [spatialOutputSize(height, poolSize, step, padding), spatialOutputSize(width, poolSize, step, padding), channels];
  }
  return {
    kind,
    label,
    category: 'pooling',
    description,
    params: [
      { name: 'poolSize', label: 'Pool size', type: 'int', default: 2, min: 1, help: 'Height and width of each pooling window.' },
      { name: 'stride', label: 'Stride', type: 'int', default: null, min: 1, nullable: true, help: 'Step between windows; empty means the pool size (no overlap).' },
      { name: 'padding', label: 'Padding', type: 'enum', default: 'valid', options: PADDINGS, help: '"valid": windows stay inside; "same": output = ceil(input / stride).' },
    ],
    inputs: { min: 1, max: 1 },
    outputShape: ([input], params) => outputOf(input, params),
    weights: () => [],
    /** One op per window element per output value (a compare for max, an add for average). */
    flops([input], params) {
      const [height, width, channels] = outputOf(input, params);
      return height * width * channels * params.poolSize * params.poolSize;
    },
  };
}
