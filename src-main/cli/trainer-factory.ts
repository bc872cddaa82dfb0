import type { TrainerHostFactory } from '../services/trainer-host-types';
import { createNodeTrainerHost } from '../services/trainer-host-node';

/** The CLI is "main": each run's trainer is a forked Node process. */
export const nodeTrainerHostFactory: TrainerHostFactory = () => createNodeTrainerHost();
