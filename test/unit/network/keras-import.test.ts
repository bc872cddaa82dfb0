import { describe, expect, it } from 'vitest';
import { validateSpec } from '../../../src-shared/network/analyze';
import { isKerasModelJson, kerasModelToSpec } from '../../../src-shared/network/import/keras-model';
import { tfjsExport } from '../../../src-main/export/tfjs/tfjs-export';
import { perFeatureScaling, randomNetwork } from '../export/network-fixture';
import { everyKindSpec } from '../export/specs';

/** A LeNet-like Sequential model as Keras 2 writes model.to_json(), the input shape on the first layer. */
const sequential = {
  class_name: 'Sequential',
  keras_version: '2.15.0',
  config: {
    name: 'hand_lenet',
    layers: [
      { class_name: 'Conv2D', config: { name: 'conv1', batch_input_shape: [null, 28, 28, 1], filters: 6, kernel_size: [5, 5], strides: [1, 1], padding: 'same', data_format: 'channels_last', dilation_rate: [1, 1], activation: 'relu', use_bias: true } },
      { class_name: 'MaxPooling2D', config: { name: 'pool1', pool_size: [2, 2], strides: [2, 2], padding: 'valid' } },
      { class_name: 'Conv2D', config: { name: 'conv2', filters: 16, kernel_size: [5, 5], strides: [1, 1], padding: 'valid', activation: 'relu', use_bias: true } },
      { class_name: 'AveragePooling2D', config: { name: 'pool2', pool_size: [2, 2], strides: [2, 2], padding: 'valid' } },
      { class_name: 'Flatten', config: { name: 'flatten' } },
      { class_name: 'Dense', config: { name: 'fc1', units: 120, activation: 'relu', use_bias: true } },
      { class_name: 'Dropout', config: { name: 'drop', rate: 0.5 } },
      { class_name: 'Dense', config: { name: 'fc2', units: 10, activation: 'linear', use_bias: true } },
      { class_name: 'Softmax', config: { name: 'probs', axis: -1 } },
    ],
  },
};

/** A two-branch functional model as Keras 3 writes it (inbound nodes as keras tensors), inside a TF.js model.json. */
const functional = {
  format: 'layers-model',
  modelTopology: {
    class_name: 'Functional',
    config: {
      name: 'two branches',
      layers: [
        { class_name: 'InputLayer', name: 'pixels', config: { name: 'pixels', batch_shape: [null, 8, 8, 3] }, inbound_nodes: [] },
        ...['left', 'right'].map((name, i) => ({
          class_name: 'Conv2D',
          name,
          config: { name, filters: 4 + i, kernel_size: 3, strides: 1, padding: 'same', activation: 'tanh', use_bias: i === 0 },
          inbound_nodes: [{ args: [{ class_name: '__keras_tensor__', config: { shape: [null, 8, 8, 3], keras_history: ['pixels', 0, 0] } }], kwargs: {} }],
        })),
        {
          class_name: 'Concatenate',
          name: 'join',
          config: { name: 'join', axis: 3 },
          inbound_nodes: [{ args: [[{ class_name: '__keras_tensor__', config: { keras_history: ['left', 0, 0] } }, { class_name: '__keras_tensor__', config: { keras_history: ['right', 0, 0] } }]], kwargs: {} }],
        },
        { class_name: 'Flatten', name: 'flat', config: { name: 'flat' }, inbound_nodes: [{ args: [{ class_name: '__keras_tensor__', config: { keras_history: ['join', 0, 0] } }] }] },
        { class_name: 'Dense', name: 'out', config: { name: 'out', units: 2, activation: 'sigmoid' }, inbound_nodes: [{ args: [{ class_name: '__keras_tensor__', config: { keras_history: ['flat', 0, 0] } }] }] },
      ],
      input_layers: [['pixels', 0, 0]],
      output_layers: [['out', 0, 0]],
    },
  },
};

const shapes = (spec: ReturnType<typeof kerasModelToSpec>) => {
  const { analysis } = validateSpec(spec);
  return Object.fromEntries(analysis.order.map((id) => [id, analysis.nodes.get(id)!.outputShape]));
};

