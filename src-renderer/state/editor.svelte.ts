import type { Connection, Edge, Node } from '@xyflow/svelte';
import { analyzeSpec } from '../../src-shared/network/analyze';
import type { ModelSpec, SpecEdge } from '../../src-shared/network/types';
import { History } from './history';
import { addNode, connect, edgeKey, emptySpec, moveNodes, removeElements, renameSpec, setParam, withPositions } from './spec-edit';

export type LayerNodeData = { kind: string };
export type LayerFlowNode = Node<LayerNodeData, 'layer'>;
type XY = { x: number; y: number };

/**
 * The network being edited. `spec` is the truth and is replaced, never mutated, so every past value is an
 * undo step; the Svelte Flow nodes and edges are derived from it, keeping only what the canvas owns
 * (selection, measured size, positions mid-drag).
 */
export class EditorState {
  spec = $state.raw<ModelSpec>(emptySpec());
  analysis = $derived(analyzeSpec(this.spec));
  nodes = $state.raw<LayerFlowNode[]>([]);
  edges = $state.raw<Edge[]>([]);
  selectedNodeIds = $state.raw<string[]>([]);
  selectedEdgeIds = $state.raw<string[]>([]);
  canUndo = $state(false);
  canRedo = $state(false);
  /** A node to bring into view (the canvas centres on it); the count makes asking twice ask again. */
  focusRequest = $state.raw<{ nodeId: string; count: number } | null>(null);
  /** Bumped when a whole new network is loaded, so the canvas fits it into view. */
  fitRequest = $state(0);
  fitted = $state(0);
  selectedNode = $derived(this.spec.nodes.find((node) => node.id === this.selectedNodeIds[0]) ?? null);
  /** The network as last saved, opened or trained (JSON): anything else on the canvas is unsaved work. */
  savedJson = $state('');
  dirty = $derived(JSON.stringify(this.spec) !== this.savedJson);
  /** Set by the canvas once Svelte Flow is mounted: converts a client point to flow coordinates. */
  screenToFlow: ((point: XY) => XY) | null = null;
  private history = new History<ModelSpec>();

  constructor(
    spec: ModelSpec = emptySpec(),
    readonly readOnly = false,
  ) {
    this.load(spec);
  }

  /** Shows a network with a fresh history (a run's stored network, or the draft kept from the last session). */
  load(spec: ModelSpec, savedJson?: string): void {
    this.history.clear();
    this.show(withPositions(spec));
    this.savedJson = savedJson ?? JSON.stringify(this.spec);
  }

  /** Replaces the whole network (New, a template, Train again, a file); the one it replaces stays an Undo away. */
  open(spec: ModelSpec): void {
    if (this.readOnly) return;
    this.history.record(this.spec);
    this.show(withPositions(spec));
    this.markSaved();
  }

  /** The network is kept elsewhere now (a file, a template, a run's record): nothing on the canvas is unsaved. */
  markSaved(): void {
    this.savedJson = JSON.stringify(this.spec);
  }

  apply(next: ModelSpec): void {
    // An edit that changes nothing (a field committed twice, a click without a move) is not an undo step.
    if (this.readOnly || next === this.spec || JSON.stringify(next) === JSON.stringify(this.spec)) return;
    this.history.record(this.spec);
    this.spec = next;
    this.sync();
  }

  undo(): void {
    const previous = this.history.undo(this.spec);
    if (previous) this.replace(previous);
  }

  redo(): void {
    const next = this.history.redo(this.spec);
    if (next) this.replace(next);
  }

  addNodeAtClient(kind: string, client: XY): string {
    const position = this.screenToFlow ? this.screenToFlow(client) : client;
    const { spec, id } = addNode(this.spec, kind, { x: position.x - 80, y: position.y - 20 });
    this.apply(spec);
    this.select([id]);
    return id;
  }

