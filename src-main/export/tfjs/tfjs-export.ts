import { requireExportable } from '../layer-support';
import { exportNames } from '../layer-names';
import { inputShapeOf, orderedNodes, uniformScaling, weightOf, type ExportNetwork } from '../network';
import type { ExportFiles } from '../export-files';
import { TFJS_LAYER_WRITERS } from './tfjs-layers';

const TFJS_LAYERS_VERSION = '4.22.0';
const PREPROCESS = ['preprocess', 'preprocess_flat', 'preprocess_shape'];

interface TopologyLayer {
  class_name: string;
  config: Record<string, unknown>;
  name: string;
  inbound_nodes: [string, number, number, Record<string, never>][][];
}

interface ManifestWeight {
  name: string;
  shape: number[];
  dtype: 'float32';
  values: Float32Array;
}

/**
 * A TF.js Layers model (`tf.loadLayersModel('file://…/model.json')`): a functional Keras topology of the network and
 * one weights.bin. The run's preprocessing comes first, as Keras layers, so the model takes raw inputs: one
 * Rescaling when every input value has the same offset and scale, else a BatchNormalization holding the
 * per-value offset (moving mean) and scale (gamma), on the flattened input. Dropout stays (it is off in predict).
 */
export function tfjsExport(network: ExportNetwork): ExportFiles {
  const nodes = orderedNodes(network);
  requireExportable(nodes, 'tfjs', Object.keys(TFJS_LAYER_WRITERS));
  const names = exportNames(network, PREPROCESS);
  const layers: TopologyLayer[] = [];
  const weights: ManifestWeight[] = [];
  const add = (name: string, className: string, config: Record<string, unknown>, inputs: string[]) => {
    layers.push({ class_name: className, name, config: { name, trainable: true, ...config }, inbound_nodes: inputs.length ? [inputs.map((input) => [input, 0, 0, {}])] : [] });
    return name;
  };

  const outputOf = new Map<string, string>();
  for (const node of nodes) {
    const layer = TFJS_LAYER_WRITERS[node.kind](node);
    const name = names.get(node.id)!;
    add(name, layer.className, layer.config, node.inputs.map((id) => outputOf.get(id)!));
    for (const { layerLab, keras } of layer.weights) {
      const weight = weightOf(network, node.id, layerLab);
      weights.push({ name: `${name}/${keras}`, shape: weight.shape, dtype: 'float32', values: weight.values });
    }
    outputOf.set(node.id, node.kind === 'input' ? addPreprocessing(network, name, add, weights) : name);
  }

  const inputName = names.get(network.analysis.inputId!)!;
  const outputName = outputOf.get(network.analysis.outputId!)!;
  const modelJson = {
    format: 'layers-model',
    generatedBy: 'LayerLab',
    convertedBy: null,
    modelTopology: {
      class_name: 'Model',
      config: { name: 'layerlab_model', layers, input_layers: [[inputName, 0, 0]], output_layers: [[outputName, 0, 0]] },
      keras_version: `tfjs-layers ${TFJS_LAYERS_VERSION}`,
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: ['weights.bin'], weights: weights.map(({ name, shape, dtype }) => ({ name, shape, dtype })) }],
    userDefinedMetadata: { layerlab: { runId: network.runId, run: network.name, preprocessing: network.preprocessing ? 'included as the first layers' : 'none' } },
  };
  const data = new Uint8Array(weights.reduce((total, weight) => total + weight.values.byteLength, 0));
  let offset = 0;
  for (const weight of weights) {
    data.set(new Uint8Array(weight.values.buffer, weight.values.byteOffset, weight.values.byteLength), offset);
    offset += weight.values.byteLength;
  }
  return {
    files: [
      { name: 'model.json', data: new TextEncoder().encode(JSON.stringify(modelJson, null, 1)) },
      { name: 'weights.bin', data },
    ],
  };
}

type AddLayer = (name: string, className: string, config: Record<string, unknown>, inputs: string[]) => string;

/** The preprocessing layers after the input; returns the layer the network's first layers read from. */
function addPreprocessing(network: ExportNetwork, inputName: string, add: AddLayer, weights: ManifestWeight[]): string {
  const scaling = network.preprocessing;
  if (!scaling) return inputName;
  const uniform = uniformScaling(scaling);
  // x' = (x − o)·s = x·s + (−o·s)
  if (uniform) return add('preprocess', 'Rescaling', { scale: uniform.scale, offset: -uniform.offset * uniform.scale }, [inputName]);
  const shape = inputShapeOf(network);
  const size = scaling.offset.length;
  const flat = shape.length === 1 ? inputName : add('preprocess_flat', 'Reshape', { target_shape: [size] }, [inputName]);
  // BatchNormalization in inference: gamma·(x − moving_mean)/sqrt(moving_variance + ε) + beta, with variance 1 and ε 0.
  const normalised = add('preprocess', 'BatchNormalization', { axis: -1, momentum: 0.99, epsilon: 0, center: true, scale: true }, [flat]);
  const values = (list: number[]) => Float32Array.from(list);
  weights.push(
    { name: 'preprocess/gamma', shape: [size], dtype: 'float32', values: values(scaling.scale) },
    { name: 'preprocess/beta', shape: [size], dtype: 'float32', values: new Float32Array(size) },
    { name: 'preprocess/moving_mean', shape: [size], dtype: 'float32', values: values(scaling.offset) },
    { name: 'preprocess/moving_variance', shape: [size], dtype: 'float32', values: new Float32Array(size).fill(1) },
  );
  return shape.length === 1 ? normalised : add('preprocess_shape', 'Reshape', { target_shape: shape }, [normalised]);
}
