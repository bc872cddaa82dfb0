import * as tf from '@tensorflow/tfjs-core';
import type { InitConfig } from '../../src-shared/config/schema';
import type { SpecAnalysis } from '../../src-shared/network/analysis-types';
import type { ModelSpec } from '../../src-shared/network/types';
import type { WeightDef } from '../../src-shared/network/catalog-types';
import { validateSpec } from '../../src-shared/network/analyze';
import { initialValues } from './init';
import { LAYER_FORWARD } from './layers';
import { variableFrom } from './optimizers/types';
import { createRng, deriveSeed } from './rng';
import { WeightMasks } from './weight-masks';

export interface ApplyOptions {
  training: boolean;
  /** Per-step seed for dropout masks; each node mixes in its id. */
  stepSeed?: number;
  /** Leave out a final softmax so the loss can work on logits (numerically stable). */
  logits?: boolean;
}

export interface ModelWeight {
  nodeId: string;
  def: WeightDef;
  variable: tf.Variable;
}

export interface Model {
  spec: ModelSpec;
  analysis: SpecAnalysis;
  /** Every trainable weight, in topological node order. */
  weights: ModelWeight[];
  /** Deleted (pruned) weights, honoured by every training step; empty unless a pruning procedure set them. */
  masks: WeightMasks;
  /** Shape of one example entering / leaving the network. */
  inputShape: number[];
  outputShape: number[];
  /** True when the network ends in a softmax (a softmax dense layer or activation node). */
  softmaxOutput: boolean;
  /** Runs the network on a batch [n, ...inputShape]. Call inside tf.tidy. */
  apply(x: tf.Tensor, options: ApplyOptions): tf.Tensor;
  /** As apply, and also the outputs of the named nodes (codes, hidden activities). Call inside tf.tidy. */
  applyWithOutputs(x: tf.Tensor, options: ApplyOptions, nodeIds: readonly string[]): { output: tf.Tensor; named: Record<string, tf.Tensor> };
  /** The variables of one node's weights by name (e.g. kernel, bias); undefined for a node without weights. */
  nodeWeights(nodeId: string): Record<string, tf.Variable> | undefined;
  dispose(): void;
}

/** Validates the spec (throws SpecError naming the nodes) and creates seeded weights per `init`. */
export function buildModel(specInput: unknown, init: InitConfig, seed: number): Model {
  const { spec, analysis } = validateSpec(specInput);
  const outputId = analysis.outputId!;
  const inputNode = analysis.nodes.get(analysis.inputId!)!;

  const weights: ModelWeight[] = [];
  const weightsByNode = new Map<string, Record<string, tf.Variable>>();
  for (const nodeId of analysis.order) {
    const node = analysis.nodes.get(nodeId)!;
    const named: Record<string, tf.Variable> = {};
    for (const def of node.weights) {
      const rng = createRng(deriveSeed(seed, 'init', nodeId, def.name));
      const variable = variableFrom(tf.tensor(initialValues(def, init, rng), def.shape, 'float32'), true);
      named[def.name] = variable;
      weights.push({ nodeId, def, variable });
    }
    weightsByNode.set(nodeId, named);
  }

  // Nodes computed from the data alone (no weight upstream): layers fed only by them skip their input gradient.
  const dataOnly = new Set<string>();
  for (const nodeId of analysis.order) {
    const node = analysis.nodes.get(nodeId)!;
    if (node.kind === 'input' || (node.weights.length === 0 && node.inputs.every((id) => dataOnly.has(id)))) dataOnly.add(nodeId);
  }

  // A conv2d whose only consumer is a 'valid' max pool with stride = size computes the pool itself (one fused gradient).
  const consumers = new Map<string, string[]>();
  for (const nodeId of analysis.order) {
    for (const id of analysis.nodes.get(nodeId)!.inputs) consumers.set(id, [...(consumers.get(id) ?? []), nodeId]);
  }
  const absorbedPools = new Map<string, number>();
  for (const nodeId of analysis.order) {
    const next = consumers.get(nodeId);
    if (analysis.nodes.get(nodeId)!.kind !== 'conv2d' || nodeId === outputId || next?.length !== 1) continue;
    const pool = analysis.nodes.get(next[0])!;
    const size = pool.params.poolSize as number;
    const stride = (pool.params.stride as number | null) ?? size;
    if (pool.kind === 'maxpool2d' && pool.params.padding === 'valid' && stride === size) absorbedPools.set(next[0], size);
  }

  const outputNode = analysis.nodes.get(outputId)!;
  const softmaxOutput =
    (outputNode.kind === 'dense' && outputNode.params.activation === 'softmax') ||
    (outputNode.kind === 'activation' && outputNode.params.fn === 'softmax');

  function forwardAll(x: tf.Tensor, options: ApplyOptions): Map<string, tf.Tensor> {
    const outputs = new Map<string, tf.Tensor>();
    for (const nodeId of analysis.order) {
      const node = analysis.nodes.get(nodeId)!;
      let params = node.params;
      if (options.logits && softmaxOutput && nodeId === outputId) {
        params = node.kind === 'dense' ? { ...params, activation: 'linear' } : { ...params, fn: 'linear' };
      }
      const inputs = node.kind === 'input' ? [x] : node.inputs.map((id) => outputs.get(id)!);
      if (absorbedPools.has(nodeId)) {
        outputs.set(nodeId, inputs[0]);
        continue;
      }
      const poolAfter = consumers.get(nodeId)?.find((id) => absorbedPools.has(id));
      const forward = LAYER_FORWARD[node.kind];
      outputs.set(
        nodeId,
        forward(inputs, params, {
          training: options.training,
          dropoutSeed: deriveSeed(options.stepSeed ?? 0, 'dropout', nodeId),
          weights: weightsByNode.get(nodeId)!,
          inputsAreData: node.inputs.every((id) => dataOnly.has(id)),
          maxPool: poolAfter === undefined ? undefined : { size: absorbedPools.get(poolAfter)! },
        }),
      );
    }
    return outputs;
  }

  function applyWithOutputs(x: tf.Tensor, options: ApplyOptions, nodeIds: readonly string[]) {
    for (const id of nodeIds) {
      if (!analysis.nodes.has(id)) throw new Error(`applyWithOutputs: the network has no node "${id}"`);
      // A conv2d that computes the max pool after it hands on the pooled tensor; its unpooled output does not exist apart.
      if (consumers.get(id)?.some((next) => absorbedPools.has(next))) throw new Error(`applyWithOutputs: node "${id}" is fused with the pool after it; ask for the pool's output`);
    }
    const outputs = forwardAll(x, options);
    return { output: outputs.get(outputId)!, named: Object.fromEntries(nodeIds.map((id) => [id, outputs.get(id)!])) };
  }

  const masks = new WeightMasks(weights);
  return {
    spec,
    analysis,
    weights,
    masks,
    inputShape: inputNode.outputShape!,
    outputShape: analysis.outputShape!,
    softmaxOutput,
    apply: (x, options) => forwardAll(x, options).get(outputId)!,
    applyWithOutputs,
    nodeWeights: (nodeId) => (weightsByNode.get(nodeId) && Object.keys(weightsByNode.get(nodeId)!).length > 0 ? weightsByNode.get(nodeId) : undefined),
    dispose() {
      masks.dispose();
      for (const weight of weights) weight.variable.dispose();
    },
  };
}
