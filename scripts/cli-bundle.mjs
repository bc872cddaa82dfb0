// The CLI and its trainer precompiled: esbuild bundles of src-main/cli/main.ts, the Node trainer entry and
// the GEMM and WebGPU workers in out/cli/, so `layerlab` does not compile TypeScript through tsx at every start.
// `node scripts/cli-bundle.mjs` builds them (npm install and npm run build do); bin/layerlab.mjs calls
// freshCliBundle(), which rebuilds when a source is newer than the bundle and returns null (meaning: run the
// sources through tsx) when it cannot.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT = path.join(root, 'out', 'cli');
const MANIFEST = path.join(CLI_OUT, 'inputs.json');

export const CLI_BUNDLE = {
  main: path.join(CLI_OUT, 'main.mjs'),
  trainer: path.join(CLI_OUT, 'trainer.mjs'),
  gemmWorker: path.join(CLI_OUT, 'gemm-worker.mjs'),
  webgpuWorker: path.join(CLI_OUT, 'webgpu-worker.mjs'),
};

/** True when every source the last build read is older than that build (its manifest lists them). */
export function cliBundleIsFresh() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    for (const file of Object.values(CLI_BUNDLE)) statSync(file);
  } catch {
    return false;
  }
  for (const input of manifest.inputs) {
    try {
      if (statSync(path.join(root, input)).mtimeMs > manifest.builtAtMs) return false;
    } catch {
      return false; // a source was removed or renamed
    }
  }
  return true;
}

/**
 * tfjs-core's gradients (dist/register_all_gradients.js, src-main/engine/backend/gradients.ts) are bundled in:
 * loaded at run time they are some 700 ES modules without file extensions, which plain Node resolves only
 * through a module.register hook whose every resolve and load crosses to the hooks thread (about 1 s of each
 * trainer's start). The define tells gradients.ts that no hook is needed.
 */
const tfjsDeepImports = {
  name: 'tfjs-deep-imports',
  setup(build) {
    build.onResolve({ filter: /^@tensorflow\/tfjs-core\/dist\/register_all_gradients(\.js)?$/ }, () => ({
      path: path.join(root, 'node_modules', '@tensorflow', 'tfjs-core', 'dist', 'register_all_gradients.js'),
      sideEffects: true,
    }));
  },
};
const GRADIENTS_BUNDLED = { 'process.env.LAYERLAB_GRADIENTS_BUNDLED': '"1"' };

/** Builds the bundles; each file is written beside its place and renamed in, so concurrent starts never read half a file. */
export async function buildCliBundle() {
  const { build } = await import('esbuild');
  const builtAtMs = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: {
      main: 'src-main/cli/main.ts',
      trainer: 'src-main/trainer/node-entry.ts',
      'gemm-worker': 'src-main/engine/backend/gemm/worker.ts',
      'webgpu-worker': 'src-main/engine/backend/webgpu/worker.ts',
    },
    outdir: CLI_OUT,
    outExtension: { '.js': '.mjs' },
    // Chunks sit beside the entries: sources find resources/ and out/renderer two folders up from themselves.
    chunkNames: 'chunk-[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'error',
    plugins: [tfjsDeepImports],
    define: GRADIENTS_BUNDLED,
  });
  for (const file of result.outputFiles) {
    mkdirSync(path.dirname(file.path), { recursive: true });
    const partial = `${file.path}.${process.pid}.part`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
  pruneOldChunks(new Set(result.outputFiles.map((file) => file.path)));
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules'));
  const partial = `${MANIFEST}.${process.pid}.part`;
  writeFileSync(partial, JSON.stringify({ builtAtMs, inputs }));
  renameSync(partial, MANIFEST);
}

/** Chunks of earlier builds; kept ten minutes in case a process started then still loads one lazily. */
function pruneOldChunks(current) {
  const before = Date.now() - 10 * 60_000;
  for (const name of readdirSync(CLI_OUT)) {
    if (!name.startsWith('chunk-')) continue;
    const file = path.join(CLI_OUT, name);
    try {
      if (!current.has(file) && statSync(file).mtimeMs < before) rmSync(file, { force: true });
    } catch {
      // removed by a concurrent build
    }
  }
}

/** The bundled CLI's entry, rebuilt first when stale; null when it cannot be built here (no esbuild, a build error). */
export async function freshCliBundle() {
  if (cliBundleIsFresh()) return CLI_BUNDLE;
  if (!(await takeBuildLock())) return cliBundleIsFresh() ? CLI_BUNDLE : null;
  try {
    await buildCliBundle();
    return CLI_BUNDLE;
  } catch {
    return null;
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

const LOCK = path.join(CLI_OUT, '.building');
const LOCK_STALE_MS = 60_000;

/** True when this process may build; false after waiting for another process's build (many CLIs start at once in tests). */
async function takeBuildLock() {
  mkdirSync(CLI_OUT, { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      return true;
    } catch {
      let age = 0;
      try {
        age = Date.now() - statSync(LOCK).mtimeMs;
      } catch {
        continue; // released just now
      }
      if (age > LOCK_STALE_MS) {
        rmSync(LOCK, { recursive: true, force: true });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      try {
        statSync(LOCK);
      } catch {
        return false;
      }
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  try {
    await buildCliBundle();
    console.log(`[layerlab] CLI and trainer bundled into out/cli in ${Date.now() - started} ms`);
  } catch (error) {
    // Never fails an install: bin/layerlab.mjs then runs the sources through tsx.
    console.warn(`[layerlab] CLI bundle not built (layerlab will compile its sources at each start): ${error.message}`);
  }
}