  /** The keyboard's way to build: the layer goes below the selected node (else the last one) and is wired to it. */
  addLayerBelow(kind: string): string {
    const anchor = this.selectedNode ?? this.spec.nodes[this.spec.nodes.length - 1];
    const at = anchor?.position ?? { x: 80, y: 40 };
    const added = addNode(this.spec, kind, { x: at.x, y: at.y + 110 });
    this.apply(anchor && kind !== 'input' ? connect(added.spec, anchor.id, added.id) : added.spec);
    this.focusNode(added.id);
    return added.id;
  }

  setParam(nodeId: string, name: string, value: unknown): void {
    this.apply(setParam(this.spec, nodeId, name, value));
  }

  rename(name: string): void {
    if (name.trim()) this.apply(renameSpec(this.spec, name.trim()));
  }

  connect(connection: Connection): void {
    this.apply(connect(this.spec, connection.source, connection.target));
  }

  deleteSelected(): void {
    const edges = this.spec.edges.filter((edge) => this.selectedEdgeIds.includes(edgeKey(edge)));
    if (this.selectedNodeIds.length === 0 && edges.length === 0) return;
    this.apply(removeElements(this.spec, this.selectedNodeIds, edges));
    this.selectedNodeIds = [];
    this.selectedEdgeIds = [];
  }

  /** Selects a node and brings it into view (a click on an issue, a layer added from the keyboard). */
  focusNode(nodeId: string): void {
    this.select([nodeId]);
    this.focusRequest = { nodeId, count: (this.focusRequest?.count ?? 0) + 1 };
  }

  select(nodeIds: string[], edgeIds: string[] = []): void {
    this.selectedNodeIds = nodeIds;
    this.selectedEdgeIds = edgeIds;
    this.nodes = this.nodes.map((node) => ({ ...node, selected: nodeIds.includes(node.id) }));
    this.edges = this.edges.map((edge) => ({ ...edge, selected: edgeIds.includes(edge.id) }));
  }

  /** Svelte Flow writes nodes while dragging and measuring; positions enter the spec on drag stop. */
  setFlowNodes(nodes: LayerFlowNode[]): void {
    this.nodes = nodes;
  }

  setFlowEdges(edges: Edge[]): void {
    this.edges = edges;
  }

  commitPositions(): void {
    const moved = new Map<string, XY>();
    const byId = new Map(this.spec.nodes.map((node) => [node.id, node]));
    for (const node of this.nodes) {
      const old = byId.get(node.id)?.position;
      if (!old || Math.round(old.x) !== Math.round(node.position.x) || Math.round(old.y) !== Math.round(node.position.y)) {
        moved.set(node.id, node.position);
      }
    }
    if (moved.size > 0) this.apply(moveNodes(this.spec, moved));
  }

  edgeOf(id: string): SpecEdge | undefined {
    return this.spec.edges.find((edge) => edgeKey(edge) === id);
  }

  private show(spec: ModelSpec): void {
    this.spec = spec;
    this.selectedNodeIds = [];
    this.selectedEdgeIds = [];
    this.nodes = [];
    this.sync();
    this.fitRequest++;
  }

  private replace(spec: ModelSpec): void {
    this.spec = spec;
    const ids = new Set(spec.nodes.map((node) => node.id));
    this.selectedNodeIds = this.selectedNodeIds.filter((id) => ids.has(id));
    this.sync();
  }

  private sync(): void {
    const previous = new Map(this.nodes.map((node) => [node.id, node]));
    this.nodes = this.spec.nodes.map((node) => {
      const old = previous.get(node.id);
      return {
        id: node.id,
        type: 'layer' as const,
        position: node.position ?? { x: 0, y: 0 },
        data: { kind: node.kind },
        selected: this.selectedNodeIds.includes(node.id),
        deletable: false,
        ...(old?.measured ? { measured: old.measured } : {}),
      };
    });
    this.edges = this.spec.edges.map((edge) => ({
      id: edgeKey(edge),
      source: edge.from,
      target: edge.to,
      selected: this.selectedEdgeIds.includes(edgeKey(edge)),
      deletable: false,
    }));
    this.canUndo = this.history.canUndo;
    this.canRedo = this.history.canRedo;
  }
}
