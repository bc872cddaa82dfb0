import type { PlanObjective, RandomDist } from '../../src-shared/plans/types';
import { parseSettingValue, parseValueList, type SettingDef } from './settings';
import { checkWhole } from './plan-source';

export type Distribution = RandomDist;
export const DISTRIBUTIONS: { value: Distribution; label: string }[] = [
  { value: 'log-uniform', label: 'log-uniform' },
  { value: 'uniform', label: 'uniform' },
  { value: 'int', label: 'whole numbers' },
  { value: 'choice', label: 'one of' },
];

/** What a sweep can rank by, all lower-is-better; '' leaves it to the data (test error rate, or RMSE for regression). */
export const OBJECTIVES: { value: PlanObjective | ''; label: string }[] = [
  { value: '', label: 'test error (RMSE for regression)' },
  { value: 'testErrorRate', label: 'test error rate' },
  { value: 'testRmse', label: 'test RMSE' },
  { value: 'finalLoss', label: 'final training loss' },
];

export interface GridAxisDraft {
  path: string;
  values: unknown[];
}
export interface SpaceDraft {
  path: string;
  dist: Distribution;
  min?: number;
  max?: number;
  values?: unknown[];
}
export interface SweepDraft {
  kind: 'sweep';
  grid: GridAxisDraft[];
  random?: { trials: number; seed: number; space: SpaceDraft[] };
  seeds: number;
  epochs?: number;
  trainLimit?: number;
  testLimit?: number;
  objective?: PlanObjective;
}

let nextRowId = 1;

export class GridRow {
  readonly id = nextRowId++;
  path = $state('');
  text = $state('');
  constructor(path = '', text = '') {
    this.path = path;
    this.text = text;
  }
}

export class SpaceRow {
  readonly id = nextRowId++;
  path = $state('');
  dist = $state<Distribution>('uniform');
  minText = $state('');
  maxText = $state('');
  valuesText = $state('');
  constructor(path = '', dist: Distribution = 'uniform', minText = '', maxText = '') {
    this.path = path;
    this.dist = dist;
    this.minText = minText;
    this.maxText = maxText;
  }
}

/** The distribution a setting is best sampled from. */
export function defaultDistribution(setting: SettingDef | undefined): Distribution {
  if (!setting) return 'uniform';
  if (setting.type === 'enum' || setting.type === 'bool' || setting.type === 'json') return 'choice';
  if (setting.log) return 'log-uniform';
  return setting.type === 'int' ? 'int' : 'uniform';
}

type RowErrors = Partial<Record<'path' | 'values' | 'min' | 'max' | 'range', string>>;

/**
 * The sweep form: grid axes (a setting and the values to try; every combination runs) and, optionally,
 * random trials drawn from ranges, each over seeds 1…N.
 */
export class SweepForm {
  settings = $state.raw<SettingDef[]>([]);
  grid = $state.raw<GridRow[]>([]);
  space = $state.raw<SpaceRow[]>([]);
  trials = $state<number | null>(null);
  randomSeed = $state<number | null>(1);
  seeds = $state<number | null>(1);
  epochs = $state<number | null>(null);
  trainLimit = $state<number | null>(null);
  testLimit = $state<number | null>(null);
  objective = $state<PlanObjective | ''>('');
  touched = $state(false);

  private byPath = $derived(new Map(this.settings.map((s) => [s.path, s])));

  gridErrors = $derived(this.grid.map((row, i) => this.checkGridRow(row, i)));
  spaceErrors = $derived(this.space.map((row, i) => this.checkSpaceRow(row, i)));

  errors = $derived.by(() => {
    const out: Partial<Record<'plan' | 'trials' | 'randomSeed' | 'seeds' | 'epochs' | 'trainLimit' | 'testLimit', string>> = {};
    const random = this.trials !== null && this.trials > 0;
    if (this.grid.length === 0 && !random) out.plan = 'add a grid setting or some random trials';
    const trials = checkWhole(this.trials, 'random trials', { optional: true, min: 0, max: 1000 });
    if (trials) out.trials = trials;
    if (random && this.space.length === 0) out.trials = 'random trials need at least one range below';
    if (random) {
      const seed = checkWhole(this.randomSeed, 'sampling seed', { min: 0 });
      if (seed) out.randomSeed = seed;
    }
    const seeds = checkWhole(this.seeds, 'seeds', { max: 100 });
    if (seeds) out.seeds = seeds;
    const epochs = checkWhole(this.epochs, 'epochs', { optional: true });
    if (epochs) out.epochs = epochs;
    const train = checkWhole(this.trainLimit, 'train subset', { optional: true });
    if (train) out.trainLimit = train;
    const test = checkWhole(this.testLimit, 'test subset', { optional: true });
    if (test) out.testLimit = test;
    return out;
  });

  valid = $derived(
    Object.keys(this.errors).length === 0 &&
      this.gridErrors.every((e) => Object.keys(e).length === 0) &&
      (!this.randomOn || this.spaceErrors.every((e) => Object.keys(e).length === 0)),
  );

  get randomOn(): boolean {
    return this.trials !== null && this.trials > 0;
  }

