import type { DatasetRef } from '../../src-shared/api/run';
import type { TrainConfig } from '../../src-shared/config/schema';
import type { SpecAnalysis } from '../../src-shared/network/analysis-types';
import type { ModelSpec } from '../../src-shared/network/types';

/** Nested data as dotted keys with JSON-text values: `{optimizer: {kind: 'sgd'}}` → `{'optimizer.kind': '"sgd"'}`. Arrays stay whole. */
export function flattenSettings(value: unknown, prefix: string, out: Record<string, string> = {}): Record<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flattenSettings(inner, prefix ? `${prefix}.${key}` : key, out);
  } else if (value !== undefined) {
    out[prefix] = JSON.stringify(value);
  }
  return out;
}

/**
 * Everything that sets a run apart, as the params table keeps it for the compare view: the full training
 * config, the data, the network's size, and every node's kind and parameters (defaults filled in).
 */
export function runParams(spec: ModelSpec, analysis: SpecAnalysis, config: TrainConfig, dataset: DatasetRef): Record<string, string> {
  const params = flattenSettings(config, 'config');
  flattenSettings(dataset, 'dataset', params);
  params['spec.name'] = JSON.stringify(spec.name);
  params['spec.totalParams'] = JSON.stringify(analysis.totalParams);
  params['spec.totalFlops'] = JSON.stringify(analysis.totalFlops);
  params['spec.nodes'] = JSON.stringify(analysis.order.length);
  for (const id of analysis.order) {
    const node = analysis.nodes.get(id);
    if (!node) continue;
    params[`node.${id}.kind`] = JSON.stringify(node.kind);
    flattenSettings(node.params, `node.${id}`, params);
  }
  return params;
}

/** The settings whose values are not the same in every run; a setting a run lacks counts as "—". */
export function differingSettings(paramsPerRun: readonly Record<string, string>[]): { path: string; values: string[] }[] {
  const paths = [...new Set(paramsPerRun.flatMap((params) => Object.keys(params)))].sort();
  return paths
    .map((path) => ({ path, values: paramsPerRun.map((params) => params[path] ?? '—') }))
    .filter(({ values }) => values.some((value) => value !== values[0]));
}
