import type { ModelSpec } from '../../../src-shared/network/types';

export type LayerLine = [id: string, kind: string, params?: Record<string, unknown>];

/** A spec whose nodes are chained in the order given (each feeds the next). */
export function chain(...layers: LayerLine[]): ModelSpec {
  return {
    format: 1,
    name: 'test',
    nodes: layers.map(([id, kind, params = {}]) => ({ id, kind, params })),
    edges: layers.slice(1).map(([id], i) => ({ from: layers[i][0], to: id })),
  };
}
