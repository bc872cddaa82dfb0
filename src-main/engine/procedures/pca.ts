import * as tf from '@tensorflow/tfjs-core';
import { join } from 'node:path';
import type { ImageGridArtifact } from '../../../src-shared/api/artifacts';
import type { MetricPoint } from '../../../src-shared/api/metrics';
import { PCA_METRIC, type PcaParams } from '../../../src-shared/procedures/pca';
import type { DataSplit } from '../data';
import type { Model } from '../model';
import { saveWeights } from '../weights-io';
import { errorByComponents, solvePca, trainErrorByComponents, type PcaSolution } from './pca-solve';
import type { FinishedMessage, ProcedureContext, ProcedureRunner } from './types';
import { withoutUndefined } from './backprop';

const EVAL_ROWS = 1000;
/** Components the error-against-components curve goes up to. */
const CURVE_COMPONENTS = 100;

/**
 * PCA-k into a linear autoencoder (src-shared/procedures/pca.ts): stage 0 solves for the components of the
 * training data and writes them into the code and decoder layers; stage 1 reconstructs train and test
 * through the network and saves the reconstructions, the 2-D code scatter and the error-against-k curve.
 */
export const pcaRunner: ProcedureRunner = {
  kind: 'pca',
  async run(context: ProcedureContext): Promise<FinishedMessage> {
    const { job, model, splits, stages } = context;
    const params = context.procedure.params as PcaParams;
    const [codeId, decoderId] = linearLayers(model);
    const k = model.analysis.nodes.get(codeId)!.outputShape![0];
    const sendMetrics = (points: MetricPoint[]) => context.send({ type: 'metrics', runId: job.runId, points: stages.stamp(points) });
    context.announceStarted();

    if (context.resumeStage <= 0) {
      await stages.run(
        0,
        () => {
          const solution = solvePca(splits.train, (fraction) => stages.progress(0, fraction));
          setLinearAutoencoder(model, codeId, decoderId, solution, k);
          const total = solution.eigenvalues.reduce((a, b) => a + b, 0);
          const explained = total > 0 ? solution.eigenvalues.slice(0, k).reduce((a, b) => a + b, 0) / total : 1;
          sendMetrics([{ key: PCA_METRIC.explainedVariance, step: 0, epoch: 1, wallMs: Math.round(performance.now() - context.started), value: explained }]);
          writeErrorCurve(context, solution);
        },
        () => ({ status: 'completed', epochsDone: 1 }),
      );
      context.stageCheckpoint(1);
    } else {
      stages.carriedOver(0, 1);
    }
    // Let a stop request that arrived during the solve in first.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (context.signal?.aborted) return { type: 'finished', runId: job.runId, status: 'stopped', error: 'stopped after the components were solved' };

    const outcome = await stages.run(
      1,
      () => {
        const trainError = reconstructionError(model, splits.train, (fraction) => stages.progress(1, 0.5 * fraction));
        const testError = reconstructionError(model, splits.test, (fraction) => stages.progress(1, 0.5 + 0.4 * fraction));
        const wallMs = Math.round(performance.now() - context.started);
        sendMetrics([
          { key: PCA_METRIC.trainReconstruction, step: 0, epoch: 1, wallMs, value: trainError },
          { key: PCA_METRIC.testReconstruction, step: 0, epoch: 1, wallMs, value: testError },
        ]);
        writeArtifacts(context, params, k, codeId);
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
        epochs: 1,
        finalLoss: outcome.trainError,
        testLoss: outcome.testError,
        testCount: splits.test.count,
        wallMs: Math.round(performance.now() - context.started),
      }),
    };
  },
};

/** The code and decoder layers (checkLinearAutoencoder has made sure there are exactly these two). */
function linearLayers(model: Model): [string, string] {
  const dense = model.analysis.order.filter((id) => model.analysis.nodes.get(id)!.kind === 'dense');
  return [dense[0], dense[1]];
}

/** Encoder = the first k components (kernel [D, k], bias −mean·V), decoder = their transpose (bias = mean). */
function setLinearAutoencoder(model: Model, codeId: string, decoderId: string, solution: PcaSolution, k: number): void {
  const { size, mean, components } = solution;
  const encoder = new Float32Array(size * k);
  const decoder = new Float32Array(k * size);
  const codeBias = new Float32Array(k);
  for (let c = 0; c < k; c++) {
    let projectedMean = 0;
    for (let i = 0; i < size; i++) {
      const value = components[c][i];
      encoder[i * k + c] = value;
      decoder[c * size + i] = value;
      projectedMean += mean[i] * value;
    }
    codeBias[c] = -projectedMean;
  }
  const code = model.nodeWeights(codeId)!;
  const back = model.nodeWeights(decoderId)!;
  tf.tidy(() => {
    code.kernel.assign(tf.tensor2d(encoder, [size, k]));
    code.bias.assign(tf.tensor1d(codeBias));
    back.kernel.assign(tf.tensor2d(decoder, [k, size]));
    back.bias.assign(tf.tensor1d(Float32Array.from(mean)));
  });
}

