import type { FirstLayerWeights } from '../../src-shared/api/run';
import type { NodeAnalysis, SpecAnalysis } from '../../src-shared/network/analysis-types';

/** A node's kernel as stored: values row-major in `shape`. */
export interface KernelValues {
  shape: number[];
  values: ArrayLike<number>;
}

/** The first dense or conv2d node in order: the one whose weights look at the input. */
export function firstWeightedNode(analysis: SpecAnalysis): NodeAnalysis | undefined {
  return analysis.order.map((id) => analysis.nodes.get(id)!).find((node) => node.kind === 'dense' || node.kind === 'conv2d');
}

/**
 * The first layer's incoming weights as one tile per unit. Dense after a flatten of h×w×c: unit j's
 * h·w·c weights → an h×w tile (channels averaged); dense on a flat input: a square tile when the size
 * is a square, else one row. conv2d: one k×k tile per filter (input channels averaged).
 */
export function firstLayerTiles(analysis: SpecAnalysis, kernel: KernelValues): FirstLayerWeights | null {
  const node = firstWeightedNode(analysis);
  if (!node) return null;
  if (node.kind === 'conv2d') {
    const [k, kw, channels, filters] = kernel.shape;
    return tiles(node.id, filters, k, kw, channels, (unit, r, c, ch) => kernel.values[((r * kw + c) * channels + ch) * filters + unit]);
  }
  const [fanIn, units] = kernel.shape;
  const [rows, cols, channels] = imageShapeFeeding(analysis, node, fanIn);
  return tiles(node.id, units, rows, cols, channels, (unit, r, c, ch) => kernel.values[((r * cols + c) * channels + ch) * units + unit]);
}

function tiles(
  nodeId: string,
  units: number,
  rows: number,
  cols: number,
  channels: number,
  weight: (unit: number, row: number, col: number, channel: number) => number,
): FirstLayerWeights {
  const values = new Array<number>(units * rows * cols);
  for (let unit = 0; unit < units; unit++) {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        let sum = 0;
        for (let ch = 0; ch < channels; ch++) sum += weight(unit, r, c, ch);
        values[(unit * rows + r) * cols + c] = sum / channels;
      }
    }
  }
  return { nodeId, units, rows, cols, values };
}

/** [rows, cols, channels] of the image a dense layer's flat input came from. */
function imageShapeFeeding(analysis: SpecAnalysis, dense: NodeAnalysis, fanIn: number): [number, number, number] {
  let node: NodeAnalysis | undefined = dense;
  while (node && node.inputs.length === 1) {
    const shape = node.inputShapes[0];
    if (shape && shape.length >= 2 && shape.reduce((a, b) => a * b, 1) === fanIn) {
      return [shape[0], shape[1], shape.slice(2).reduce((a, b) => a * b, 1)];
    }
    node = analysis.nodes.get(node.inputs[0]);
  }
  const side = Math.round(Math.sqrt(fanIn));
  return side * side === fanIn ? [side, side, 1] : [1, fanIn, 1];
}
