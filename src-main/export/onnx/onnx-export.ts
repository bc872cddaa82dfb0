import type { NodeAnalysis } from '../../../src-shared/network/analysis-types';
import type { ExportFiles } from '../export-files';
import { exportNames } from '../layer-names';
import { requireExportable } from '../layer-support';
import { inputShapeOf, orderedNodes, outputShapeOf, uniformScaling, weightOf, type ExportNetwork } from '../network';
import { batchedFloatType, int, ints, onnx, OnnxGraphBuilder } from './onnx-graph';

const OPSET = 13;
const IR_VERSION = 8;

/** A value in the graph and the layout of its image axes: LayerLab's NHWC, or the NCHW ONNX Conv and pools need. */
interface Value {
  name: string;
  layout: 'nhwc' | 'nchw';
}

type LayerWriter = (node: NodeAnalysis, inputs: Value[], context: WriterContext) => Value;

interface WriterContext {
  graph: OnnxGraphBuilder;
  network: ExportNetwork;
  name: string;
  /** The value in the wanted layout (a Transpose added once per value and layout). */
  as: (value: Value, layout: Value['layout']) => string;
}

const ACTIVATION_OPS: Record<string, string | null> = { linear: null, relu: 'Relu', sigmoid: 'Sigmoid', tanh: 'Tanh', softmax: 'Softmax' };

/** An activation after `value`; softmax over the last axis of the NHWC tensor, as LayerLab takes it. */
function activate(fn: string, value: Value, context: WriterContext, suffix = ''): Value {
  const op = ACTIVATION_OPS[fn];
  if (op === undefined) throw new Error(`activation "${fn}" has no ONNX operator`);
  if (op === null) return value;
  if (op === 'Softmax') return { name: context.graph.node(op, [context.as(value, 'nhwc')], context.name + suffix, [int('axis', -1)]), layout: 'nhwc' };
  return { name: context.graph.node(op, [value.name], context.name + suffix), layout: value.layout };
}

/** TensorFlow's padding as ONNX pads [top, left, bottom, right]: 'same' puts the odd pixel at the end. */
function pads(node: NodeAnalysis, window: number, stride: number): number[] {
  if (node.params.padding !== 'same') return [0, 0, 0, 0];
  const [height, width] = node.inputShapes[0];
  const total = (size: number) => Math.max((Math.ceil(size / stride) - 1) * stride + window - size, 0);
  const [h, w] = [total(height), total(width)];
  return [Math.floor(h / 2), Math.floor(w / 2), h - Math.floor(h / 2), w - Math.floor(w / 2)];
}

/** HWIO (LayerLab, Keras) to OIHW (ONNX). */
function hwioToOihw(values: Float32Array, [kh, kw, cin, cout]: number[]): Float32Array {
  const out = new Float32Array(values.length);
  for (let h = 0; h < kh; h++)
    for (let w = 0; w < kw; w++)
      for (let i = 0; i < cin; i++)
        for (let o = 0; o < cout; o++) out[((o * cin + i) * kh + h) * kw + w] = values[((h * kw + w) * cin + i) * cout + o];
  return out;
}

function pool(op: 'MaxPool' | 'AveragePool'): LayerWriter {
  return (node, [input], context) => {
    const size = node.params.poolSize as number;
    const stride = (node.params.stride as number | null) ?? size;
    const attributes = [ints('kernel_shape', [size, size]), ints('strides', [stride, stride]), ints('pads', pads(node, size, stride))];
    // count_include_pad 0 (the default): a padded 'same' window averages its real values only, as LayerLab does.
    return { name: context.graph.node(op, [context.as(input, 'nchw')], context.name, attributes), layout: 'nchw' };
  };
}

/** Every catalog kind as ONNX operators (opset 13). Dropout is left out: inference does not drop. */
const ONNX_LAYER_WRITERS: Readonly<Record<string, LayerWriter>> = {
  input: () => {
    throw new Error('the input is written by onnxExport');
  },
  dense: (node, [input], context) => {
    const kernel = weightOf(context.network, node.id, 'kernel');
    const operands = [input.name, context.graph.floats(`${context.name}_kernel`, kernel.shape, kernel.values)];
    if (node.params.useBias !== false) {
      const bias = weightOf(context.network, node.id, 'bias');
      operands.push(context.graph.floats(`${context.name}_bias`, bias.shape, bias.values));
    }
    const output = { name: context.graph.node('Gemm', operands, context.name), layout: 'nhwc' as const };
    return activate(node.params.activation as string, output, context, '_activation');
  },
  conv2d: (node, [input], context) => {
    const kernel = weightOf(context.network, node.id, 'kernel');
    const [k, , cin, cout] = kernel.shape;
    const stride = node.params.stride as number;
    const operands = [context.as(input, 'nchw'), context.graph.floats(`${context.name}_kernel`, [cout, cin, k, k], hwioToOihw(kernel.values, kernel.shape))];
    if (node.params.useBias !== false) {
      const bias = weightOf(context.network, node.id, 'bias');
      operands.push(context.graph.floats(`${context.name}_bias`, bias.shape, bias.values));
    }
    const attributes = [ints('kernel_shape', [k, k]), ints('strides', [stride, stride]), ints('pads', pads(node, k, stride)), ints('dilations', [1, 1])];
    const output = { name: context.graph.node('Conv', operands, context.name, attributes), layout: 'nchw' as const };
    return activate(node.params.activation as string, output, context, '_activation');
  },
  maxpool2d: pool('MaxPool'),
  avgpool2d: pool('AveragePool'),
  // Row-major over height, width, channels, as LayerLab flattens.
  flatten: (node, [input], context) => ({ name: context.graph.node('Flatten', [context.as(input, 'nhwc')], context.name, [int('axis', 1)]), layout: 'nhwc' }),
  reshape: (node, [input], context) => {
    const shape = context.graph.int64s(`${context.name}_shape`, [-1, ...node.outputShape!]);
    return { name: context.graph.node('Reshape', [context.as(input, 'nhwc'), shape], context.name), layout: 'nhwc' };
  },
  dropout: (node, [input]) => input,
  activation: (node, [input], context) => activate(node.params.fn as string, input, context),
  // LayerLab's axis counts the example's axes; ONNX counts the batch axis too.
  concatenate: (node, inputs, context) => {
    const axis = node.params.axis as number;
    const operands = inputs.map((input) => context.as(input, 'nhwc'));
    return { name: context.graph.node('Concat', operands, context.name, [int('axis', axis < 0 ? axis : axis + 1)]), layout: 'nhwc' };
  },
};