  /** Grid combinations (1 without a grid) plus the random trials, times the seeds. */
  runCount = $derived.by(() => {
    const combos = this.grid.length ? this.grid.reduce((n, row) => n * Math.max(0, this.gridValues(row)?.length ?? 0), 1) : 0;
    const configs = combos + (this.randomOn ? this.trials! : 0);
    return configs * (this.seeds && this.seeds > 0 ? this.seeds : 0);
  });

  useSettings(settings: SettingDef[]): void {
    this.settings = settings;
    this.grid = this.grid.filter((row) => settings.some((s) => s.path === row.path));
    this.space = this.space.filter((row) => settings.some((s) => s.path === row.path));
  }

  addGrid(path?: string): void {
    const setting = this.pick(path, this.grid.map((r) => r.path));
    this.grid = [...this.grid, new GridRow(setting?.path ?? '', '')];
  }

  removeGrid(id: number): void {
    this.grid = this.grid.filter((row) => row.id !== id);
  }

  addSpace(path?: string): void {
    const setting = this.pick(path, this.space.map((r) => r.path));
    const row = new SpaceRow(setting?.path ?? '');
    this.setSpacePath(row, row.path);
    this.space = [...this.space, row];
  }

  removeSpace(id: number): void {
    this.space = this.space.filter((row) => row.id !== id);
  }

  /** A new setting for a range row: its default distribution. */
  setSpacePath(row: SpaceRow, path: string): void {
    row.path = path;
    row.dist = defaultDistribution(this.byPath.get(path));
  }

  /** The plan the form describes, showing every field's message. */
  draft(): SweepDraft | null {
    this.touched = true;
    return this.peek();
  }

  /** The plan the form describes, or null while a field is wrong; shows no messages. */
  peek(): SweepDraft | null {
    if (!this.valid) return null;
    const grid = this.grid.map((row) => ({ path: row.path, values: this.gridValues(row)! }));
    const space = this.space.map((row): SpaceDraft => {
      const setting = this.byPath.get(row.path)!;
      if (row.dist === 'choice') return { path: row.path, dist: row.dist, values: (parseValueList(setting, row.valuesText) as { value: unknown[] }).value };
      return { path: row.path, dist: row.dist, min: Number(row.minText), max: Number(row.maxText) };
    });
    return {
      kind: 'sweep',
      grid,
      ...(this.randomOn ? { random: { trials: this.trials!, seed: this.randomSeed!, space } } : {}),
      seeds: this.seeds!,
      ...(this.epochs !== null ? { epochs: this.epochs } : {}),
      ...(this.trainLimit !== null ? { trainLimit: this.trainLimit } : {}),
      ...(this.testLimit !== null ? { testLimit: this.testLimit } : {}),
      ...(this.objective ? { objective: this.objective } : {}),
    };
  }

  private gridValues(row: GridRow): unknown[] | null {
    const setting = this.byPath.get(row.path);
    if (!setting) return null;
    const parsed = parseValueList(setting, row.text);
    return parsed.ok ? parsed.value : null;
  }

  /** The asked-for setting, else the first not used yet (learning rate and units first). */
  private pick(path: string | undefined, used: string[]): SettingDef | undefined {
    if (path) return this.byPath.get(path);
    const free = this.settings.filter((s) => !used.includes(s.path));
    return free.find((s) => s.path === 'config.learningRate') ?? free.find((s) => s.path.endsWith('.units')) ?? free[0];
  }

  private checkGridRow(row: GridRow, index: number): RowErrors {
    const setting = this.byPath.get(row.path);
    if (!setting) return { path: 'choose a setting' };
    if (this.grid.findIndex((r) => r.path === row.path) !== index) return { path: `${setting.name} is already on the grid` };
    const parsed = parseValueList(setting, row.text);
    return parsed.ok ? {} : { values: parsed.message };
  }

  private checkSpaceRow(row: SpaceRow, index: number): RowErrors {
    const setting = this.byPath.get(row.path);
    if (!setting) return { path: 'choose a setting' };
    if (this.space.findIndex((r) => r.path === row.path) !== index) return { path: `${setting.name} has a range already` };
    if (row.dist === 'choice') {
      const parsed = parseValueList(setting, row.valuesText);
      return parsed.ok ? {} : { values: parsed.message };
    }
    if (setting.type !== 'int' && setting.type !== 'float') return { path: `${setting.name} is not a number: sample it with "one of"` };
    const out: RowErrors = {};
    const min = parseSettingValue(setting, row.minText);
    const max = parseSettingValue(setting, row.maxText);
    if (!min.ok) out.min = min.message;
    if (!max.ok) out.max = max.message;
    if (min.ok && max.ok) {
      const [low, high] = [min.value as number, max.value as number];
      if (!(high > low)) out.range = `the range needs low < high (${low} to ${high})`;
      else if (row.dist === 'log-uniform' && low <= 0) out.range = 'log-uniform needs a low end above 0';
      else if (row.dist === 'int' && (!Number.isInteger(low) || !Number.isInteger(high))) out.range = 'whole numbers need whole ends';
    }
    return out;
  }
}
