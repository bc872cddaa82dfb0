import { z } from 'zod';
import type { NetworkOutline, ProcedureDef, StageDef } from './types';

export const DSN_METRIC = {
  /** Classification error of module k's output (the stack cut at module k), recorded by module k's stage. */
  trainErrorRate: 'dsn/train_error_rate',
  testErrorRate: 'dsn/test_error_rate',
  /** Mean squared error of module k's linear output against the 0/1 targets, summed over classes. */
  trainMse: 'dsn/train_mse',
  testMse: 'dsn/test_mse',
  /** Module k's test error with its closed-form U on its first lower weights, before refinement (recorded by its solve stage when a refinement follows). */
  solveTestErrorRate: 'dsn/solve_test_error_rate',
  /** Per refinement epoch (epoch 0: before it), after U is solved again: the module's training squared error and test error. */
  refineTrainMse: 'dsn/refine_train_mse',
  refineTestErrorRate: 'dsn/refine_test_error_rate',
  /** The whole network's test error after each epoch of fine-tuning the stack. */
  fineTuneTestErrorRate: 'dsn/finetune_test_error_rate',
} as const;

export const dsnParamsSchema = z
  .object({
    /** Modules in the stack; the network must have as many (hidden sigmoid → linear output) pairs. */
    modules: z.number().int().min(1).max(50).default(3),
    /** Ridge term λ of U = (HHᵀ + λI)⁻¹HTᵀ (H is hidden units × training examples). */
    lambda: z.number().min(0).default(1),
    /**
     * Standard deviation of the pre-activation that the raw input contributes to a lower-layer unit: the
     * random weights from the input are N(0, s²/E‖x‖²), so wide and narrow inputs drive the sigmoids alike.
     * 3 beat 1 on 10,000 MNIST images with 3 modules of 1,000 units (6.7% against 7.6% test error).
     */
    inputScale: z.number().positive().default(3),
    /** The same for each lower module's output, the part of a module's input that carries the stack's prediction. */
    stackScale: z.number().min(0).default(1),
    /** Standard deviation of the lower layer's random biases. */
    biasScale: z.number().min(0).default(1),
    /**
     * Where each module's lower weights start: random (scaled as above), or an RBM trained by CD-1 on the
     * module's input X (binary visible units; the lower modules' outputs, estimates of 0/1 class indicators,
     * clipped to [0, 1] for the RBM only), its W and hidden biases becoming the module's.
     */
    lowerInit: z.enum(['random', 'rbm']).default('random'),
    rbmEpochs: z.number().int().min(1).max(10000).default(3),
    rbmBatchSize: z.number().int().min(1).max(10000).default(100),
    rbmLearningRate: z.number().positive().max(10).default(0.1),
    /** Epochs of gradient refinement of each module's lower weights, U solved again after each (0: closed form only). */
    refineEpochs: z.number().int().min(0).max(1000).default(0),
    /**
     * Step size of the refinement (the run's optimizer and batch size; the loss is the module's squared error
     * summed over classes, averaged over the batch). 2 was best of 0.02…10 on 10,000 MNIST images, batch 100,
     * momentum 0.9 (2 modules of 1,000 units: 7.65% closed form, 5.8% at 0.5, 4.9% at 2, 5.6% at 5, 11% at 10).
     */
    refineLearningRate: z.number().positive().max(100).default(2),
    /** Epochs of backprop through the whole stack after the last module (the run's optimizer, learning rate, batch size and loss); 0: none. */
    fineTuneEpochs: z.number().int().min(0).max(10000).default(0),
  })
  .strict();
export type DsnParams = z.infer<typeof dsnParamsSchema>;

/** One stage of a DSN run; `module` counts from 0. */
export type DsnStage = { part: 'rbm' | 'solve' | 'refine'; module: number } | { part: 'finetune' } | { part: 'evaluate' };

/** The stages in order: per module [its RBM], its solve, [its refinement]; then [fine-tuning of the stack] and the evaluation. */
export function dsnStagePlan(params: Pick<DsnParams, 'modules' | 'lowerInit' | 'refineEpochs' | 'fineTuneEpochs'>): DsnStage[] {
  const plan: DsnStage[] = [];
  for (let module = 0; module < params.modules; module++) {
    if (params.lowerInit === 'rbm') plan.push({ part: 'rbm', module });
    plan.push({ part: 'solve', module });
    if (params.refineEpochs > 0) plan.push({ part: 'refine', module });
  }
  if (params.fineTuneEpochs > 0) plan.push({ part: 'finetune' });
  plan.push({ part: 'evaluate' });
  return plan;
}

function stageDef(stage: DsnStage, params: DsnParams): StageDef {
  const of = (module: number) => `module ${module + 1} of ${params.modules}`;
  switch (stage.part) {
    case 'rbm':
      return { name: `module-${stage.module + 1}-rbm`, label: `RBM on the input of ${of(stage.module)} (CD-1)`, kind: 'epochs', epochs: params.rbmEpochs };
    case 'solve':
      return { name: `module-${stage.module + 1}`, label: `Solving ${of(stage.module)}`, kind: 'solve', epochs: 1 };
    case 'refine':
      return { name: `module-${stage.module + 1}-refine`, label: `Refining the lower weights of ${of(stage.module)}`, kind: 'epochs', epochs: params.refineEpochs };
    case 'finetune':
      return { name: 'finetune', label: 'Fine-tuning the whole stack by backprop', kind: 'epochs', epochs: params.fineTuneEpochs };
    case 'evaluate':
      return { name: 'evaluate', label: 'Testing the stack through the network', kind: 'evaluate', epochs: 1 };
  }
}

