import type { TrainConfigInput } from '../../src-shared/config/schema';
import { trainConfigSchema } from '../../src-shared/config/schema';
import { describeZodIssues } from '../../src-shared/util/zod-issues';
import type { DatasetRef } from '../../src-shared/api/run';

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
  runName = $state('');
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
    };
  });

  datasetRef = $derived.by((): DatasetRef => (this.trainLimit ? { name: this.dataset, trainLimit: this.trainLimit } : { name: this.dataset }));

  /** Every bad field, one per line, or null when the config is valid. */
  problems = $derived.by(() => {
    const result = trainConfigSchema.safeParse(this.config);
    const lines = result.success ? [] : [describeZodIssues(result.error.issues, 'config')];
    if (this.trainLimit !== null && (!Number.isInteger(this.trainLimit) || this.trainLimit < 1)) lines.push('train limit: a whole number ≥ 1, or empty for all');
    return lines.length ? lines.join('\n') : null;
  });

  /** Fills the fields from a template's or a past run's settings. */
  load(config: TrainConfigInput, dataset: DatasetRef): void {
    const parsed = trainConfigSchema.parse(config);
    this.base = parsed;
    this.dataset = dataset.name;
    this.trainLimit = dataset.trainLimit ?? null;
    this.optimizer = parsed.optimizer.kind;
    if (parsed.optimizer.kind === 'sgd') this.momentum = parsed.optimizer.momentum;
    this.learningRate = parsed.learningRate;
    this.schedule = parsed.schedule.kind;
    if (parsed.schedule.kind !== 'constant') this.scheduleFactor = parsed.schedule.factor;
    if (parsed.schedule.kind === 'step') this.scheduleEvery = parsed.schedule.every;
    this.batchSize = parsed.batchSize;
    this.epochs = parsed.epochs;
    this.seed = parsed.seed;
    this.init = parsed.init.kind;
    if (parsed.init.kind === 'normal') this.initSigma = parsed.init.sigma;
    this.preprocessing = parsed.preprocessing;
    this.maxNorm = parsed.maxNorm?.limit ?? null;
  }
}
