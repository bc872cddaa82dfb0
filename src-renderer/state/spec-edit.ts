import type { ModelSpec, SpecEdge, SpecNode } from '../../src-shared/network/types';
import { getLayerKind } from '../../src-shared/network/catalog';

/** Pure edits of a ModelSpec: each returns a new spec and leaves the old one untouched (undo keeps old ones). */

export function emptySpec(): ModelSpec {
  return {
    format: 1,
    name: 'untitled',
    nodes: [{ id: 'input', kind: 'input', params: { shape: [28, 28, 1] }, position: { x: 80, y: 40 } }],
    edges: [],
  };
}

export function freshNodeId(spec: ModelSpec, kind: string): string {
  const taken = new Set(spec.nodes.map((node) => node.id));
  for (let n = 1; ; n++) {
    const id = `${kind}${n}`;
    if (!taken.has(id)) return id;
  }
}

export function addNode(spec: ModelSpec, kind: string, position: { x: number; y: number }): { spec: ModelSpec; id: string } {
  const def = getLayerKind(kind);
  if (!def) throw new Error(`unknown layer kind "${kind}"`);
  const id = freshNodeId(spec, kind);
  const params = Object.fromEntries(def.params.map((param) => [param.name, structuredClone(param.default)]));
  const node: SpecNode = { id, kind, params, position: { x: Math.round(position.x), y: Math.round(position.y) } };
  return { spec: { ...spec, nodes: [...spec.nodes, node] }, id };
}

export function removeElements(spec: ModelSpec, nodeIds: readonly string[], edges: readonly SpecEdge[]): ModelSpec {
  const gone = new Set(nodeIds);
  const edgeKeys = new Set(edges.map(edgeKey));
  return {
    ...spec,
    nodes: spec.nodes.filter((node) => !gone.has(node.id)),
    edges: spec.edges.filter((edge) => !gone.has(edge.from) && !gone.has(edge.to) && !edgeKeys.has(edgeKey(edge))),
  };
}

export function connect(spec: ModelSpec, from: string, to: string): ModelSpec {
  if (from === to || spec.edges.some((edge) => edge.from === from && edge.to === to)) return spec;
  return { ...spec, edges: [...spec.edges, { from, to }] };
}

export function setParam(spec: ModelSpec, nodeId: string, name: string, value: unknown): ModelSpec {
  return {
    ...spec,
    nodes: spec.nodes.map((node) => (node.id === nodeId ? { ...node, params: { ...node.params, [name]: value } } : node)),
  };
}

export function moveNodes(spec: ModelSpec, positions: ReadonlyMap<string, { x: number; y: number }>): ModelSpec {
  return {
    ...spec,
    nodes: spec.nodes.map((node) => {
      const position = positions.get(node.id);
      return position ? { ...node, position: { x: Math.round(position.x), y: Math.round(position.y) } } : node;
    }),
  };
}

export function renameSpec(spec: ModelSpec, name: string): ModelSpec {
  return { ...spec, name };
}

export function edgeKey(edge: SpecEdge): string {
  return `${edge.from}->${edge.to}`;
}

/** Lays out nodes without positions top to bottom in spec order, so templates without coordinates still read well. */
export function withPositions(spec: ModelSpec): ModelSpec {
  if (spec.nodes.every((node) => node.position)) return spec;
  return { ...spec, nodes: spec.nodes.map((node, i) => (node.position ? node : { ...node, position: { x: 80, y: 40 + i * 110 } })) };
}