/**
 * A Deep Stacking Network (Deng, Yu & Platt 2012): module k sees [input ⊕ outputs of modules 1..k−1],
 * has a sigmoid hidden layer H = σ(WᵀX) with random lower weights W, and a linear output Y = UᵀH whose
 * upper weights are solved in closed form, U = (HHᵀ + λI)⁻¹HTᵀ (Cholesky, ml-matrix). The modules are
 * trained one after another, one solve stage each; the error of the stack cut at each module is the curve.
 * The network states the stack: input → flatten → h1 → y1, concatenate(flatten, y1) → h2 → y2, …
 * Optional per module: lower weights from an RBM, gradient refinement of W with U solved again; optional
 * backprop through the whole stack at the end.
 */
export const dsn: ProcedureDef<DsnParams> = {
  kind: 'dsn',
  label: 'Deep stacking network',
  description: 'Modules of random sigmoid features on the input and the lower modules\u2019 outputs, each linear output solved in closed form; error against module count.',
  params: dsnParamsSchema,
  stages: (params) => dsnStagePlan(params).map((stage) => stageDef(stage, params)),
  metricKeys: Object.values(DSN_METRIC),
  results: [
    { key: DSN_METRIC.fineTuneTestErrorRate, label: 'test error rate of the fine-tuned stack' },
    { key: DSN_METRIC.testErrorRate, label: 'test error rate of the last module' },
  ],
  panels: [
    {
      id: 'dsn-error',
      title: 'Error against module count',
      yLabel: 'error rate',
      curves: [
        { key: DSN_METRIC.trainErrorRate, label: 'train', style: 'train' },
        { key: DSN_METRIC.testErrorRate, label: 'test', style: 'val' },
        { key: DSN_METRIC.solveTestErrorRate, label: 'test, closed form before refinement', style: 'val-second' },
      ],
    },
    {
      id: 'dsn-refine',
      title: 'Refinement of the lower weights',
      yLabel: 'training squared error',
      curves: [{ key: DSN_METRIC.refineTrainMse, label: 'train (U solved again each epoch)', style: 'train' }],
    },
    {
      id: 'dsn-finetune',
      title: 'Test error while fine-tuning the stack',
      yLabel: 'error rate',
      curves: [{ key: DSN_METRIC.fineTuneTestErrorRate, label: 'test', style: 'val' }],
    },
  ],
  artifactKinds: ['curve', 'table', 'image-grid'],
  supervised: true,
  checkNetwork: checkDsnNetwork,
};

export interface DsnModuleIds {
  hidden: string;
  output: string;
}

/**
 * The modules of a DSN network, bottom up, or messages naming the node that does not fit: dense layers
 * alternate sigmoid (hidden) and linear (output), module 1 reads the (flattened) input, module k > 1 a
 * concatenate of the input and the outputs of modules 1..k−1 in that order, and the last output is the network's.
 */
export function dsnModules(network: NetworkOutline): { modules: DsnModuleIds[]; messages: string[] } {
  const byId = new Map(network.nodes.map((node) => [node.id, node]));
  const dense = network.nodes.filter((node) => node.kind === 'dense');
  const messages: string[] = [];
  const shape = 'a DSN needs input → (flatten) → h1 (dense sigmoid) → y1 (dense linear), then concatenate(input, y1) → h2 → y2, concatenate(input, y1, y2) → h3 → y3, …';
  if (dense.length < 2 || dense.length % 2 !== 0) {
    return { modules: [], messages: [`procedure dsn: the network has ${dense.length} dense layer${dense.length === 1 ? '' : 's'}; ${shape}`] };
  }
  const modules: DsnModuleIds[] = [];
  for (let i = 0; i < dense.length; i += 2) modules.push({ hidden: dense[i].id, output: dense[i + 1].id });
  const source = (id: string) => {
    const node = byId.get(id);
    return node?.kind === 'flatten' ? node.inputs[0] : id;
  };
  const firstInput = modules.length ? source(byId.get(modules[0].hidden)!.inputs[0]) : '';
  const outputUnits = Number(byId.get(modules[0].output)!.params.units);
  modules.forEach((module, k) => {
    const hidden = byId.get(module.hidden)!;
    const output = byId.get(module.output)!;
    if ((hidden.params.activation ?? 'linear') !== 'sigmoid') messages.push(`node "${hidden.id}": procedure dsn needs a sigmoid hidden layer, got ${String(hidden.params.activation ?? 'linear')}`);
    if ((output.params.activation ?? 'linear') !== 'linear') messages.push(`node "${output.id}": procedure dsn solves a linear output in closed form; set its activation to linear, got ${String(output.params.activation)}`);
    if (output.inputs[0] !== hidden.id) messages.push(`node "${output.id}": module ${k + 1}'s output must read its hidden layer "${hidden.id}"; ${shape}`);
    if (Number(output.params.units) !== outputUnits) messages.push(`node "${output.id}": every module's output has as many units as the classes (${outputUnits}), got ${String(output.params.units)}`);
    const reads = hidden.inputs[0];
    if (k === 0) return;
    const joined = byId.get(reads);
    const expected = [firstInput, ...modules.slice(0, k).map((lower) => lower.output)];
    const got = joined?.kind === 'concatenate' ? joined.inputs.map(source) : [source(reads)];
    if (got.length !== expected.length || got.some((id, i) => id !== expected[i])) {
      messages.push(`node "${hidden.id}": module ${k + 1} must read a concatenate of ${expected.map((id) => `"${id}"`).join(', ')} in that order, got ${got.map((id) => `"${id}"`).join(', ')}`);
    }
  });
  const last = modules[modules.length - 1];
  if (network.outputId && network.outputId !== last.output) messages.push(`node "${network.outputId}": the network's output must be the last module's output "${last.output}"`);
  return { modules, messages };
}

export function checkDsnNetwork(network: NetworkOutline): string[] {
  return dsnModules(network).messages;
}
