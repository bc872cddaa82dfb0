import type { SpecAnalysis } from '../network/analysis-types';
import type { NetworkOutline } from './types';

/** The analysed network as a procedure's network check sees it: nodes in topological order. */
export function networkOutline(analysis: SpecAnalysis): NetworkOutline {
  const input = analysis.inputId ? analysis.nodes.get(analysis.inputId) : undefined;
  return {
    inputShape: input?.outputShape ?? [],
    outputId: analysis.outputId ?? null,
    nodes: analysis.order.flatMap((id) => {
      const node = analysis.nodes.get(id);
      return node ? [{ id, kind: node.kind, params: node.params as Record<string, unknown>, outputShape: node.outputShape ?? null, inputs: [...node.inputs] }] : [];
    }),
  };
}