/** Squared error summed over an example's features, averaged over examples (Hinton & Salakhutdinov 2006), through the network. */
function reconstructionError(model: Model, split: DataSplit, progress: (fraction: number) => void): number {
  const size = split.x.length / Math.max(1, split.count);
  let sum = 0;
  for (let start = 0; start < split.count; start += EVAL_ROWS) {
    const end = Math.min(split.count, start + EVAL_ROWS);
    const batchSum = tf.tidy(() => {
      const x = tf.tensor(split.x.subarray(start * size, end * size), [end - start, ...split.shape]);
      const output = tf.reshape(model.apply(x, { training: false }), [end - start, size]);
      return tf.sum(tf.square(tf.sub(output, tf.reshape(x, [end - start, size]))));
    });
    sum += batchSum.dataSync()[0];
    batchSum.dispose();
    progress(end / split.count);
  }
  return split.count > 0 ? sum / split.count : Number.NaN;
}

function writeArtifacts(context: ProcedureContext, params: PcaParams, k: number, codeId: string): void {
  const { model, splits, artifacts, dataset } = context;
  const test = splits.test;
  const size = test.x.length / Math.max(1, test.count);
  const classNames = dataset.summary.task === 'classification' ? Array.from({ length: dataset.summary.classes }, (_, i) => String(i)) : ['example'];
  const labelOf = (i: number) => (dataset.summary.task === 'classification' ? (test.y as Int32Array)[i] : 0);
  const imageShape = gridShape(test.shape);

  const shown = Math.min(params.reconstructionImages, test.count);
  const { reconstructions, codes } = tf.tidy(() => {
    const points = Math.min(params.scatterPoints, test.count);
    const x = tf.tensor(test.x.subarray(0, Math.max(shown, points) * size), [Math.max(shown, points), ...test.shape]);
    const { output, named } = model.applyWithOutputs(x, { training: false }, [codeId]);
    return {
      reconstructions: tf.slice(tf.reshape(output, [-1, size]), [0, 0], [shown, size]).dataSync() as Float32Array,
      codes: tf.slice(named[codeId], [0, 0], [points, Math.min(2, k)]).arraySync() as number[][],
    };
  });
  // Drawn in the units the network saw: pixels scaled to [0, 1] for MNIST.
  const original = (i: number) => Array.from(test.x.subarray(i * size, (i + 1) * size), clamp01);
  const grid: ImageGridArtifact = {
    kind: 'image-grid',
    title: `Test examples and their PCA-${k} reconstructions`,
    caption: `The first ${shown} test examples (top) and the network's reconstruction of each from its ${k}-value code (bottom).`,
    imageShape,
    range: [0, 1],
    rows: [
      { label: 'original', images: Array.from({ length: shown }, (_, i) => ({ label: classNames[labelOf(i)], pixels: original(i) })) },
      { label: `PCA-${k}`, images: Array.from({ length: shown }, (_, i) => ({ pixels: Array.from(reconstructions.subarray(i * size, (i + 1) * size), clamp01) })) },
    ],
  };
  artifacts.write('reconstructions', grid, 1);

  if (k >= 2) {
    artifacts.write(
      'codes',
      {
        kind: 'scatter',
        title: 'Test examples on the first two principal components',
        caption: `${codes.length} test examples, coloured by class; compare with a deep autoencoder's 2-D codes.`,
        xLabel: 'component 1',
        yLabel: 'component 2',
        x: codes.map((code) => code[0]),
        y: codes.map((code) => code[1]),
        classes: codes.map((_, i) => labelOf(i)),
        classNames,
      },
      1,
    );
  }

}

/** Stage 0's artifact: the error of PCA-k for every k up to CURVE_COMPONENTS (it needs all those components, which only the solve has). */
function writeErrorCurve(context: ProcedureContext, solution: PcaSolution): void {
  const maxK = Math.min(CURVE_COMPONENTS, solution.size);
  const ks = Array.from({ length: maxK }, (_, i) => i + 1);
  context.artifacts.write(
    'error-by-components',
    {
      kind: 'curve',
      title: 'Reconstruction error against the number of components',
      caption: 'Squared error per example, summed over features; train from the eigenvalues left out, test by projecting the test set.',
      xLabel: 'components k',
      yLabel: 'squared reconstruction error',
      series: [
        { name: 'train', x: ks, y: trainErrorByComponents(solution, maxK) },
        { name: 'test', x: ks, y: errorByComponents(solution, context.splits.test, maxK) },
      ],
    },
    0,
  );
}

function clamp01(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 1000) / 1000;
}

/** How to lay a feature vector out as an image: H×W(×1) as it is; anything else as one row. */
function gridShape(shape: readonly number[]): [number, number] {
  if (shape.length === 3 && shape[2] === 1) return [shape[0], shape[1]];
  if (shape.length === 2) return [shape[0], shape[1]];
  return [1, shape.reduce((a, b) => a * b, 1)];
}

/** For the unit tests of the solve's hand-over to the network. */
export const pcaRunnerInternals = { setLinearAutoencoder, reconstructionError };
