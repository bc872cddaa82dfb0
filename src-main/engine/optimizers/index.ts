import type { OptimizerConfig } from '../../../src-shared/config/schema';
import { createAdam } from './adam';
import { createRmsprop } from './rmsprop';
import { createSgd } from './sgd';
import type { Optimizer } from './types';

export function createOptimizer(config: OptimizerConfig): Optimizer {
  switch (config.kind) {
    case 'sgd':
      return createSgd({ nesterov: config.nesterov });
    case 'adam':
      return createAdam(config);
    case 'rmsprop':
      return createRmsprop(config);
  }
}

export { OptimizerStateError, type Optimizer, type OptimizerState, type StepHyper } from './types';
