import { trainConfigSchema, type TrainConfigInput } from '../../src-shared/config/schema';
import { analyzeSpec } from '../../src-shared/network/analyze';
import { getLayerKind, LAYER_KINDS } from '../../src-shared/network/catalog';
import type { ModelSpec } from '../../src-shared/network/types';

/** How a setting's value is typed in a form. 'json' takes any JSON (objects such as max-norm). */
export type SettingType = 'int' | 'float' | 'enum' | 'bool' | 'json';

/** One setting a plan can vary, by the dotted path the run's params and Compare use. */
export interface SettingDef {
  path: string;
  /** "Max-norm", "Units of fc1". */
  name: string;
  type: SettingType;
  /** The network's or config's value now. */
  current: unknown;
  min?: number;
  max?: number;
  exclusiveMax?: boolean;
  /** The bound itself is not allowed (a learning rate must be above 0). */
  exclusiveMin?: boolean;
  options?: readonly string[];
  /** "off" (null) is a value it can take. */
  nullable?: boolean;
  /** Best searched on a log scale (learning rates). */
  log?: boolean;
  /** A bare number stands for this object key: max-norm 3 → {limit: 3}. */
  numberAs?: string;
  help?: string;
}

/** "Max-norm (config.maxNorm)": what pickers show. */
export const settingLabel = (setting: Pick<SettingDef, 'name' | 'path'>): string => `${setting.name} (${setting.path})`;

const CONFIG_NAMES: Record<string, Omit<SettingDef, 'path' | 'current'>> = {
  learningRate: { name: 'Learning rate', type: 'float', min: 0, exclusiveMin: true, log: true },
  batchSize: { name: 'Batch size', type: 'int', min: 1 },
  weightDecay: { name: 'Weight decay', type: 'float', min: 0, max: 1, help: 'L2 on the kernels: λ·w joins the gradient; 0 = none' },
  maxNorm: { name: 'Max-norm', type: 'json', nullable: true, numberAs: 'limit', help: 'a limit such as 3, or {"limit": 3, "measure": "norm"}; off = none' },
  'optimizer.kind': { name: 'Optimizer', type: 'enum', options: ['sgd', 'adam', 'rmsprop'] },
  'optimizer.momentum': { name: 'Momentum', type: 'float', min: 0, max: 1 },
  'optimizer.beta1': { name: 'Adam β1', type: 'float', min: 0, max: 1 },
  'optimizer.beta2': { name: 'Adam β2', type: 'float', min: 0, max: 1 },
  'optimizer.rho': { name: 'RMSprop ρ', type: 'float', min: 0, max: 1 },
  'schedule.factor': { name: 'LR decay factor', type: 'float', min: 0, max: 1 },
  'schedule.every': { name: 'LR decay every (epochs)', type: 'int', min: 1 },
  'init.kind': { name: 'Weight init', type: 'enum', options: ['glorot', 'he', 'normal'] },
  'init.sigma': { name: 'Init σ', type: 'float', min: 0, exclusiveMin: true, log: true },
  preprocessing: { name: 'Preprocessing', type: 'enum', options: ['none', 'scale', 'centre', 'standardise'] },
  validationSplit: { name: 'Validation split', type: 'float', min: 0, max: 0.5 },
  loss: { name: 'Loss', type: 'enum', options: ['softmax-cross-entropy', 'mse'] },
};

/**
 * Every setting of a network and its training config that a plan can vary: the training config (seed and
 * epochs are the plan's own) and each node's parameters (defaults filled in, the input's shape left out).
 */
export function listSettings(spec: ModelSpec, config: TrainConfigInput): SettingDef[] {
  const out: SettingDef[] = [];
  const parsed = trainConfigSchema.safeParse(config);
  const full = (parsed.success ? parsed.data : config) as Record<string, unknown>;
  for (const [key, def] of Object.entries(CONFIG_NAMES)) {
    const current = readPath(full, key);
    if (current === undefined && key !== 'maxNorm' && key !== 'weightDecay') continue;
    out.push({ ...def, path: `config.${key}`, current: current ?? (key === 'weightDecay' ? 0 : null) });
  }
  const analysis = analyzeSpec(spec);
  const order = analysis.order.length ? analysis.order : spec.nodes.map((node) => node.id);
  for (const id of order) {
    const node = spec.nodes.find((n) => n.id === id);
    const kind = node && getLayerKind(node.kind);
    if (!node || !kind) continue;
    const params = analysis.nodes.get(id)?.params ?? node.params;
    for (const param of kind.params) {
      if (param.type === 'shape') continue;
      out.push({
        path: `node.${id}.${param.name}`,
        name: `${param.label} of ${id}`,
        type: param.type === 'enum' ? 'enum' : param.type,
        current: params[param.name] ?? param.default,
        ...(param.min !== undefined ? { min: param.min } : {}),
        ...(param.max !== undefined ? { max: param.max } : {}),
        ...(param.exclusiveMax ? { exclusiveMax: true } : {}),
        ...(param.options ? { options: param.options } : {}),
        ...(param.nullable ? { nullable: true } : {}),
        help: param.help,
      });
    }
  }
  return out;
}

