import type { NodeAnalysis, SpecAnalysis } from '../../src-shared/network/analysis-types';
import type { ModelSpec } from '../../src-shared/network/types';
import type { FeatureScaling } from '../engine/data/preprocess';

export type WeightValues = { shape: number[]; values: Float32Array };

/** A trained network ready to be written out: the validated spec, its final weights, and what raw inputs go through first. */
export interface ExportNetwork {
  /** For file names and comments: the run's name and id. */
  name: string;
  runId: string;
  spec: ModelSpec;
  analysis: SpecAnalysis;
  /** nodeId → weight name (kernel, bias) → values in the catalog's layout (dense [in, units], conv HWIO). Pruned entries are 0. */
  weights: Record<string, Record<string, WeightValues>>;
  /** x' = (x − offset) · scale per input value (flattened row-major); null when the inputs were used as stored. */
  preprocessing: FeatureScaling | null;
}

/** The nodes in topological order (input first, output last). */
export function orderedNodes(network: ExportNetwork): NodeAnalysis[] {
  return network.analysis.order.map((id) => network.analysis.nodes.get(id)!);
}

export function inputShapeOf(network: ExportNetwork): number[] {
  return network.analysis.nodes.get(network.analysis.inputId!)!.outputShape!;
}

export function outputShapeOf(network: ExportNetwork): number[] {
  return network.analysis.outputShape!;
}

/** The weight of a node, or an error naming the node and the weight the file lacks. */
export function weightOf(network: ExportNetwork, nodeId: string, name: string): WeightValues {
  const weight = network.weights[nodeId]?.[name];
  if (!weight) throw new Error(`node "${nodeId}": the run's weights have no "${name}"`);
  return weight;
}

/** The preprocessing as one offset and one scale when every input value has the same ones; null when they differ. */
export function uniformScaling(scaling: FeatureScaling): { offset: number; scale: number } | null {
  const [offset, scale] = [scaling.offset[0], scaling.scale[0]];
  const uniform = scaling.offset.every((value) => value === offset) && scaling.scale.every((value) => value === scale);
  return uniform ? { offset, scale } : null;
}
