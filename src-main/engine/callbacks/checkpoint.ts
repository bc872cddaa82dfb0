import type { Callback, TrainingPosition } from './types';

export interface CheckpointCallbackOptions {
  /** Also saves mid-epoch once this long has passed since the last save, for long epochs. */
  everyMs?: number;
  /** Skips an epoch's end closer than this to the last save, so that very short epochs do not pay for a save each. */
  minIntervalMs?: number;
  now?: () => number;
}

/**
 * Saves training's position (`save` writes the model and optimizer beside it): at every epoch's end
 * (the first always; later ones at least `minIntervalMs` apart), mid-epoch when `everyMs` has passed
 * since the last save, and where a stop request ended training, so a stopped run continues from exactly
 * there. A diverged run is not saved: its weights may be NaN.
 */
export function checkpointCallback(save: (position: TrainingPosition) => void | Promise<void>, options: CheckpointCallbackOptions = {}): Callback {
  const everyMs = options.everyMs ?? Infinity;
  const minIntervalMs = options.minIntervalMs ?? 0;
  const now = options.now ?? (() => performance.now());
  let began = 0;
  let lastSaveAt: number | null = null;
  let latest: TrainingPosition | null = null;
  let saved: TrainingPosition | null = null;
  const saveLatest = async () => {
    if (!latest || latest === saved) return;
    saved = latest;
    await save(latest);
    lastSaveAt = now();
  };
  return {
    onTrainBegin({ start }) {
      // The start is the beginning of the run or the checkpoint this fit resumed from: nothing new to save.
      latest = saved = start;
      began = now();
    },
    async onBatchEnd({ position }) {
      latest = position;
      // An epoch's last batch is followed by the epoch-end save.
      if (position.batchesDone < position.stepsPerEpoch && now() - (lastSaveAt ?? began) >= everyMs) await saveLatest();
    },
    async onEpochEnd({ position }) {
      latest = position;
      if (lastSaveAt === null || now() - lastSaveAt >= minIntervalMs) await saveLatest();
    },
    async onTrainEnd({ status }) {
      if (status === 'stopped') await saveLatest();
    },
  };
}
