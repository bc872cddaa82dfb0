import type { Shape } from './types';
import type { Params, WeightDef } from './catalog-types';

/** A problem with a spec. `message` is complete and names the place: `node "conv2": kernel 7 is larger than its 5x5 input`. */
export interface SpecIssue {
  nodeId?: string;
  param?: string;
  message: string;
}

export interface NodeAnalysis {
  id: string;
  kind: string;
  /** Params with defaults filled in. */
  params: Params;
  /** Upstream node ids, in input order. */
  inputs: string[];
  inputShapes: Shape[];
  /** null when it cannot be computed (an error here or upstream). */
  outputShape: Shape | null;
  weights: WeightDef[];
  paramCount: number;
  flops: number;
  issues: SpecIssue[];
}

export interface SpecAnalysis {
  ok: boolean;
  issues: SpecIssue[];
  nodes: Map<string, NodeAnalysis>;
  /** Topological order of the nodes reachable from the input (all nodes when ok). */
  order: string[];
  inputId: string | null;
  outputId: string | null;
  outputShape: Shape | null;
  totalParams: number;
  totalFlops: number;
}

export class SpecError extends Error {
  constructor(readonly issues: SpecIssue[]) {
    super(issues.map((issue) => issue.message).join('\n'));
    this.name = 'SpecError';
  }
}