export const ONNX_EXPORTABLE_KINDS = Object.keys(ONNX_LAYER_WRITERS);

/**
 * An ONNX model (opset 13) of the network that takes raw inputs [batch, ...input shape] (channels last, as
 * LayerLab's) and gives the network's output: the run's preprocessing x' = (x − offset) · scale as its first two
 * nodes, dropout left out, images transposed to NCHW around convolutions and pools and back before flatten.
 */
export function onnxExport(network: ExportNetwork): ExportFiles {
  const nodes = orderedNodes(network);
  requireExportable(nodes, 'onnx', ONNX_EXPORTABLE_KINDS);
  const graph = new OnnxGraphBuilder();
  const names = exportNames(network, ['input', 'output', 'preprocess_offset', 'preprocess_scale']);
  const inputShape = inputShapeOf(network);
  graph.reserve('input');
  graph.reserve('output');

  const transposed = new Map<string, string>();
  const as = (value: Value, layout: Value['layout']): string => {
    if (value.layout === layout) return value.name;
    const key = `${value.name}\u0000${layout}`;
    if (!transposed.has(key)) {
      const perm = layout === 'nchw' ? [0, 3, 1, 2] : [0, 2, 3, 1];
      transposed.set(key, graph.node('Transpose', [value.name], `${value.name}_${layout}`, [ints('perm', perm)]));
    }
    return transposed.get(key)!;
  };

  const values = new Map<string, Value>();
  for (const node of nodes) {
    const name = names.get(node.id)!;
    if (node.kind === 'input') {
      values.set(node.id, { name: preprocessing(network, graph, inputShape), layout: 'nhwc' });
      continue;
    }
    const inputs = node.inputs.map((id) => values.get(id)!);
    values.set(node.id, ONNX_LAYER_WRITERS[node.kind](node, inputs, { graph, network, name, as }));
  }
  const last = values.get(network.analysis.outputId!)!;
  graph.nodes.push({ opType: 'Identity', input: [as(last, 'nhwc')], output: ['output'], name: 'output' });

  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'LayerLab',
    docString: `LayerLab run ${network.runId} (${network.name}); input: raw values ${network.preprocessing ? 'preprocessed by the first nodes' : 'used as they are'}`,
    metadataProps: [
      { key: 'layerlab.runId', value: network.runId },
      { key: 'layerlab.run', value: network.name },
      { key: 'layerlab.preprocessing', value: network.preprocessing ? 'included as the first nodes (Sub, Mul)' : 'none' },
    ],
    graph: {
      name: 'layerlab_model',
      node: graph.nodes,
      initializer: graph.initializers,
      input: [{ name: 'input', type: batchedFloatType(inputShape) }],
      output: [{ name: 'output', type: batchedFloatType(outputShapeOf(network)) }],
    },
  });
  return { files: [{ name: 'model.onnx', data: onnx.ModelProto.encode(model).finish() }] };
}

/** x' = (x − offset) · scale, one value each or one per input value (shaped as the input, broadcast over the batch). */
function preprocessing(network: ExportNetwork, graph: OnnxGraphBuilder, shape: number[]): string {
  const scaling = network.preprocessing;
  if (!scaling) return 'input';
  const uniform = uniformScaling(scaling);
  const [offset, scale] = uniform
    ? [graph.floats('preprocess_offset', [], [uniform.offset]), graph.floats('preprocess_scale', [], [uniform.scale])]
    : [graph.floats('preprocess_offset', shape, scaling.offset), graph.floats('preprocess_scale', shape, scaling.scale)];
  const centred = graph.node('Sub', ['input', offset], 'preprocess_centred');
  return graph.node('Mul', [centred, scale], 'preprocess');
}
