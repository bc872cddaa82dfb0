import { totalmem } from 'node:os';
import type { TrainConfig } from '../../src-shared/config/schema';
import type { NodeAnalysis, SpecAnalysis } from '../../src-shared/network';

const BYTES_PER_VALUE = 4;
/** The largest tensor a trainer can allocate (a typed array, a wasm heap): 2^28 float32 values, 1 GiB. */
export const MAX_TENSOR_VALUES = 2 ** 28;
/** The wasm backend's heap cannot grow past 4 GiB; no trainer is given more than half the machine's memory. */
const WASM_HEAP_BYTES = 4 * 2 ** 30;

export function trainerMemoryBudget(machineBytes = totalmem()): number {
  return Math.min(WASM_HEAP_BYTES, machineBytes / 2);
}

/** Per parameter: the weight, its gradient, and the optimizer's slots (momentum; Adam's two moments). */
function valuesPerParameter(config: TrainConfig): number {
  const slots = config.optimizer.kind === 'adam' ? 2 : config.optimizer.kind === 'rmsprop' ? 1 : config.optimizer.momentum > 0 ? 1 : 0;
  return 2 + slots;
}

function size(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** Weights, gradients, optimizer state and a batch's activations (kept for the backward pass) of a valid network. */
export function estimateTrainingBytes(analysis: SpecAnalysis, config: TrainConfig): number {
  let activations = 0;
  for (const node of analysis.nodes.values()) activations += node.outputShape ? size(node.outputShape) : 0;
  return BYTES_PER_VALUE * (analysis.totalParams * valuesPerParameter(config) + 2 * config.batchSize * activations);
}

function largestNode(analysis: SpecAnalysis): NodeAnalysis | undefined {
  let largest: NodeAnalysis | undefined;
  for (const node of analysis.nodes.values()) if (!largest || node.paramCount > largest.paramCount) largest = node;
  return largest;
}

/**
 * Checked before a run is queued, so a network too large to train is refused with its node named instead of
 * a trainer that grows to gigabytes and dies: one tensor too large to allocate, or a whole that needs more
 * memory than a trainer may have.
 */
export function memoryProblems(analysis: SpecAnalysis, config: TrainConfig, budget = trainerMemoryBudget()): string[] {
  for (const node of analysis.nodes.values()) {
    for (const weight of node.weights) {
      const values = size(weight.shape);
      if (values > MAX_TENSOR_VALUES) {
        return [
          `node "${node.id}": its ${weight.name} [${weight.shape.join(', ')}] alone has ${values.toLocaleString('en-US')} parameters (${formatBytes(values * BYTES_PER_VALUE)}), ` +
            `more than one tensor can hold (${MAX_TENSOR_VALUES.toLocaleString('en-US')}); make the layer smaller`,
        ];
      }
    }
  }
  const needed = estimateTrainingBytes(analysis, config);
  if (needed <= budget) return [];
  const node = largestNode(analysis);
  const where = node ? `node "${node.id}" (${node.paramCount.toLocaleString('en-US')} parameters, ${formatBytes(node.paramCount * BYTES_PER_VALUE * valuesPerParameter(config))} with gradients and optimizer state) is the largest; ` : '';
  return [
    `${where}training this network would need about ${formatBytes(needed)} (${analysis.totalParams.toLocaleString('en-US')} parameters with their gradients and optimizer state, ` +
      `plus the activations of a batch of ${config.batchSize}), more than the ${formatBytes(budget)} a trainer can have here; use fewer units or a smaller batch`,
  ];
}
