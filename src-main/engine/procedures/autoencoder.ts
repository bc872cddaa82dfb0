import * as tf from '@tensorflow/tfjs-core';
import { join } from 'node:path';
import type { ImageGridArtifact } from '../../../src-shared/api/artifacts';
import type { MetricPoint } from '../../../src-shared/api/metrics';
import { AUTOENCODER_METRIC, type AutoencoderParams } from '../../../src-shared/procedures/autoencoder';
import { ProcedureError } from '../../../src-shared/procedures/catalog';
import { divergenceCallback, metricsCallback, progressCallback, stopCallback, type Callback } from '../callbacks';
import { exampleSize } from '../data/types';
import { runEpochs } from '../epoch-loop';
import { createOptimizer } from '../optimizers';
import { deriveSeed } from '../rng';
import { gatherRows, type Rbm } from '../rbm/rbm';
import type { Model } from '../model';
import { gradientStep, sigmoidCrossEntropy } from '../rbm/finetune-step';
import { learningRateAt, momentumAt } from '../schedule';
import { saveWeights } from '../weights-io';
import { withoutUndefined } from './backprop';
import { pcaRunnerInternals } from './pca';
import { errorByComponents, solvePca, trainErrorByComponents, type PcaSolution } from './pca-solve';
import { denseNodes, imageShapeOf, pretrainStack } from './rbm-stack';
import type { FinishedMessage, ProcedureContext, ProcedureRunner } from './types';

const { reconstructionError } = pcaRunnerInternals;

/**
 * The deep autoencoder (src-shared/procedures/autoencoder.ts), as mnistdeepauto.m and backprop.m:
 * stages 0…L−1 pretrain the encoder as RBMs (the code layer's with linear hidden units, rbmhidlinear.m)
 * and unroll them — decoder layer 2L−1−l gets RBM l's Wᵀ and visible biases (backprop.m: w8=[vishid';
 * visbiases]); stage L fine-tunes the whole network on the cross-entropy of its logistic output
 * (CG_MNIST.m), with the run's optimizer where the code uses conjugate gradient on batches of 1000;
 * stage L+1 measures the squared reconstruction error per image on train and test beside PCA's with as
 * many components fitted on the same training data, and draws reconstructions and codes beside PCA's.
 */
