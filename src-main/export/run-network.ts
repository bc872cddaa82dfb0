import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateSpec } from '../../src-shared/network/analyze';
import type { RunDetail } from '../../src-shared/api/run';
import { loadWeights, WeightsFileError } from '../engine/weights-io';
import { decodeTensor, type EncodedTensor } from '../engine/tensor-codec';
import type { RunStore } from '../store';
import { ExportError } from './export-error';
import type { ExportNetwork, WeightValues } from './network';

/**
 * The network a run ended with, for export: its final weights.json (for a procedure that pretrains, the final
 * network it wrote — PCA's linear autoencoder), with the preprocessing recorded there. Pruned weights (a `masks`
 * entry in weights.json, 0 where a weight was removed) are exported as zeros.
 */
export function loadRunNetwork(store: RunStore, runId: string): ExportNetwork {
  const detail = store.getRun(runId);
  if (!detail) throw new ExportError(`no run with id "${runId}" in ${store.dataDir}`, 'not-found');
  return networkFromWeightsFile(detail, join(store.dataDir, finalWeightsPath(detail)));
}

function finalWeightsPath(detail: RunDetail): string {
  const { run } = detail;
  const artifact = [...detail.artifacts].reverse().find((a) => a.kind === 'weights');
  if (!artifact) {
    throw new ExportError(`run "${run.id}" (${run.status}) has no weights to export; export a run that has finished training`);
  }
  if (artifact.name !== 'weights.json') {
    const resume = `layerlab resume ${run.id}`;
    throw new ExportError(`run "${run.id}" (${run.status}) has only the checkpoint of epoch ${artifact.epoch ?? '?'}, not final weights; finish it with \`${resume}\` and export the new run`);
  }
  return artifact.path;
}

export function networkFromWeightsFile(detail: RunDetail, file: string): ExportNetwork {
  const { run } = detail;
  if (!existsSync(file)) throw new ExportError(`run "${run.id}": its weights file ${file} is missing; the run cannot be exported`);
  let loaded;
  try {
    loaded = loadWeights(file);
  } catch (error) {
    if (error instanceof WeightsFileError) throw new ExportError(`run "${run.id}": ${error.message}`);
    throw error;
  }
  const { spec, analysis } = validateSpec(loaded.spec);
  const weights: Record<string, Record<string, WeightValues>> = loaded.weights;
  applyMasks(weights, readMasks(file));
  return { name: run.name, runId: run.id, spec, analysis, weights, preprocessing: loaded.preprocessing?.input ?? null };
}

type Masks = Record<string, Record<string, EncodedTensor>>;

function readMasks(file: string): Masks {
  const text = readFileSync(file, 'utf8');
  if (!text.includes('"masks"')) return {};
  const masks = (JSON.parse(text) as { masks?: Masks }).masks;
  return masks && typeof masks === 'object' ? masks : {};
}

/** Zeroes every weight whose mask value is 0; names the node and weight whose mask does not fit. */
export function applyMasks(weights: Record<string, Record<string, WeightValues>>, masks: Masks): void {
  for (const [nodeId, named] of Object.entries(masks)) {
    for (const [name, encoded] of Object.entries(named)) {
      const weight = weights[nodeId]?.[name];
      const mask = decodeTensor(encoded);
      if (!weight) throw new ExportError(`masks.${nodeId}.${name}: the weights file has no such weight`);
      if (typeof mask === 'string' || mask.length !== weight.values.length) {
        throw new ExportError(`masks.${nodeId}.${name}: ${typeof mask === 'string' ? mask : `holds ${mask.length} values, the weight ${weight.values.length}`}`);
      }
      const values = Float32Array.from(weight.values);
      for (let i = 0; i < values.length; i++) if (mask[i] === 0) values[i] = 0;
      weight.values = values;
    }
  }
}
