import type { ModelSpec, SpecEdge, SpecNode } from '../types';

/**
 * Reads a Keras / TF.js Layers model (a TF.js model.json with `modelTopology`, or Keras's `model.to_json()`),
 * Sequential or functional, as a LayerLab network. Throws a KerasImportError naming the first layer LayerLab has
 * no kind for, or the first setting it cannot express (a non-square kernel, channels-first data, …).
 */
export class KerasImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KerasImportError';
  }
}

interface KerasLayer {
  class_name: string;
  name: string;
  config: Record<string, unknown>;
  /** Upstream layer names (functional models). */
  inputs: string[];
}

const ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax'];
/** Layers LayerLab's own TF.js export adds for the preprocessing (it happens outside the network in LayerLab). */
const LAYERLAB_PREPROCESSING = new Set(['preprocess', 'preprocess_flat', 'preprocess_shape']);

/** True for JSON that looks like a Keras or TF.js Layers model rather than a LayerLab spec. */
export function isKerasModelJson(json: unknown): boolean {
  if (!json || typeof json !== 'object') return false;
  const record = json as Record<string, unknown>;
  return 'modelTopology' in record || ('class_name' in record && 'config' in record);
}

export function kerasModelToSpec(json: unknown, fallbackName = 'imported model'): ModelSpec {
  const record = json as Record<string, unknown>;
  let topology = (record.modelTopology ?? record) as Record<string, unknown>;
  if (topology.model_config) topology = topology.model_config as Record<string, unknown>;
  const className = String(topology.class_name ?? '');
  const config = topology.config as Record<string, unknown> | unknown[] | undefined;
  if (!config) throw new KerasImportError('the model has no "config": expected a Keras model.to_json() or a TF.js model.json with modelTopology');
  const skipPreprocessing = record.generatedBy === 'LayerLab';
  const name = String((!Array.isArray(config) && config.name) || fallbackName);
  let layers: KerasLayer[];
  if (className === 'Sequential') layers = sequentialLayers(config);
  else if (className === 'Model' || className === 'Functional') layers = functionalLayers(config as Record<string, unknown>);
  else throw new KerasImportError(`model class "${className || '(none)'}" is not a Keras Sequential or functional model`);
  return toSpec(name, skipPreprocessing ? withoutPreprocessing(layers) : layers);
}

function sequentialLayers(config: Record<string, unknown> | unknown[]): KerasLayer[] {
  const raw = (Array.isArray(config) ? config : (config.layers as unknown[])) ?? [];
  const layers: KerasLayer[] = [];
  for (const entry of raw as { class_name: string; config: Record<string, unknown> }[]) {
    const layer: KerasLayer = { class_name: entry.class_name, name: String(entry.config?.name ?? `layer_${layers.length}`), config: entry.config ?? {}, inputs: [] };
    if (layers.length === 0 && layer.class_name !== 'InputLayer') {
      const shape = batchShape(layer.config);
      if (!shape) throw new KerasImportError(`layer "${layer.name}" (${layer.class_name}), the first of the Sequential model, gives no input shape (batch_input_shape)`);
      layers.push({ class_name: 'InputLayer', name: 'input', config: { batch_input_shape: [null, ...shape] }, inputs: [] });
    }
    if (layers.length) layer.inputs = [layers[layers.length - 1].name];
    layers.push(layer);
  }
  return layers;
}

function functionalLayers(config: Record<string, unknown>): KerasLayer[] {
  const raw = (config.layers as { class_name: string; name?: string; config: Record<string, unknown>; inbound_nodes?: unknown[] }[]) ?? [];
  return raw.map((entry) => ({
    class_name: entry.class_name,
    name: String(entry.name ?? entry.config?.name),
    config: entry.config ?? {},
    inputs: inboundNames(entry.inbound_nodes ?? []),
  }));
}

