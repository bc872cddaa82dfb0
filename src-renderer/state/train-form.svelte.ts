import type { TrainConfigInput } from '../../src-shared/config/schema';
import { trainConfigSchema } from '../../src-shared/config/schema';
import { describeZodIssues } from '../../src-shared/util/zod-issues';
import type { DatasetRef } from '../../src-shared/api/run';
import { DEFAULT_PROCEDURE, getProcedure, type ProcedureRef } from '../../src-shared/procedures';
import { checkParams, procedureFields } from '../procedures/procedure-fields';

type OptimizerKind = 'sgd' | 'adam' | 'rmsprop';
type ScheduleKind = 'constant' | 'exponential' | 'step';
type InitKind = 'glorot' | 'he' | 'normal';
type Preprocessing = 'none' | 'scale' | 'centre' | 'standardise';

/** The train panel's fields as flat, bindable values; `config` turns them into a TrainConfigInput. */
export class TrainForm {
  dataset = $state('mnist');
  trainLimit = $state<number | null>(null);
  optimizer = $state<OptimizerKind>('sgd');
  learningRate = $state(0.05);
  momentum = $state(0.9);
  schedule = $state<ScheduleKind>('constant');
  scheduleFactor = $state(0.95);
  scheduleEvery = $state(10);
  batchSize = $state(100);
  epochs = $state(10);
  seed = $state(1);
  init = $state<InitKind>('glorot');
  initSigma = $state(0.01);
  preprocessing = $state<Preprocessing>('scale');
  maxNorm = $state<number | null>(null);
  /** L2 weight decay λ on the kernels; null or 0: none. */
  weightDecay = $state<number | null>(null);
  runName = $state('');
  /** The run's procedure (PROCEDURES) and its params fields' values; backprop, the default, has none. */
  procedureKind = $state(DEFAULT_PROCEDURE);
  procedureValues = $state<Record<string, unknown>>({});
  /** The full config last loaded (template or past run); fields the form does not show are kept from it. */
  private base = $state.raw<TrainConfigInput>({});

  config = $derived.by((): TrainConfigInput => {
    const schedule =
      this.schedule === 'exponential'
        ? { kind: 'exponential' as const, factor: this.scheduleFactor }
        : this.schedule === 'step'
          ? { kind: 'step' as const, every: this.scheduleEvery, factor: this.scheduleFactor }
          : { kind: 'constant' as const };
    const baseOptimizer = this.base.optimizer?.kind === this.optimizer ? this.base.optimizer : undefined;
    const optimizer =
      this.optimizer === 'sgd'
        ? { ...(baseOptimizer?.kind === 'sgd' ? baseOptimizer : {}), kind: 'sgd' as const, momentum: this.momentum }
        : (baseOptimizer ?? { kind: this.optimizer });
    const init = this.init === 'normal' ? { kind: 'normal' as const, sigma: this.initSigma } : { kind: this.init };
    return {
      ...this.base,
      optimizer,
      learningRate: this.learningRate,
      schedule,
      batchSize: this.batchSize,
      epochs: this.epochs,
      seed: this.seed,
      init,
      preprocessing: this.preprocessing,
      maxNorm: this.maxNorm ? { ...(this.base.maxNorm ?? {}), limit: this.maxNorm } : null,
      weightDecay: this.weightDecay || undefined,
    };
  });

  procedureDef = $derived(getProcedure(this.procedureKind) ?? getProcedure(DEFAULT_PROCEDURE)!);
  private procedureCheck = $derived(checkParams(this.procedureDef, this.procedureValues));

  /** What runs.start gets as `procedure`: nothing for backprop (so its runs start as before), else kind and params. */
  procedure = $derived.by((): ProcedureRef | undefined =>
    this.procedureDef.kind === DEFAULT_PROCEDURE || !('params' in this.procedureCheck) ? undefined : { kind: this.procedureDef.kind, params: this.procedureCheck.params },
  );

  /** Picks a procedure; its params start from the schema's defaults, then `params` (a template's or a run's). */
  chooseProcedure(kind: string, params: Record<string, unknown> = {}): void {
    const def = getProcedure(kind) ?? getProcedure(DEFAULT_PROCEDURE)!;
    this.procedureKind = def.kind;
    this.procedureValues = { ...Object.fromEntries(procedureFields(def).map((field) => [field.name, field.default])), ...params };
  }

  datasetRef = $derived.by((): DatasetRef => (this.trainLimit ? { name: this.dataset, trainLimit: this.trainLimit } : { name: this.dataset }));

  /** Every bad field, one per line, or null when the config is valid. */
  problems = $derived.by(() => {
    const result = trainConfigSchema.safeParse(this.config);
    const lines = result.success ? [] : [describeZodIssues(result.error.issues, 'config')];
    if (this.trainLimit !== null && (!Number.isInteger(this.trainLimit) || this.trainLimit < 1)) lines.push('train limit: a whole number ≥ 1, or empty for all');
    if ('problem' in this.procedureCheck) lines.push(this.procedureCheck.problem);
    return lines.length ? lines.join('\n') : null;
  });

  /** Fills the fields from a template's or a past run's settings (no procedure: backprop). */
  load(config: TrainConfigInput, dataset: DatasetRef, procedure?: { kind: string; params?: Record<string, unknown> }): void {
    this.chooseProcedure(procedure?.kind ?? DEFAULT_PROCEDURE, procedure?.params ?? {});
    const parsed = trainConfigSchema.parse(config);
    this.base = parsed;
    this.dataset = dataset.name;
    this.trainLimit = dataset.trainLimit ?? null;
    // Every field, shown or hidden, comes from the loaded settings or the default: nothing of the previous ones stays.
    this.optimizer = parsed.optimizer.kind;
    this.momentum = parsed.optimizer.kind === 'sgd' ? parsed.optimizer.momentum : 0.9;
    this.learningRate = parsed.learningRate;
    this.schedule = parsed.schedule.kind;
    this.scheduleFactor = parsed.schedule.kind !== 'constant' ? parsed.schedule.factor : 0.95;
    this.scheduleEvery = parsed.schedule.kind === 'step' ? parsed.schedule.every : 10;
    this.batchSize = parsed.batchSize;
    this.epochs = parsed.epochs;
    this.seed = parsed.seed;
    this.init = parsed.init.kind;
    this.initSigma = parsed.init.kind === 'normal' ? parsed.init.sigma : 0.01;
    this.preprocessing = parsed.preprocessing;
    this.maxNorm = parsed.maxNorm?.limit ?? null;
    this.weightDecay = parsed.weightDecay || null;
    this.runName = '';
  }
}
