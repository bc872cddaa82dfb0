import { z } from 'zod';
import { imageTransformSchema } from '../data/image-transforms';

/**
 * The records that cross process boundaries (trainer → main → renderer), each a zod schema validated where
 * it arrives, with its TypeScript type derived from it: one definition per record, no hand-written twin.
 */

export const TASKS = ['classification', 'regression'] as const;
/** What a dataset's targets are: class indices or real values. */
export const taskSchema = z.enum(TASKS);
export type Task = z.infer<typeof taskSchema>;

/**
 * Which data a run trains on: a built-in set ('mnist', 'spirals', 'blobs') or an imported dataset's id;
 * trainLimit/testLimit use only the first N examples; `images` transforms every image (width normalisation,
 * padding to a size) before the data is fingerprinted.
 */
export const datasetRefSchema = z.object({
  name: z.string().min(1),
  trainLimit: z.number().int().positive().optional(),
  testLimit: z.number().int().positive().optional(),
  images: imageTransformSchema.optional(),
});
export type DatasetRef = z.infer<typeof datasetRefSchema>;

/** What the trainer loaded: the data's identity (fingerprint), task, shapes and split sizes. */
export const datasetSummarySchema = z.object({
  name: z.string(),
  fingerprint: z.string(),
  task: taskSchema,
  inputShape: z.array(z.number()),
  classes: z.number(),
  trainSize: z.number(),
  valSize: z.number(),
  testSize: z.number(),
});
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;

/** The GPU adapter a webgpu run trained on, as it names itself; `fallback`: a software device (e.g. Mesa's lavapipe). */
export const gpuAdapterSchema = z.object({
  vendor: z.string(),
  architecture: z.string(),
  device: z.string(),
  description: z.string(),
  fallback: z.boolean(),
});
export type GpuAdapter = z.infer<typeof gpuAdapterSchema>;

/**
 * Which compute backend a trainer used; recorded with every run and shown in the UI and CLI. `native`: src-native's
 * BLAS kernels; `adapter`: the webgpu backend's GPU; `gpuNote`: why the automatic choice did not take a GPU.
 */
export const backendInfoSchema = z.object({
  name: z.enum(['tensorflow', 'webgpu', 'wasm', 'cpu']),
  native: z.boolean(),
  nativeLib: z.string().optional(),
  threads: z.number(),
  simd: z.boolean().optional(),
  tfjsVersion: z.string(),
  /** The CPU and its vector features, e.g. "AMD EPYC, 2 cores, avx512f avx512bw … avx2 fma". */
  cpu: z.string().optional(),
  /** The native addon's kernel set chosen at load: avx512, avx2 or generic (LAYERLAB_ISA forces one). */
  isa: z.string().optional(),
  /** Per op and shape, the kernel (addon or wasm) measured faster on this machine, as known when the run started. */
  kernels: z.record(z.string(), z.enum(['native', 'wasm'])).optional(),
  adapter: gpuAdapterSchema.optional(),
  gpuNote: z.string().optional(),
});
export type BackendInfo = z.infer<typeof backendInfoSchema>;

/** A finished run's figures: classification has testErrors/testErrorRate (of testCount), regression testRmse/testMae. */
export const runResultSchema = z.object({
  epochs: z.number(),
  finalLoss: z.number(),
  testLoss: z.number(),
  testErrors: z.number().optional(),
  testErrorRate: z.number().optional(),
  testCount: z.number(),
  testRmse: z.number().optional(),
  testMae: z.number().optional(),
  wallMs: z.number(),
});
export type RunResult = z.infer<typeof runResultSchema>;

/** One value of a metric; `stage` is the stage that recorded it (absent: 0), and each stage may count steps from 0. */
export const metricPointSchema = z.object({
  key: z.string(),
  stage: z.number().int().nonnegative().optional(),
  step: z.number().int().nonnegative(),
  epoch: z.number().nonnegative(),
  wallMs: z.number().nonnegative(),
  value: z.number(),
});
export type MetricPoint = z.infer<typeof metricPointSchema>;

/**
 * Where a running run is: epoch, step and ETA within its current stage; `stage` (absent from single-stage
 * trainers before stages) names it, `runFraction`/`runEtaMs` are the whole run's (stages weighted by epochs).
 */
export const progressSchema = z.object({
  runId: z.string(),
  epoch: z.number(),
  epochs: z.number(),
  step: z.number(),
  totalSteps: z.number(),
  samplesPerSec: z.number(),
  etaMs: z.number(),
  stage: z.object({ index: z.number().int().nonnegative(), count: z.number().int().positive(), name: z.string(), label: z.string() }).optional(),
  runFraction: z.number().min(0).max(1).optional(),
  runEtaMs: z.number().nullable().optional(),
});
export type Progress = z.infer<typeof progressSchema>;
