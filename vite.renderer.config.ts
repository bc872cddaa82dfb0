import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/** The same renderer as electron.vite.config.ts, built for the headless host (layerlab serve) into out/renderer. */
export default defineConfig({
  root: resolve('src-renderer'),
  base: './',
  plugins: [svelte({ configFile: resolve('svelte.config.js') })],
  build: {
    outDir: resolve('out/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    // Rolldown's plugin-timing report is noise here: svelte compilation is the build.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
});
