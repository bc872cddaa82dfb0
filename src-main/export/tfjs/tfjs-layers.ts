import type { NodeAnalysis } from '../../../src-shared/network/analysis-types';

/** One layer of a Keras / TF.js Layers topology: class name and its config, snake_case as Keras writes it. */
export interface KerasLayerConfig {
  className: string;
  config: Record<string, unknown>;
  /** The node's weights in the order Keras holds them, by LayerLab weight name. */
  weights: { layerLab: string; keras: string }[];
}

type LayerWriter = (node: NodeAnalysis) => KerasLayerConfig;

const pair = (value: number) => [value, value];
const kernelAndBias = (node: NodeAnalysis) =>
  node.weights.map((weight) => ({ layerLab: weight.name, keras: weight.name }));

/** Every catalog kind as a Keras layer. Shapes and axes are channels-last, as LayerLab's. */
export const TFJS_LAYER_WRITERS: Readonly<Record<string, LayerWriter>> = {
  input: (node) => ({
    className: 'InputLayer',
    config: { batch_input_shape: [null, ...node.outputShape!], dtype: 'float32', sparse: false },
    weights: [],
  }),
  dense: (node) => ({
    className: 'Dense',
    config: { units: node.params.units, activation: node.params.activation, use_bias: node.params.useBias },
    weights: kernelAndBias(node),
  }),
  conv2d: (node) => ({
    className: 'Conv2D',
    config: {
      filters: node.params.filters,
      kernel_size: pair(node.params.kernelSize as number),
      strides: pair(node.params.stride as number),
      padding: node.params.padding,
      data_format: 'channels_last',
      dilation_rate: [1, 1],
      activation: node.params.activation,
      use_bias: node.params.useBias,
    },
    weights: kernelAndBias(node),
  }),
  maxpool2d: (node) => ({ className: 'MaxPooling2D', config: poolConfig(node), weights: [] }),
  avgpool2d: (node) => ({ className: 'AveragePooling2D', config: poolConfig(node), weights: [] }),
  flatten: () => ({ className: 'Flatten', config: { data_format: 'channels_last' }, weights: [] }),
  reshape: (node) => ({ className: 'Reshape', config: { target_shape: node.outputShape }, weights: [] }),
  dropout: (node) => ({ className: 'Dropout', config: { rate: node.params.rate }, weights: [] }),
  activation: (node) => ({ className: 'Activation', config: { activation: node.params.fn }, weights: [] }),
  // LayerLab's axis counts the example's axes; Keras counts the batch axis too.
  concatenate: (node) => {
    const axis = node.params.axis as number;
    return { className: 'Concatenate', config: { axis: axis < 0 ? axis : axis + 1 }, weights: [] };
  },
};

function poolConfig(node: NodeAnalysis): Record<string, unknown> {
  const size = node.params.poolSize as number;
  const stride = (node.params.stride as number | null) ?? size;
  return { pool_size: pair(size), strides: pair(stride), padding: node.params.padding, data_format: 'channels_last' };
}
