import { z } from 'zod';
import type { ProcedureDef } from './types';

/** One fit of the network by minibatch backprop: today's run, and the default for every run. */
export const backprop: ProcedureDef = {
  kind: 'backprop',
  label: 'Backprop',
  description: 'Trains the whole network by minibatch gradient descent on the loss.',
  params: z.object({}).strict(),
  stages: (_params, config) => [{ name: 'train', label: 'Training', kind: 'epochs', epochs: config.epochs }],
  metricKeys: [],
  results: [],
  panels: [],
  artifactKinds: [],
  supervised: true,
};
