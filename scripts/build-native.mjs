#!/usr/bin/env node
// Builds the optional native kernels (src-native, N-API + OpenBLAS/Accelerate) with node-gyp.
// Never fails the install: without the addon LayerLab trains on the wasm backend.
// One portable binary: its kernels are compiled for AVX-512, AVX2+FMA and a generic x86-64 (or other CPU)
// and chosen when it loads (src-native/src/isa.cc), so no -march=native is used. It is built in a temporary
// copy of src-native and then renamed into src-native/build/Release, so processes that load the addon
// meanwhile find the old one or the new one, never none. LAYERLAB_SKIP_NATIVE=1 skips the build.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
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

const staging = mkdtempSync(path.join(tmpdir(), 'layerlab-native-'));
for (const part of ['binding.gyp', 'find-blas.cjs', 'src']) cpSync(path.join(nativeDir, part), path.join(staging, part), { recursive: true });
console.log(`[layerlab] building native kernels: node ${args.map((a) => path.basename(a)).join(' ')} (in ${staging})`);
// binding.gyp resolves node-addon-api with require(): from the staging copy that needs this project's node_modules
const nodePath = [path.join(root, 'node_modules'), process.env.NODE_PATH].filter(Boolean).join(path.delimiter);
const build = spawnSync(process.execPath, args, { cwd: staging, stdio: 'inherit', env: { ...process.env, NODE_PATH: nodePath } });
if (build.status !== 0) {
  rmSync(staging, { recursive: true, force: true });
  warn(`node-gyp exited with ${build.status ?? build.signal}`);
}
const built = path.join(staging, 'build', 'Release', 'layerlab_native.node');
const check = spawnSync(process.execPath, ['-e', `console.log(JSON.stringify(require(${JSON.stringify(built)}).info()))`], {
  encoding: 'utf8',
});
if (check.status !== 0) {
  rmSync(staging, { recursive: true, force: true });
  warn(`the built addon does not load: ${check.stderr.trim().split('\n')[0]}`);
}
mkdirSync(path.dirname(addon), { recursive: true });
const incoming = `${addon}.${process.pid}.tmp`;
cpSync(built, incoming);
renameSync(incoming, addon);
rmSync(staging, { recursive: true, force: true });
console.log(`[layerlab] native kernels ready in ${path.relative(root, addon)}: ${check.stdout.trim()}`);