describe('Keras / TF.js Layers model.json as a LayerLab network', () => {
  it('a Sequential model with the input shape on its first layer: every layer, its settings and shapes', () => {
    expect(isKerasModelJson(sequential)).toBe(true);
    const spec = kerasModelToSpec(sequential);
    expect(spec.name).toBe('hand_lenet');
    expect(spec.nodes.map((node) => node.kind)).toEqual(['input', 'conv2d', 'maxpool2d', 'conv2d', 'avgpool2d', 'flatten', 'dense', 'dropout', 'dense', 'activation']);
    expect(spec.nodes[1].params).toEqual({ filters: 6, kernelSize: 5, stride: 1, padding: 'same', activation: 'relu', useBias: true });
    expect(shapes(spec)).toMatchObject({ input: [28, 28, 1], conv1: [28, 28, 6], pool1: [14, 14, 6], conv2: [10, 10, 16], pool2: [5, 5, 16], flatten: [400], fc1: [120], fc2: [10], probs: [10] });
    expect(validateSpec(spec).analysis.totalParams).toBe(156 + 2416 + 48120 + 1210);
  });

  it('a functional Keras 3 model with two branches and a concatenation (axis counted without the batch)', () => {
    const spec = kerasModelToSpec(functional);
    expect(spec.edges).toEqual([
      { from: 'pixels', to: 'left' },
      { from: 'pixels', to: 'right' },
      { from: 'left', to: 'join' },
      { from: 'right', to: 'join' },
      { from: 'join', to: 'flat' },
      { from: 'flat', to: 'out' },
    ]);
    expect(spec.nodes.find((node) => node.id === 'join')!.params).toEqual({ axis: 2 });
    expect(shapes(spec)).toMatchObject({ left: [8, 8, 4], right: [8, 8, 5], join: [8, 8, 9], flat: [576], out: [2] });
    expect(new Set(spec.nodes.map((node) => `${node.position!.x},${node.position!.y}`)).size).toBe(spec.nodes.length);
  });

  it("LayerLab's own TF.js export opens as the network it came from (its preprocessing layers left out)", () => {
    const exported = JSON.parse(new TextDecoder().decode(tfjsExport(randomNetwork(everyKindSpec, 1, perFeatureScaling(128, 2))).files[0].data));
    const spec = kerasModelToSpec(exported);
    const original = validateSpec(everyKindSpec).analysis;
    expect(spec.nodes.map((node) => node.kind)).toEqual(original.order.map((id) => original.nodes.get(id)!.kind));
    expect(validateSpec(spec).analysis.outputShape).toEqual(original.outputShape);
    expect(validateSpec(spec).analysis.totalParams).toBe(original.totalParams);
  });

  it('names the first layer LayerLab has no kind for, and settings it cannot express', () => {
    const withNorm = structuredClone(sequential);
    withNorm.config.layers.splice(2, 0, { class_name: 'BatchNormalization', config: { name: 'bn1' } } as never);
    withNorm.config.layers.push({ class_name: 'LSTM', config: { name: 'lstm' } } as never);
    expect(() => kerasModelToSpec(withNorm)).toThrow(/^layer "bn1" \(BatchNormalization\) has no LayerLab layer kind; LayerLab reads InputLayer, Dense, Conv2D/);
    const oblong = structuredClone(sequential);
    oblong.config.layers[0].config.kernel_size = [3, 5];
    expect(() => kerasModelToSpec(oblong)).toThrow('layer "conv1" (Conv2D): kernel_size [3,5] is not square');
    const elu = structuredClone(sequential);
    elu.config.layers[5].config.activation = 'elu';
    expect(() => kerasModelToSpec(elu)).toThrow('layer "fc1" (Dense): activation "elu" is not one LayerLab has');
    expect(() => kerasModelToSpec({ class_name: 'Subclassed', config: {} })).toThrow('model class "Subclassed" is not a Keras Sequential or functional model');
  });
});
