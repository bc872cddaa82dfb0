import type { Callback } from './types';

/** Calls `save(epoch)` after every `everyEpochs` completed epochs (e.g. to write weights to disk). */
export function checkpointCallback(save: (epochsDone: number) => void | Promise<void>, everyEpochs = 1): Callback {
  return {
    async onEpochEnd({ epoch }) {
      if ((epoch + 1) % everyEpochs === 0) await save(epoch + 1);
    },
  };
}