export const autoencoderRunner: ProcedureRunner = {
  kind: 'autoencoder',
  async run(context: ProcedureContext): Promise<FinishedMessage> {
    const { job, model, config, splits, stages } = context;
    const params = context.procedure.params as AutoencoderParams;
    const dense = denseNodes(context);
    const depth = params.encoderLayers;
    if (dense.length !== 2 * depth) {
      throw new ProcedureError(
        `procedure autoencoder: encoderLayers is ${depth} but the network has ${dense.length} dense layers (${dense.join(', ')}), an encoder of ${dense.length / 2} and its mirror; set encoderLayers to ${Math.floor(dense.length / 2)}`,
      );
    }
    const codeId = dense[depth - 1];
    const linearCode = model.analysis.nodes.get(codeId)!.params.activation === 'linear';
    context.announceStarted();
    const stopped = await pretrainStack(
      context,
      params,
      dense.slice(0, depth).map((nodeId, i) => {
        const code = i === depth - 1 && linearCode;
        return { nodeId, hidden: code ? 'gaussian' : 'binary', learningRate: code ? params.codeLearningRate : params.rbmLearningRate };
      }),
      (index, rbm) => unrollInto(model, dense, index, rbm),
    );
    if (stopped) return stopped;

    const size = exampleSize(splits.train.shape);
    const outputId = dense.at(-1)!;
    const beforeOutput = model.analysis.nodes.get(outputId)!.inputs[0];
    const output = model.nodeWeights(outputId)!;
    const sendMetrics = (points: MetricPoint[]) => context.send({ type: 'metrics', runId: job.runId, points: stages.stamp(points) });
    const optimizer = createOptimizer(config.optimizer);
    const variables = model.weights.map((weight) => weight.variable);
    const testMonitor: Callback = {
      onEpochEnd({ epoch, step }) {
        const value = reconstructionError(model, splits.test, () => {});
        sendMetrics([{ key: AUTOENCODER_METRIC.testReconstructionEpoch, step, epoch: epoch + 1, wallMs: Math.round(performance.now() - context.started), value }]);
      },
    };
    let fineEpochs = 0;
    try {
      const fitted = await stages.run(
        depth,
        () =>
          runEpochs({
            epochs: config.epochs,
            count: splits.train.count,
            batchSize: config.batchSize,
            seed: config.seed,
            scope: 'finetune',
            classification: false,
            callbacks: [
              divergenceCallback(),
              ...(context.signal ? [stopCallback(context.signal)] : []),
              metricsCallback(sendMetrics, { flushMs: context.flushMs }),
              testMonitor,
              progressCallback((progress) => context.send({ type: 'progress', runId: job.runId, ...stages.withRun(progress) }), context.flushMs),
            ],
            hyperAt: (epoch) => ({ learningRate: learningRateAt(config, epoch), momentum: momentumAt(config.optimizer, epoch) }),
            step: (indices, step, hyper) => {
              const x = gatherRows(splits.train.x, size, indices);
              try {
                const loss = gradientStep(optimizer, variables, hyper, () => {
                  const input = tf.reshape(x, [x.shape[0], ...splits.train.shape]);
                  const { named } = model.applyWithOutputs(input, { training: true, stepSeed: deriveSeed(config.seed, 'finetune-step', step) }, [beforeOutput]);
                  const hidden = tf.reshape(named[beforeOutput], [x.shape[0], -1]) as tf.Tensor2D;
                  const logits = tf.add(tf.matMul(hidden, output.kernel), output.bias) as tf.Tensor2D;
                  return sigmoidCrossEntropy(logits, x);
                });
                return { loss };
              } finally {
                x.dispose();
              }
            },
          }),
        (loop) => ({ status: loop.status === 'completed' ? 'completed' : loop.status === 'stopped' ? 'stopped' : 'failed', epochsDone: loop.epochsDone }),
      );
      fineEpochs = fitted.epochsDone;
      if (fitted.status === 'diverged') return { type: 'finished', runId: job.runId, status: 'diverged', error: fitted.reason };
      if (fitted.status === 'stopped') return { type: 'finished', runId: job.runId, status: 'stopped', error: 'stopped while fine-tuning' };
    } finally {
      optimizer.dispose();
    }

    const k = model.analysis.nodes.get(codeId)!.outputShape![0];
    const outcome = await stages.run(
      depth + 1,
      () => {
        const trainError = reconstructionError(model, splits.train, (fraction) => stages.progress(depth + 1, 0.35 * fraction));
        const testError = reconstructionError(model, splits.test, (fraction) => stages.progress(depth + 1, 0.35 + 0.1 * fraction));
        const solution = solvePca(splits.train, (fraction) => stages.progress(depth + 1, 0.45 + 0.45 * fraction));
        const pcaTest = errorByComponents(solution, splits.test, k)[k - 1];
        const pcaTrain = trainErrorByComponents(solution, k)[k - 1];
        const wallMs = Math.round(performance.now() - context.started);
        const at = { step: 0, epoch: 1, wallMs };
        sendMetrics([
          { key: AUTOENCODER_METRIC.trainReconstruction, ...at, value: trainError },
          { key: AUTOENCODER_METRIC.testReconstruction, ...at, value: testError },
          { key: AUTOENCODER_METRIC.pcaTrainReconstruction, ...at, value: pcaTrain },
          { key: AUTOENCODER_METRIC.pcaTestReconstruction, ...at, value: pcaTest },
        ]);
        writeArtifacts(context, params, solution, k, codeId, depth + 1);
        return { trainError, testError };
      },
      () => ({ status: 'completed', epochsDone: 1 }),
    );
    const weightBytes = saveWeights(model, join(job.dataDir, context.artifacts.path('weights.json')), splits.preprocessing);
    context.artifacts.announce('weights', 'weights.json', weightBytes);
    context.discardCheckpoint();
    return {
      type: 'finished',
      runId: job.runId,
      status: 'completed',
      result: withoutUndefined({
        epochs: fineEpochs,
        finalLoss: outcome.trainError,
        testLoss: outcome.testError,
        testCount: splits.test.count,
        wallMs: Math.round(performance.now() - context.started),
      }),
    };
  },
};

/** Decoder layer 2L−1−l of the dense layers `dense` starts as RBM l's transpose with its visible biases (backprop.m: w8=[vishid'; visbiases]). */
export function unrollInto(model: Model, dense: readonly string[], index: number, rbm: Rbm): void {
  const mirror = model.nodeWeights(dense[dense.length - 1 - index])!;
  tf.tidy(() => {
    mirror.kernel.assign(tf.transpose(rbm.weights));
    mirror.bias.assign(rbm.visibleBias);
  });
}

