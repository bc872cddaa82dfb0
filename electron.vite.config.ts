import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Sandboxed preloads cannot be ES modules, so the preload is built as CommonJS (index.cjs).
export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: resolve('src-main/app/main.ts'),
          trainer: resolve('src-main/trainer/electron-entry.ts'),
          // the wasm-only matmul workers; the trainer finds it beside itself (LAYERLAB_GEMM_WORKER)
          'gemm-worker': resolve('src-main/engine/backend/gemm/worker.ts'),
          // the webgpu backend's device thread (LAYERLAB_WEBGPU_WORKER); Dawn's N-API binding stays in node_modules/webgpu
          'webgpu-worker': resolve('src-main/engine/backend/webgpu/worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: resolve('src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src-renderer'),
    plugins: [svelte({ configFile: resolve('svelte.config.js') })],
    build: {
      rolldownOptions: { input: { index: resolve('src-renderer/index.html') }, checks: { pluginTimings: false } },
    },
  },
});
