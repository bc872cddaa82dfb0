import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunComparison } from '../../src-shared/api/contract';
import type { FirstLayerWeights, RunDetail } from '../../src-shared/api/run';
import { analyzeSpec } from '../../src-shared/network/analyze';
import type { RunStore } from '../store';
import { firstLayerTiles, firstWeightedNode } from './first-layer-weights';
import { differingSettings } from './run-params';
import { readKernel } from './weights-file';

/** The first layer's weights from a run's final weights artifact; null while it has none. */
export async function runWeights(store: RunStore, detail: RunDetail): Promise<FirstLayerWeights | null> {
  const artifact = [...detail.artifacts].reverse().find((a) => a.kind === 'weights');
  if (!artifact) return null;
  const file = join(store.dataDir, artifact.path);
  if (!existsSync(file)) return null;
  const analysis = analyzeSpec(detail.spec);
  const node = firstWeightedNode(analysis);
  if (!node) return null;
  const kernel = await readKernel(file, node.id);
  return kernel ? firstLayerTiles(analysis, kernel) : null;
}

/** Side by side: the runs, the settings that differ, every metric series and first-layer weights. */
export async function compareRuns(store: RunStore, details: RunDetail[]): Promise<RunComparison> {
  const weights: Record<string, FirstLayerWeights | null> = {};
  for (const detail of details) weights[detail.run.id] = await runWeights(store, detail);
  return {
    runs: details.map((detail) => store.getSummary(detail.run.id)!),
    differingSettings: differingSettings(details.map((detail) => detail.params)),
    metrics: Object.fromEntries(details.map((detail) => [detail.run.id, store.getMetrics(detail.run.id)])),
    weights,
    artifacts: Object.fromEntries(details.map((detail) => [detail.run.id, detail.artifacts])),
  };
}
