#!/usr/bin/env node
// `layerlab` from a checkout: the precompiled bundle in out/cli (rebuilt here when a source is newer, see
// scripts/cli-bundle.mjs), or the TypeScript sources through tsx when it cannot be built or LAYERLAB_TSX=1.
import { freshCliBundle } from '../scripts/cli-bundle.mjs';

const bundle = process.env.LAYERLAB_TSX === '1' ? null : await freshCliBundle();
let main;
if (bundle) {
  // The forked trainers and their GEMM and WebGPU workers run the bundled entries too.
  process.env.LAYERLAB_TRAINER_ENTRY ??= bundle.trainer;
  process.env.LAYERLAB_GEMM_WORKER ??= bundle.gemmWorker;
  process.env.LAYERLAB_WEBGPU_WORKER ??= bundle.webgpuWorker;
  ({ main } = await import(bundle.main));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src-main/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