/** The upstream layer names of a functional layer: Keras 2 / TF.js [[[name, 0, 0, {}], …]] or Keras 3 [{args: [keras tensors]}]. */
function inboundNames(inbound: unknown[]): string[] {
  if (inbound.length > 1) throw new KerasImportError('a layer called more than once (shared layers) has no LayerLab equivalent');
  const first = inbound[0];
  if (!first) return [];
  if (Array.isArray(first)) return first.map((tensor) => String((tensor as unknown[])[0]));
  const names: string[] = [];
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const history = (value as { config?: { keras_history?: unknown[] } }).config?.keras_history;
      if (Array.isArray(history)) names.push(String(history[0]));
    }
  };
  visit((first as { args?: unknown[] }).args ?? []);
  return names;
}

function batchShape(config: Record<string, unknown>): number[] | null {
  const shape = (config.batch_input_shape ?? config.batch_shape ?? (config.input_shape ? [null, ...(config.input_shape as number[])] : null)) as (number | null)[] | null;
  return shape ? (shape.slice(1) as number[]) : null;
}

/** Drops LayerLab's preprocessing layers, wiring what read them to what they read. */
function withoutPreprocessing(layers: KerasLayer[]): KerasLayer[] {
  const source = new Map<string, string[]>();
  const kept = layers.filter((layer) => {
    if (!LAYERLAB_PREPROCESSING.has(layer.name)) return true;
    source.set(layer.name, layer.inputs.flatMap((input) => source.get(input) ?? [input]));
    return false;
  });
  return kept.map((layer) => ({ ...layer, inputs: layer.inputs.flatMap((input) => source.get(input) ?? [input]) }));
}

const square = (layer: KerasLayer, key: string, value: unknown): number => {
  const pair = Array.isArray(value) ? (value as number[]) : [value as number, value as number];
  if (pair[0] !== pair[1]) throw new KerasImportError(`layer "${layer.name}" (${layer.class_name}): ${key} ${JSON.stringify(value)} is not square; LayerLab's windows are square`);
  return pair[0];
};

function activation(layer: KerasLayer, value: unknown): string {
  const fn = String(value ?? 'linear');
  if (!ACTIVATIONS.includes(fn)) throw new KerasImportError(`layer "${layer.name}" (${layer.class_name}): activation "${fn}" is not one LayerLab has (${ACTIVATIONS.join(', ')})`);
  return fn;
}

function channelsLast(layer: KerasLayer): void {
  const format = layer.config.data_format;
  if (format && format !== 'channels_last') throw new KerasImportError(`layer "${layer.name}" (${layer.class_name}): data_format "${String(format)}"; LayerLab is channels last`);
}

function padding(layer: KerasLayer): string {
  const value = String(layer.config.padding ?? 'valid');
  if (value !== 'valid' && value !== 'same') throw new KerasImportError(`layer "${layer.name}" (${layer.class_name}): padding "${value}"; LayerLab has valid and same`);
  return value;
}

type Converter = (layer: KerasLayer) => { kind: string; params: Record<string, unknown> };