function readPath(value: Record<string, unknown>, path: string): unknown {
  let at: unknown = value;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const OFF = new Set(['off', 'none', 'null']);

/** A value as a form shows it: null as "off", strings bare, anything else as JSON. */
export function formatSettingValue(value: unknown): string {
  if (value === null || value === undefined) return 'off';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Reads what was typed for one value of a setting; the message says what would be right. */
export function parseSettingValue(setting: SettingDef, raw: string): Parsed<unknown> {
  const text = raw.trim();
  if (text === '') return { ok: false, message: 'enter a value' };
  if (OFF.has(text.toLowerCase())) {
    return setting.nullable || setting.type === 'json' ? { ok: true, value: null } : { ok: false, message: `${setting.name} cannot be off` };
  }
  switch (setting.type) {
    case 'int':
    case 'float': {
      const n = Number(text);
      if (!Number.isFinite(n)) return { ok: false, message: `"${text}" is not a number` };
      if (setting.type === 'int' && !Number.isInteger(n)) return { ok: false, message: `"${text}": expected a whole number` };
      return checkRange(setting, n);
    }
    case 'enum':
      return setting.options?.includes(text) ? { ok: true, value: text } : { ok: false, message: `"${text}": expected one of ${setting.options?.join(', ')}` };
    case 'bool':
      if (text === 'true' || text === 'on') return { ok: true, value: true };
      if (text === 'false') return { ok: true, value: false };
      return { ok: false, message: `"${text}": expected true or false` };
    case 'json': {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return { ok: false, message: `"${text}" is not JSON (strings in double quotes, off for none)` };
      }
      if (typeof value === 'number' && setting.numberAs) {
        if (!(value > 0)) return { ok: false, message: `${setting.name}: the ${setting.numberAs} must be above 0` };
        return { ok: true, value: { [setting.numberAs]: value } };
      }
      return { ok: true, value };
    }
  }
}

function checkRange(setting: SettingDef, n: number): Parsed<unknown> {
  if (setting.min !== undefined && (setting.exclusiveMin ? n <= setting.min : n < setting.min)) {
    return { ok: false, message: `${n} is too small: expected ${setting.exclusiveMin ? 'above' : 'at least'} ${setting.min}` };
  }
  if (setting.max !== undefined && (setting.exclusiveMax ? n >= setting.max : n > setting.max)) {
    return { ok: false, message: `${n} is too large: expected ${setting.exclusiveMax ? 'below' : 'at most'} ${setting.max}` };
  }
  return { ok: true, value: n };
}

/**
 * A list of values for a grid: "0.01, 0.1", "relu, tanh", '{"limit": 3}, off'. Tried as one JSON array
 * first (so objects keep their commas), else split at commas and read one by one.
 */
export function parseValueList(setting: SettingDef, raw: string): Parsed<unknown[]> {
  const text = raw.trim();
  if (text === '') return { ok: false, message: 'enter one or more values, separated by commas' };
  let parts: string[];
  try {
    const array = JSON.parse(`[${text.replace(/\b(off|none)\b/gi, 'null')}]`) as unknown[];
    parts = array.map((item) => (item === null ? 'off' : typeof item === 'string' ? item : JSON.stringify(item)));
  } catch {
    parts = text.split(',').map((part) => part.trim());
  }
  const values: unknown[] = [];
  for (const part of parts) {
    const parsed = parseSettingValue(setting, part);
    if (!parsed.ok) return { ok: false, message: part === '' ? 'an empty value between commas' : parsed.message };
    if (values.some((v) => JSON.stringify(v) === JSON.stringify(parsed.value))) return { ok: false, message: `${formatSettingValue(parsed.value)} is listed twice` };
    values.push(parsed.value);
  }
  return { ok: true, value: values };
}

/** Names for recorded settings no plan varies (seed and epochs are a plan's own), shown where runs are compared. */
const RECORDED_NAMES: Record<string, string> = {
  'config.seed': 'Seed',
  'config.epochs': 'Epochs',
  'config.fusedOps': 'Fused ops',
  'config.optimizer.nesterov': 'Nesterov momentum',
  'config.optimizer.epsilon': 'Optimizer ε',
  'config.optimizer.momentumRamp': 'Momentum ramp',
  'config.schedule.kind': 'LR schedule',
  'config.maxNorm.limit': 'Max-norm limit',
  'config.maxNorm.measure': 'Max-norm measure',
  'config.maxNorm.nodes': 'Max-norm layers',
  'dataset.name': 'Dataset',
  'dataset.trainLimit': 'Train subset',
  'dataset.testLimit': 'Test subset',
  'spec.name': 'Network',
  'spec.totalParams': 'Parameters',
  'spec.totalFlops': 'FLOPs per example',
  'spec.nodes': 'Layers',
};

/**
 * A human name for a dotted path when only the path is known (a stored plan's axes, Compare's differing
 * settings): "Learning rate", "Units of fc1". Node parameters are named by the first layer kind that has a
 * parameter of that name.
 */
export function nameOfPath(path: string): string {
  if (RECORDED_NAMES[path]) return RECORDED_NAMES[path];
  if (path.startsWith('config.')) return CONFIG_NAMES[path.slice('config.'.length)]?.name ?? path.slice('config.'.length);
  const node = /^node\.([^.]+)\.(.+)$/.exec(path);
  if (node) {
    const [, id, param] = node;
    if (param === 'kind') return `Layer kind of ${id}`;
    const def = LAYER_KINDS.flatMap((kind) => kind.params).find((p) => p.name === param);
    return `${def?.label ?? param} of ${id}`;
  }
  if (path.startsWith('procedure.')) return path.slice('procedure.'.length);
  return path;
}
