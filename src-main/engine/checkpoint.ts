import * as tf from '@tensorflow/tfjs-core';
import type { TrainingPosition } from './callbacks';
import { CheckpointError, readCheckpointFile, writeCheckpointFile, type CheckpointSection } from './checkpoint-file';
import type { PreprocessingRecord } from './data';
import type { Model } from './model';
import type { Optimizer } from './optimizers';
import { decodeTensor, encodeTensor, type EncodedTensor } from './tensor-codec';
import { serializeWeights } from './weights-io';

/** Everything a run needs to continue: the model's weights (and masks, in the weights file's `masks`), the optimizer's slots and step count, the position. */
export interface CheckpointState {
  runId: string;
  model: Model;
  optimizer: Optimizer;
  optimizerKind: string;
  preprocessing: PreprocessingRecord;
  position: TrainingPosition;
}

/** Writes checkpoint.json atomically over the previous one; returns its bytes. */
export function saveCheckpoint(path: string, state: CheckpointState): number {
  const { model, optimizer } = state;
  const saved = optimizer.saveState(model.weights.map((weight) => weight.variable));
  const slots: CheckpointSection['optimizer']['slots'] = {};
  model.weights.forEach(({ nodeId, def, variable }, i) => {
    (slots[nodeId] ??= {})[def.name] = saved.slots[i].map((values) => encodeTensor(values, variable.shape));
  });
  const checkpoint: CheckpointSection = {
    format: 1,
    runId: state.runId,
    savedAt: new Date().toISOString(),
    position: state.position,
    optimizer: { kind: state.optimizerKind, iterations: saved.iterations, slots },
  };
  return writeCheckpointFile(path, { ...serializeWeights(model, state.preprocessing), checkpoint });
}

/**
 * Loads a checkpoint into a freshly built model and an optimizer that has not stepped; returns where
 * training stands. Throws CheckpointError naming the file when it is unreadable or does not fit.
 */
export function restoreCheckpoint(path: string, model: Model, optimizer: Optimizer, optimizerKind: string): TrainingPosition {
  const { weights, checkpoint, masks } = readCheckpointFile(path);
  const misfit = (what: string) =>
    new CheckpointError(`${path} does not fit this run: ${what}. Resume a run only from its own checkpoint, with its own network and settings.`);
  if (checkpoint.optimizer.kind !== optimizerKind) throw misfit(`it holds the state of optimizer "${checkpoint.optimizer.kind}", this run uses "${optimizerKind}"`);
  const slots: Float32Array[][] = [];
  for (const { nodeId, def, variable } of model.weights) {
    const where = `${nodeId}.${def.name}`;
    const decode = (entry: EncodedTensor | undefined, what: string) => {
      if (!entry) throw misfit(`it has no ${what} for ${where}`);
      const values = decodeTensor(entry);
      if (typeof values === 'string') throw misfit(`its ${what} for ${where} ${values}`);
      if (entry.shape.join(',') !== variable.shape.join(',')) {
        throw misfit(`its ${what} for ${where} is ${entry.shape.join('×')}, the network needs ${variable.shape.join('×')}`);
      }
      return values;
    };
    const values = decode(weights[nodeId]?.[def.name], 'weights');
    const tensor = tf.tensor(values, variable.shape, 'float32');
    variable.assign(tensor);
    tensor.dispose();
    slots.push((checkpoint.optimizer.slots[nodeId]?.[def.name] ?? []).map((entry) => decode(entry, 'optimizer state')));
  }
  try {
    optimizer.loadState(
      model.weights.map((weight) => weight.variable),
      { iterations: checkpoint.optimizer.iterations, slots },
    );
  } catch (error) {
    throw misfit((error as Error).message);
  }
  model.masks.load(masks, path);
  return checkpoint.position;
}

/** The position of a checkpoint taken between stages: stage `stage` has not begun. */
export function stageStartPosition(stage: number): TrainingPosition {
  return { stage, epochsDone: 0, stepsDone: 0, stepsPerEpoch: 1, batchesDone: 0, lossSum: 0, correctSum: 0, seen: 0, lastEpochLoss: null };
}

/**
 * A checkpoint between two stages of a multi-stage run: the network's weights as the finished stages left
 * them, no optimizer state (a stage starts its own); resuming from it begins at stage `stage`.
 */
export function saveStageCheckpoint(path: string, state: { runId: string; model: Model; preprocessing: PreprocessingRecord; stage: number }): number {
  const checkpoint: CheckpointSection = {
    format: 1,
    runId: state.runId,
    savedAt: new Date().toISOString(),
    position: stageStartPosition(state.stage),
    optimizer: { kind: 'none', iterations: 0, slots: {} },
  };
  return writeCheckpointFile(path, { ...serializeWeights(state.model, state.preprocessing), checkpoint });
}

/** Loads a stage-boundary checkpoint's weights into a freshly built model; returns its position (stage included). */
export function restoreStageCheckpoint(path: string, model: Model): TrainingPosition {
  const { weights, checkpoint, masks } = readCheckpointFile(path);
  if (checkpoint.position.stage === undefined || checkpoint.optimizer.kind !== 'none') {
    throw new CheckpointError(`${path} was taken within a stage, not between stages; this procedure resumes only at a stage's start. Train the run again from the start.`);
  }
  for (const { nodeId, def, variable } of model.weights) {
    const entry = weights[nodeId]?.[def.name];
    const values = entry && decodeTensor(entry);
    if (!entry || typeof values === 'string' || !values || entry.shape.join(',') !== variable.shape.join(',')) {
      throw new CheckpointError(`${path} does not fit this run: its weights for ${nodeId}.${def.name} are missing or of another shape. Resume a run only from its own checkpoint.`);
    }
    const tensor = tf.tensor(values, variable.shape, 'float32');
    variable.assign(tensor);
    tensor.dispose();
  }
  model.masks.load(masks, path);
  return checkpoint.position;
}
