import type { Shape } from './types';

/** Thrown by a layer's shape rule; the graph validator prefixes the node id. */
export class LayerRuleError extends Error {
  constructor(
    message: string,
    /** The parameter at fault, when there is one, so the editor can mark its field. */
    readonly param?: string,
  ) {
    super(message);
    this.name = 'LayerRuleError';
  }
}

export type ParamType = 'int' | 'float' | 'enum' | 'bool' | 'shape';

export interface ParamDef {
  name: string;
  label: string;
  type: ParamType;
  default: number | string | boolean | number[] | null;
  min?: number;
  max?: number;
  /** The bound itself is not allowed (e.g. dropout rate < 1). */
  exclusiveMax?: boolean;
  options?: readonly string[];
  /** null is allowed and means "not set" (e.g. pool stride defaults to pool size). */
  nullable?: boolean;
  /** For 'shape' params: one entry may be -1, meaning "whatever makes the sizes match" (reshape). */
  allowInferredDim?: boolean;
  help: string;
}

export type WeightRole = 'kernel' | 'bias';

export interface WeightDef {
  /** Unique within the node: "kernel", "bias". */
  name: string;
  shape: number[];
  role: WeightRole;
  fanIn: number;
  fanOut: number;
}

export type LayerCategory = 'input' | 'core' | 'convolution' | 'pooling' | 'regularization' | 'activation' | 'shape' | 'merge';

export type Params = Record<string, unknown>;

/** Everything LayerLab knows about one kind of layer, shared by the editor and the engine. */
export interface LayerKindDef<P extends Params = Params> {
  kind: string;
  label: string;
  category: LayerCategory;
  description: string;
  params: readonly ParamDef[];
  /** How many incoming edges the node takes. */
  inputs: { min: number; max: number };
  /** Output shape for the given input shapes; throws LayerRuleError on a bad combination. */
  outputShape(inputs: Shape[], params: P): Shape;
  /** Trainable weights; parameter count is the sum of their sizes. */
  weights(inputs: Shape[], params: P): WeightDef[];
  /**
   * Forward FLOPs per example (inference): a multiply-add counts 2, a bias add 1, an activation its cost per
   * element (layers/activations.ts), pooling 1 per window element; dropout, reshapes and merges count 0.
   */
  flops(inputs: Shape[], params: P): number;
}
