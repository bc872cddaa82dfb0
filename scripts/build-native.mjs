#!/usr/bin/env node
// Builds the optional native kernels (src-native, N-API + OpenBLAS/Accelerate) with node-gyp.
// Never fails the install: without the addon LayerLab trains on the wasm backend.
// LAYERLAB_SKIP_NATIVE=1 skips the build; LAYERLAB_NATIVE_PORTABLE=1 builds without -march=native.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = path.join(root, 'src-native');
const addon = path.join(nativeDir, 'build', 'Release', 'layerlab_native.node');

function warn(message) {
  console.warn(`[layerlab] native kernels not built: ${message}`);
  console.warn('[layerlab] training falls back to the wasm backend (slower). To build them later: npm run build:native');
  if (process.platform === 'linux') console.warn('[layerlab] needs a C++ toolchain and OpenBLAS: apt install build-essential libopenblas-dev');
  process.exit(0);
}

if (process.env.LAYERLAB_SKIP_NATIVE === '1') {
  console.log('[layerlab] LAYERLAB_SKIP_NATIVE=1: native kernels skipped');
  process.exit(0);
}

function findNodeGyp() {
  const candidates = [];
  // npm sets this for lifecycle scripts to its bundled node-gyp
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  try {
    candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not a project dependency
  }
  const prefix = path.dirname(path.dirname(process.execPath));
  candidates.push(
    path.join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(prefix, 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  );
  return candidates.find((p) => existsSync(p));
}

const nodeGyp = findNodeGyp();
if (nodeGyp == null) warn('node-gyp not found (it ships with npm)');

// Use the headers of the running Node when they are installed, so no download is needed.
const args = [nodeGyp, 'rebuild'];
const prefix = path.dirname(path.dirname(process.execPath));
if (existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);

console.log(`[layerlab] building native kernels: node ${args.map((a) => path.basename(a)).join(' ')}`);
const build = spawnSync(process.execPath, args, { cwd: nativeDir, stdio: 'inherit' });
if (build.status !== 0) warn(`node-gyp exited with ${build.status ?? build.signal}`);

const check = spawnSync(process.execPath, ['-e', `console.log(JSON.stringify(require(${JSON.stringify(addon)}).info()))`], {
  encoding: 'utf8',
});
if (check.status !== 0) warn(`the built addon does not load: ${check.stderr.trim().split('\n')[0]}`);
console.log(`[layerlab] native kernels ready: ${check.stdout.trim()}`);
