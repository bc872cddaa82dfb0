import type { DatasetRef } from '../api/run';
import { trainConfigSchema, type TrainConfigInput } from '../config/schema';
import { imageTransformSchema } from '../data/image-transforms';
import { getLayerKind } from '../network/catalog';
import type { ModelSpec } from '../network/types';
import { DEFAULT_PROCEDURE, getProcedure } from '../procedures/catalog';
import type { SettingOverride } from './types';

/** What a plan's slot starts from: the template's network, training config, data and procedure. */
export interface PlanBase {
  spec: ModelSpec;
  config: TrainConfigInput;
  dataset: DatasetRef;
  procedure?: { kind: string; params?: Record<string, unknown> };
}

export class OverrideError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OverrideError';
  }
}

const CONFIG_KEYS = Object.keys(trainConfigSchema.shape);
const DATASET_KEYS = ['name', 'trainLimit', 'testLimit'];
const IMAGE_KEYS = Object.keys(imageTransformSchema.shape);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Sets `value` at `keys` inside `target`, creating objects on the way (a null max-norm becomes {limit: …}). */
function setPath(target: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  let at = target;
  for (const key of keys.slice(0, -1)) {
    if (!isRecord(at[key])) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  at[keys[keys.length - 1]] = structuredClone(value);
}

function applyOne(base: PlanBase, { path, value }: SettingOverride): void {
  const [root, ...rest] = path.split('.');
  if (rest.length === 0) throw new OverrideError(`${path}: expected a dotted path such as config.learningRate or node.h1.units`);
  if (root === 'config') {
    if (rest[0] === 'seed') throw new OverrideError(`${path}: the plan sets each slot's seed (seeds 1..N); vary seeds with "seeds" instead`);
    if (!CONFIG_KEYS.includes(rest[0])) throw new OverrideError(`${path}: no training setting "${rest[0]}"; settings: ${CONFIG_KEYS.join(', ')}`);
    setPath(base.config as Record<string, unknown>, rest, value);
  } else if (root === 'node') {
    const [id, param, ...deeper] = rest;
    const node = base.spec.nodes.find((n) => n.id === id);
    if (!node) throw new OverrideError(`${path}: no node "${id}"; nodes: ${base.spec.nodes.map((n) => n.id).join(', ')}`);
    const params = getLayerKind(node.kind)?.params.map((p) => p.name) ?? [];
    if (param === undefined) throw new OverrideError(`${path}: name one of node "${id}"'s params: ${params.join(', ') || '(it has none)'}`);
    if (!params.includes(param)) throw new OverrideError(`${path}: node "${id}" (${node.kind}) has no param "${param}"; params: ${params.join(', ') || '(none)'}`);
    if (deeper.length > 0) throw new OverrideError(`${path}: node params have no fields; set ${`node.${id}.${param}`} to the whole value`);
    node.params = { ...node.params, [param]: structuredClone(value) };
  } else if (root === 'dataset' && rest[0] === 'images' && rest.length === 2) {
    if (!IMAGE_KEYS.includes(rest[1])) throw new OverrideError(`${path}: no image transform "${rest[1]}"; settings: ${IMAGE_KEYS.map((k) => `dataset.images.${k}`).join(', ')}`);
    const dataset = base.dataset as unknown as Record<string, unknown>;
    const images = { ...(isRecord(dataset.images) ? dataset.images : {}) };
    if (value === null) delete images[rest[1]];
    else images[rest[1]] = structuredClone(value);
    dataset.images = images;
  } else if (root === 'dataset') {
    if (rest.length !== 1 || !DATASET_KEYS.includes(rest[0])) {
      throw new OverrideError(`${path}: no dataset setting "${rest.join('.')}"; settings: ${[...DATASET_KEYS, ...IMAGE_KEYS.map((k) => `images.${k}`)].map((k) => `dataset.${k}`).join(', ')}`);
    }
    const dataset = base.dataset as unknown as Record<string, unknown>;
    if (value === null && rest[0] !== 'name') delete dataset[rest[0]];
    else dataset[rest[0]] = value;
  } else if (root === 'procedure') {
    const procedure = (base.procedure ??= { kind: DEFAULT_PROCEDURE, params: {} });
    if (rest.length === 1 && rest[0] === 'kind') {
      procedure.kind = String(value);
      return;
    }
    const def = getProcedure(procedure.kind);
    const shape = def && 'shape' in def.params ? Object.keys((def.params as unknown as { shape: Record<string, unknown> }).shape) : undefined;
    if (shape && !shape.includes(rest[0])) {
      throw new OverrideError(`${path}: procedure "${procedure.kind}" has no param "${rest[0]}"; params: ${shape.join(', ') || '(none)'}`);
    }
    procedure.params = { ...(procedure.params ?? {}) };
    setPath(procedure.params, rest, value);
  } else {
    throw new OverrideError(`${path}: a setting path starts with config., node., dataset. or procedure.`);
  }
}

/**
 * The base with each override set at its dotted path (`config.learningRate`, `config.optimizer.kind`,
 * `node.h1.units`, `dataset.trainLimit`, `dataset.images.widthNorm`, `procedure.<param>` →
 * procedure.params.<param>). The base is not changed. Throws OverrideError naming the path and what exists there.
 */
export function applyOverrides(base: PlanBase, overrides: readonly SettingOverride[]): PlanBase {
  const copy: PlanBase = structuredClone(base);
  for (const override of overrides) applyOne(copy, override);
  return copy;
}
