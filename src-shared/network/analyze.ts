import type { z } from 'zod';
import { SpecError, type NodeAnalysis, type SpecAnalysis, type SpecIssue } from './analysis-types';
import { LayerRuleError, type LayerKindDef } from './catalog-types';
import { LAYER_KINDS, getLayerKind } from './catalog';
import { analyzeGraph, type GraphStructure } from './graph';
import { resolveParams } from './params';
import { shapeSize } from './shape';
import { modelSpecSchema, type ModelSpec, type Shape } from './types';

/**
 * Everything that can be said about a spec, even a half-built one: shapes, parameter and FLOP counts
 * for every node whose inputs are known, and every problem, each attached to its node where it has one.
 */
export function analyzeSpec(spec: unknown): SpecAnalysis {
  return analyze(spec).analysis;
}

/** The parsed spec and its analysis; throws SpecError listing every issue when there is any. */
export function validateSpec(spec: unknown): { spec: ModelSpec; analysis: SpecAnalysis } {
  const { parsed, analysis } = analyze(spec);
  if (!parsed) throw new SpecError(analysis.issues);
  return { spec: parsed, analysis };
}

export function paramCountOf(analysis: SpecAnalysis): number {
  return analysis.totalParams;
}

/** `parsed` is null unless the spec is valid. */
function analyze(spec: unknown): { parsed: ModelSpec | null; analysis: SpecAnalysis } {
  const { parsed, issues: parseIssues } = parseTolerantly(spec);
  if (!parsed) return { parsed: null, analysis: summarize(parseIssues, new Map(), { order: [], inputIds: [], outputId: null }) };
  const graph = analyzeGraph(parsed);
  const issues = [...parseIssues, ...graph.issues];
  const nodes = new Map<string, NodeAnalysis>();
  for (const node of graph.nodes.values()) {
    nodes.set(node.id, {
      id: node.id,
      kind: node.kind,
      params: { ...node.params },
      inputs: graph.incoming.get(node.id)!,
      inputShapes: [],
      outputShape: null,
      weights: [],
      paramCount: 0,
      flops: 0,
      issues: [],
    });
  }
  const usable = resolveKinds(graph, nodes, issues);
  for (const id of graph.order) computeNode(nodes.get(id)!, usable.get(id), nodes, issues);
  for (const issue of issues) if (issue.nodeId) nodes.get(issue.nodeId)?.issues.push(issue);
  return { parsed: issues.length === 0 ? parsed : null, analysis: summarize(issues, nodes, graph) };
}

/**
 * Parses the spec; when only some nodes or edges are malformed, reports them and goes on without them,
 * so the editor still sees shapes for the rest.
 */
function parseTolerantly(spec: unknown): { parsed: ModelSpec | null; issues: SpecIssue[] } {
  const result = modelSpecSchema.safeParse(spec);
  if (result.success) return { parsed: result.data, issues: [] };
  const issues = result.error.issues.map((issue) => describeParseIssue(issue, spec));
  const badItems = { nodes: new Set<number>(), edges: new Set<number>() };
  for (const { path } of result.error.issues) {
    const [head, index] = path;
    if ((head !== 'nodes' && head !== 'edges') || typeof index !== 'number') return { parsed: null, issues };
    badItems[head].add(index);
  }
  const { nodes, edges } = spec as { nodes: unknown[]; edges?: unknown[] };
  const pruned = {
    ...(spec as object),
    nodes: nodes.filter((_, i) => !badItems.nodes.has(i)),
    edges: edges?.filter((_, i) => !badItems.edges.has(i)),
  };
  const retry = modelSpecSchema.safeParse(pruned);
  return { parsed: retry.success ? retry.data : null, issues };
}

