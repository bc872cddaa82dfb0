import { z } from 'zod';

const positive = z.number().finite().positive();

export const optimizerSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('sgd'),
    momentum: z.number().finite().min(0).max(1).default(0.9),
    /** Linear ramp of momentum from `from` to `to` over the first `epochs` epochs (dropout paper: 0.5 → 0.99 over 500). */
    momentumRamp: z.object({ from: z.number().min(0).max(1), to: z.number().min(0).max(1), epochs: z.number().int().positive() }).optional(),
    nesterov: z.boolean().default(false),
  }),
  z.object({
    kind: z.literal('adam'),
    beta1: z.number().min(0).max(1).default(0.9),
    beta2: z.number().min(0).max(1).default(0.999),
    epsilon: positive.default(1e-7),
  }),
  z.object({
    kind: z.literal('rmsprop'),
    rho: z.number().min(0).max(1).default(0.9),
    epsilon: positive.default(1e-7),
  }),
]);

export const scheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant') }),
  /** lr = initial · factor^epoch, as in the 2012 dropout paper (10 · 0.998^epoch). */
  z.object({ kind: z.literal('exponential'), factor: z.number().finite().positive().max(1) }),
  /** lr = initial · factor^floor(epoch / every). */
  z.object({ kind: z.literal('step'), every: z.number().int().positive(), factor: z.number().finite().positive().max(1) }),
]);

export const initSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('normal'), sigma: positive.default(0.01) }),
  z.object({ kind: z.literal('glorot') }),
  z.object({ kind: z.literal('he') }),
]);

export const maxNormSchema = z.object({
  /** Bound on each unit's incoming weight vector (a column of a dense kernel, a filter of a conv kernel). */
  limit: positive,
  /** 'norm': ‖w‖ ≤ limit (JMLR 2014); 'squared-length': ‖w‖² ≤ limit (arXiv 2012 states 15). */
  measure: z.enum(['norm', 'squared-length']).default('norm'),
  /** Node ids it applies to; default all dense and conv2d nodes. */
  nodes: z.array(z.string()).optional(),
});

export const preprocessingSchema = z.enum(['none', 'scale', 'centre', 'standardise']);

export const trainConfigSchema = z.object({
  optimizer: optimizerSchema.default({ kind: 'sgd', momentum: 0.9, nesterov: false }),
  learningRate: positive.default(0.05),
  schedule: scheduleSchema.default({ kind: 'constant' }),
  batchSize: z.number().int().positive().max(65536).default(100),
  epochs: z.number().int().positive().max(100000).default(10),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  loss: z.enum(['softmax-cross-entropy', 'mse']).default('softmax-cross-entropy'),
  init: initSchema.default({ kind: 'glorot' }),
  maxNorm: maxNormSchema.nullable().default(null),
  /**
   * L2 weight decay on the kernels (biases free): λ·w joins each kernel's gradient, so training minimises the
   * loss + λ/2·Σw². Absent or 0: none. Absent rather than a default 0 so configs stored before it keep their keys.
   */
  weightDecay: z.number().min(0).max(1).optional(),
  /** 'scale': to [0, 1]; 'centre': subtract the training mean; 'standardise': and divide by the sd. */
  preprocessing: preprocessingSchema.default('scale'),
  validationSplit: z.number().min(0).max(0.5).default(0.1),
  /** The fused training ops (one tape node and fused kernels per layer); false: plain tfjs ops, for checks and speed comparisons. */
  fusedOps: z.boolean().default(true),
});

export type OptimizerConfig = z.infer<typeof optimizerSchema>;
export type ScheduleConfig = z.infer<typeof scheduleSchema>;
export type InitConfig = z.infer<typeof initSchema>;
export type MaxNormConfig = z.infer<typeof maxNormSchema>;
export type Preprocessing = z.infer<typeof preprocessingSchema>;
export type TrainConfig = z.infer<typeof trainConfigSchema>;
/** What a user writes: every field optional, defaults filled by trainConfigSchema.parse. */
export type TrainConfigInput = z.input<typeof trainConfigSchema>;
