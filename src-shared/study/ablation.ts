import type { TrainConfigInput } from '../config/schema';
import type { ModelSpec, SpecEdge } from '../network/types';

export interface Ablation {
  spec: ModelSpec;
  config: TrainConfigInput;
  /** Ids of the dropout nodes that were bypassed. */
  removedNodes: string[];
  /** The template's max-norm setting was on and is now off. */
  removedMaxNorm: boolean;
}

/**
 * The "no dropout" variant of a network: every dropout node bypassed (its input wired straight to its
 * outputs, keeping the position of each edge so a concatenate keeps its input order), max-norm off,
 * everything else — node ids, layer sizes, optimiser, schedule, seed — untouched, so the engine gives
 * the shared layers the same initial weights and the same minibatch order.
 */
export function ablateDropout(spec: ModelSpec, config: TrainConfigInput): Ablation {
  const dropoutIds = new Set(spec.nodes.filter((node) => node.kind === 'dropout').map((node) => node.id));
  const upstreamOf = new Map<string, string>();
  for (const edge of spec.edges) if (dropoutIds.has(edge.to) && !upstreamOf.has(edge.to)) upstreamOf.set(edge.to, edge.from);

  /** Follows a chain of dropout nodes up to the first real node; undefined if the chain has no input. */
  const bypass = (id: string): string | undefined => {
    const seen = new Set<string>();
    let current: string | undefined = id;
    while (current !== undefined && dropoutIds.has(current)) {
      if (seen.has(current)) return undefined;
      seen.add(current);
      current = upstreamOf.get(current);
    }
    return current;
  };

  const edges: SpecEdge[] = [];
  for (const edge of spec.edges) {
    if (dropoutIds.has(edge.to)) continue;
    const from = bypass(edge.from);
    if (from !== undefined) edges.push({ from, to: edge.to });
  }
  const { maxNorm, ...rest } = config;
  return {
    spec: {
      ...spec,
      name: `${spec.name} (no dropout)`,
      nodes: spec.nodes.filter((node) => !dropoutIds.has(node.id)),
      edges,
    },
    config: { ...rest, maxNorm: null },
    removedNodes: [...dropoutIds],
    removedMaxNorm: maxNorm !== undefined && maxNorm !== null,
  };
}