/** Known kinds with valid params; a node missing from the result gets no shape. */
function resolveKinds(graph: GraphStructure, nodes: Map<string, NodeAnalysis>, issues: SpecIssue[]): Map<string, LayerKindDef> {
  const usable = new Map<string, LayerKindDef>();
  for (const node of graph.nodes.values()) {
    const def = getLayerKind(node.kind);
    if (!def) {
      const known = LAYER_KINDS.map((kind) => kind.kind).join(', ');
      issues.push({ nodeId: node.id, message: `node "${node.id}": unknown layer kind "${node.kind}"; the known kinds are ${known}` });
      continue;
    }
    const resolved = resolveParams(def, node.params, node.id);
    nodes.get(node.id)!.params = resolved.params;
    issues.push(...resolved.issues);
    if (resolved.valid) usable.set(node.id, def);
  }
  return usable;
}

function computeNode(node: NodeAnalysis, def: LayerKindDef | undefined, nodes: Map<string, NodeAnalysis>, issues: SpecIssue[]): void {
  if (!def) return;
  if (node.inputs.length < def.inputs.min || node.inputs.length > def.inputs.max) {
    issues.push({ nodeId: node.id, message: `node "${node.id}": ${def.kind} takes ${describeInputCount(def.inputs)}, got ${node.inputs.length}` });
    return;
  }
  const inputShapes = node.inputs.map((id) => nodes.get(id)!.outputShape);
  if (inputShapes.some((shape) => shape === null)) return;
  node.inputShapes = inputShapes as Shape[];
  try {
    node.outputShape = def.outputShape(node.inputShapes, node.params);
    node.weights = def.weights(node.inputShapes, node.params);
    node.paramCount = node.weights.reduce((sum, weight) => sum + shapeSize(weight.shape), 0);
    node.flops = def.flops(node.inputShapes, node.params);
  } catch (error) {
    if (!(error instanceof LayerRuleError)) throw error;
    node.outputShape = null;
    issues.push({ nodeId: node.id, param: error.param, message: `node "${node.id}": ${error.message}` });
  }
}

function describeInputCount({ min, max }: { min: number; max: number }): string {
  const inputs = (n: number) => `${n} input${n === 1 ? '' : 's'}`;
  if (max === 0) return 'no inputs';
  if (min === max) return inputs(min);
  if (max === Number.POSITIVE_INFINITY) return `at least ${inputs(min)}`;
  return `${min} to ${inputs(max)}`;
}

function summarize(
  issues: SpecIssue[],
  nodes: Map<string, NodeAnalysis>,
  graph: Pick<GraphStructure, 'order' | 'inputIds' | 'outputId'>,
): SpecAnalysis {
  let totalParams = 0;
  let totalFlops = 0;
  for (const node of nodes.values()) {
    totalParams += node.paramCount;
    totalFlops += node.flops;
  }
  return {
    ok: issues.length === 0,
    issues,
    nodes,
    order: graph.order,
    inputId: graph.inputIds.length === 1 ? graph.inputIds[0] : null,
    outputId: graph.outputId,
    outputShape: graph.outputId ? (nodes.get(graph.outputId)?.outputShape ?? null) : null,
    totalParams,
    totalFlops,
  };
}

/** `node "fc1": params.units: …` rather than `nodes.3.params.units: …`. */
function describeParseIssue(issue: z.core.$ZodIssue, raw: unknown): SpecIssue {
  const [head, index, ...rest] = issue.path;
  if ((head === 'nodes' || head === 'edges') && typeof index === 'number') {
    const item = (raw as Record<string, unknown[]>)[head][index] as Record<string, unknown> | undefined;
    const field = rest.length > 0 ? `${rest.map(String).join('.')}: ` : '';
    if (head === 'nodes' && typeof item?.id === 'string' && item.id !== '') {
      return { nodeId: item.id, message: `node "${item.id}": ${field}${issue.message}` };
    }
    if (head === 'edges' && typeof item?.from === 'string' && typeof item?.to === 'string') {
      return { message: `edge "${item.from}" → "${item.to}": ${field}${issue.message}` };
    }
    return { message: `${head}[${index}]: ${field}${issue.message}` };
  }
  const path = issue.path.length > 0 ? `.${issue.path.map(String).join('.')}` : '';
  return { message: `spec${path}: ${issue.message}` };
}
