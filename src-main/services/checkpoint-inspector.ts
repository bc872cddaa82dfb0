import { CHECKPOINT_FILE, CheckpointError, epochOf } from '../engine/checkpoint-file';
import { peekCheckpoint } from '../engine/checkpoint-peek';
import type { CheckpointGlimpse, CheckpointInspector } from '../store/checkpoint-inspector';

/** The engine's checkpoint files, peeked at (size, checksum ending, position file) as the store needs them. */
export const engineCheckpoints: CheckpointInspector = {
  fileName: CHECKPOINT_FILE,
  inspect(path: string): CheckpointGlimpse {
    try {
      const { bytes, position, unknownBecause } = peekCheckpoint(path);
      return {
        usable: true,
        bytes,
        epoch: position && epochOf(position),
        step: position && position.stepsDone,
        stage: position ? (position.stage ?? 0) : null,
        ...(unknownBecause ? { unknownBecause } : {}),
      };
    } catch (error) {
      if (error instanceof CheckpointError) return { usable: false, reason: error.message };
      throw error;
    }
  },
};
