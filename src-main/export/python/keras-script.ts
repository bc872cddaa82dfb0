import type { NodeAnalysis } from '../../../src-shared/network/analysis-types';
import type { ExportFiles } from '../export-files';
import { requireExportable } from '../layer-support';
import { inputShapeOf, orderedNodes, type ExportNetwork } from '../network';
import { npzBytes } from './npz';
import { pythonNames, pythonWeights, pyTuple } from './python-weights';

const str = (value: unknown) => JSON.stringify(value);
const bool = (value: unknown) => (value === false ? 'False' : 'True');

/** Each catalog kind as a Keras layer call (channels last, as LayerLab's, so padding and layouts are Keras's own). */
const KERAS_LAYERS: Readonly<Record<string, (node: NodeAnalysis, name: string) => string>> = {
  input: () => '',
  dense: (node, name) => `layers.Dense(${node.params.units}, activation=${str(node.params.activation)}, use_bias=${bool(node.params.useBias)}, name=${str(name)})`,
  conv2d: (node, name) =>
    `layers.Conv2D(${node.params.filters}, ${node.params.kernelSize}, strides=${node.params.stride}, padding=${str(node.params.padding)}, ` +
    `activation=${str(node.params.activation)}, use_bias=${bool(node.params.useBias)}, name=${str(name)})`,
  maxpool2d: (node, name) => `layers.MaxPooling2D(${node.params.poolSize}, strides=${(node.params.stride as number | null) ?? node.params.poolSize}, padding=${str(node.params.padding)}, name=${str(name)})`,
  avgpool2d: (node, name) => `layers.AveragePooling2D(${node.params.poolSize}, strides=${(node.params.stride as number | null) ?? node.params.poolSize}, padding=${str(node.params.padding)}, name=${str(name)})`,
  flatten: (node, name) => `layers.Flatten(name=${str(name)})`,
  reshape: (node, name) => `layers.Reshape(${pyTuple(node.outputShape!)}, name=${str(name)})`,
  dropout: (node, name) => `layers.Dropout(${node.params.rate}, name=${str(name)})`,
  activation: (node, name) => `layers.Activation(${str(node.params.fn)}, name=${str(name)})`,
  // LayerLab's axis counts the example's axes; Keras counts the batch axis too.
  concatenate: (node, name) => `layers.Concatenate(axis=${(node.params.axis as number) < 0 ? node.params.axis : (node.params.axis as number) + 1}, name=${str(name)})`,
};

/**
 * A Keras script (model.py, functional API) that rebuilds the network, layer names as LayerLab's node ids, and sets
 * the weights from weights.npz (LayerLab's layouts are Keras's: dense [in, units], conv HWIO). The preprocessing
 * is a Lambda layer after the input, so the model takes raw inputs.
 */
export function kerasExport(network: ExportNetwork): ExportFiles {
  const nodes = orderedNodes(network);
  requireExportable(nodes, 'keras', Object.keys(KERAS_LAYERS));
  const names = pythonNames(network);
  const variable = new Map<string, string>();
  const build: string[] = [];
  const load: string[] = [];
  const inputShape = inputShapeOf(network);
  for (const node of nodes) {
    const name = names.get(node.id)!;
    if (node.kind === 'input') {
      build.push(`inputs = keras.Input(shape=${pyTuple(inputShape)}, name=${str(name)})`);
      if (network.preprocessing) build.push('x = layers.Lambda(lambda raw: (raw - offset) * scale, name="preprocess")(inputs)');
      variable.set(node.id, network.preprocessing ? 'x' : 'inputs');
      continue;
    }
    const inputs = node.inputs.map((id) => variable.get(id)!);
    build.push(`${name} = ${KERAS_LAYERS[node.kind](node, name)}(${inputs.length > 1 ? `[${inputs.join(', ')}]` : inputs[0]})`);
    variable.set(node.id, name);
    if (node.weights.length) load.push(`model.get_layer(${str(name)}).set_weights([${node.weights.map((weight) => `weights[${str(`${name}.${weight.name}`)}]`).join(', ')}])`);
  }
  const scaling = network.preprocessing;
  const script = `"""
${network.name}: a network trained in LayerLab (run ${network.runId}), rebuilt in Keras.

    python3 model.py                       # builds it, loads weights.npz, prints a summary
    python3 model.py inputs.npy out.f32    # predicts raw inputs (N, ${inputShape.join(', ')}), writes float32 outputs

The model takes raw inputs, channels last: ${scaling ? 'its "preprocess" layer applies the preprocessing the run trained with,\nx\' = (x - offset) * scale per input value (preprocess.offset and preprocess.scale in weights.npz).' : 'the run used its inputs as stored (no preprocessing).'}
weights.npz holds each layer's weights in Keras's layout (dense kernel [in, units], conv kernel [h, w, in, out]).
"""
import sys

import numpy as np
import keras
from keras import layers


def build(path="weights.npz"):
    weights = np.load(path)
${scaling ? '    offset = weights["preprocess.offset"]\n    scale = weights["preprocess.scale"]\n' : ''}${build.map((line) => `    ${line}`).join('\n')}
    model = keras.Model(inputs, ${variable.get(network.analysis.outputId!)}, name="layerlab_model")
${(load.length ? load : ['pass']).map((line) => `    ${line}`).join('\n')}
    return model


if __name__ == "__main__":
    model = build()
    if len(sys.argv) == 3:
        model.predict(np.load(sys.argv[1]).astype(np.float32), verbose=0).astype("<f4").tofile(sys.argv[2])
    else:
        model.summary()
`;
  return {
    files: [
      { name: 'model.py', data: new TextEncoder().encode(script) },
      { name: 'weights.npz', data: npzBytes(pythonWeights(network, names)) },
    ],
  };
}