function writeArtifacts(context: ProcedureContext, params: AutoencoderParams, solution: PcaSolution, k: number, codeId: string, stage: number): void {
  const { model, splits, artifacts, dataset } = context;
  const test = splits.test;
  const size = solution.size;
  const classification = dataset.summary.task === 'classification';
  const classNames = classification ? Array.from({ length: dataset.summary.classes }, (_, i) => String(i)) : ['example'];
  const labelOf = (i: number) => (classification ? (test.y as Int32Array)[i] : 0);
  const shown = Math.min(params.reconstructionImages, test.count);
  const points = k === 2 ? Math.min(params.scatterPoints, test.count) : 0;
  const rows = Math.max(shown, points);
  const { reconstructions, codes } = tf.tidy(() => {
    const x = tf.tensor(test.x.subarray(0, rows * size), [rows, ...test.shape]);
    const { output, named } = model.applyWithOutputs(x, { training: false }, [codeId]);
    return {
      reconstructions: tf.slice(tf.reshape(output, [rows, size]), [0, 0], [shown, size]).dataSync() as Float32Array,
      codes: named[codeId].arraySync() as number[][],
    };
  });
  const example = (i: number) => test.x.subarray(i * size, (i + 1) * size);
  const projection = (i: number, c: number) => {
    let dot = 0;
    const x = example(i);
    for (let p = 0; p < size; p++) dot += (x[p] - solution.mean[p]) * solution.components[c][p];
    return dot;
  };
  const pcaReconstruction = (i: number) => {
    const out = Float64Array.from(solution.mean);
    for (let c = 0; c < k; c++) {
      const weight = projection(i, c);
      for (let p = 0; p < size; p++) out[p] += weight * solution.components[c][p];
    }
    return Array.from(out, clamp01);
  };
  const imageShape = imageShapeOf(test.shape) ?? [1, size];
  const dims = dense(model).map((id) => model.analysis.nodes.get(id)!.outputShape![0]);
  const grid: ImageGridArtifact = {
    kind: 'image-grid',
    title: `Test examples, their deep-autoencoder and their PCA-${k} reconstructions`,
    caption: `As Fig. 2 of Hinton & Salakhutdinov 2006: the first ${shown} test examples (top), reconstructed by the ${[size, ...dims.slice(0, dims.length / 2)].join('-')} autoencoder (middle) and by PCA with ${k} components fitted on the same training data (bottom).`,
    imageShape,
    range: [0, 1],
    rows: [
      { label: 'original', images: Array.from({ length: shown }, (_, i) => ({ label: classNames[labelOf(i)], pixels: Array.from(example(i), clamp01) })) },
      { label: 'autoencoder', images: Array.from({ length: shown }, (_, i) => ({ pixels: Array.from(reconstructions.subarray(i * size, (i + 1) * size), clamp01) })) },
      { label: `PCA-${k}`, images: Array.from({ length: shown }, (_, i) => ({ pixels: pcaReconstruction(i) })) },
    ],
  };
  artifacts.write('reconstructions', grid, stage);
  if (k !== 2) return;
  const classes = Array.from({ length: points }, (_, i) => labelOf(i));
  artifacts.write(
    'codes',
    {
      kind: 'scatter',
      title: 'Test examples by their 2-D deep-autoencoder codes',
      caption: `${points} test examples at the code layer's two values, coloured by class (Hinton & Salakhutdinov 2006, Fig. 3B).`,
      xLabel: 'code 1',
      yLabel: 'code 2',
      x: codes.slice(0, points).map((code) => round(code[0])),
      y: codes.slice(0, points).map((code) => round(code[1])),
      classes,
      classNames,
    },
    stage,
  );
  artifacts.write(
    'pca-codes',
    {
      kind: 'scatter',
      title: 'The same test examples on the first two principal components',
      caption: `${points} test examples projected on PCA's first two components fitted on the same training data, coloured by class (Fig. 3A).`,
      xLabel: 'component 1',
      yLabel: 'component 2',
      x: classes.map((_, i) => round(projection(i, 0))),
      y: classes.map((_, i) => round(projection(i, 1))),
      classes,
      classNames,
    },
    stage,
  );
}

function dense(model: ProcedureContext['model']): string[] {
  return model.analysis.order.filter((id) => model.analysis.nodes.get(id)!.kind === 'dense');
}

function clamp01(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}