const CONVERTERS: Record<string, Converter> = {
  InputLayer: (layer) => {
    const shape = batchShape(layer.config);
    if (!shape || shape.some((size) => typeof size !== 'number')) throw new KerasImportError(`layer "${layer.name}" (InputLayer): its shape ${JSON.stringify(shape)} must be fixed numbers`);
    return { kind: 'input', params: { shape } };
  },
  Dense: (layer) => ({ kind: 'dense', params: { units: layer.config.units, activation: activation(layer, layer.config.activation), useBias: layer.config.use_bias !== false } }),
  Conv2D: (layer) => {
    channelsLast(layer);
    const dilation = layer.config.dilation_rate;
    if (dilation !== undefined && square(layer, 'dilation_rate', dilation) !== 1) throw new KerasImportError(`layer "${layer.name}" (Conv2D): dilation ${JSON.stringify(dilation)}; LayerLab's convolutions are not dilated`);
    return {
      kind: 'conv2d',
      params: {
        filters: layer.config.filters,
        kernelSize: square(layer, 'kernel_size', layer.config.kernel_size),
        stride: square(layer, 'strides', layer.config.strides ?? 1),
        padding: padding(layer),
        activation: activation(layer, layer.config.activation),
        useBias: layer.config.use_bias !== false,
      },
    };
  },
  MaxPooling2D: (layer) => pool('maxpool2d', layer),
  AveragePooling2D: (layer) => pool('avgpool2d', layer),
  Flatten: (layer) => {
    channelsLast(layer);
    return { kind: 'flatten', params: {} };
  },
  Reshape: (layer) => ({ kind: 'reshape', params: { targetShape: layer.config.target_shape } }),
  Dropout: (layer) => ({ kind: 'dropout', params: { rate: layer.config.rate } }),
  Activation: (layer) => ({ kind: 'activation', params: { fn: activation(layer, layer.config.activation) } }),
  ReLU: (layer) => {
    if (layer.config.max_value != null || Number(layer.config.negative_slope ?? 0) !== 0) throw new KerasImportError(`layer "${layer.name}" (ReLU): a capped or leaky ReLU is not one LayerLab has`);
    return { kind: 'activation', params: { fn: 'relu' } };
  },
  Softmax: (layer) => {
    if (layer.config.axis !== undefined && layer.config.axis !== -1) throw new KerasImportError(`layer "${layer.name}" (Softmax): axis ${JSON.stringify(layer.config.axis)}; LayerLab's softmax is over the last axis`);
    return { kind: 'activation', params: { fn: 'softmax' } };
  },
  Concatenate: (layer) => {
    const axis = Number(layer.config.axis ?? -1);
    if (axis === 0) throw new KerasImportError(`layer "${layer.name}" (Concatenate): axis 0 is the batch axis`);
    return { kind: 'concatenate', params: { axis: axis < 0 ? axis : axis - 1 } };
  },
};

function pool(kind: string, layer: KerasLayer): { kind: string; params: Record<string, unknown> } {
  channelsLast(layer);
  const size = square(layer, 'pool_size', layer.config.pool_size ?? 2);
  const strides = layer.config.strides;
  const stride = strides == null ? null : square(layer, 'strides', strides);
  return { kind, params: { poolSize: size, stride: stride === size ? null : stride, padding: padding(layer) } };
}

/** A node id from a Keras layer name (letters, digits, _ and - only, a letter or _ first), unique. */
function nodeIds(layers: KerasLayer[]): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const layer of layers) {
    const clean = layer.name.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 60);
    const base = /^[A-Za-z_]/.test(clean) ? clean : `_${clean}`;
    let id = base;
    for (let i = 2; taken.has(id); i++) id = `${base}_${i}`;
    taken.add(id);
    ids.set(layer.name, id);
  }
  return ids;
}

function toSpec(name: string, layers: KerasLayer[]): ModelSpec {
  const unsupported = layers.find((layer) => !CONVERTERS[layer.class_name]);
  if (unsupported) {
    throw new KerasImportError(
      `layer "${unsupported.name}" (${unsupported.class_name}) has no LayerLab layer kind; LayerLab reads ${Object.keys(CONVERTERS).join(', ')} (replace or remove it and export again)`,
    );
  }
  const ids = nodeIds(layers);
  const nodes: SpecNode[] = [];
  const edges: SpecEdge[] = [];
  const depth = new Map<string, number>();
  const column = new Map<number, number>();
  for (const layer of layers) {
    const { kind, params } = CONVERTERS[layer.class_name](layer);
    const id = ids.get(layer.name)!;
    for (const input of layer.inputs) {
      if (!ids.has(input)) throw new KerasImportError(`layer "${layer.name}" reads "${input}", which the model does not define`);
      edges.push({ from: ids.get(input)!, to: id });
    }
    const level = layer.inputs.length ? Math.max(...layer.inputs.map((input) => depth.get(ids.get(input)!) ?? 0)) + 1 : 0;
    depth.set(id, level);
    const x = column.get(level) ?? 0;
    column.set(level, x + 1);
    nodes.push({ id, kind, params, position: { x: x * 220, y: level * 90 } });
  }
  return { format: 1, name: name.slice(0, 200) || 'imported model', description: 'Imported from a Keras / TF.js Layers model.json.', nodes, edges };
}
