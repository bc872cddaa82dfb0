#!/usr/bin/env node
// `npm start`: installs what is missing, builds what is stale, then opens the Electron app — or, where Electron
// cannot start (no binary, no display), says why and serves the same app to a browser (`layerlab serve`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInstalled } from './ensure-installed.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const passThrough = process.argv.slice(2);

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** True when any output is missing or older than any of its sources. */
function stale(outputs, sources) {
  const oldestOutput = Math.min(...outputs.map((file) => (existsSync(join(root, file)) ? statSync(join(root, file)).mtimeMs : 0)));
  return oldestOutput === 0 || Math.max(...sources.map((dir) => newestMtime(join(root, dir)))) > oldestOutput;
}

function build(label, args) {
  console.log(`LayerLab: building ${label}…`);
  const result = spawnSync(npx, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`LayerLab: building ${label} failed; run \`${['npx', ...args].join(' ')}\` to see why.`);
    process.exit(1);
  }
}

/** Why Electron cannot start here, or null when it can. */
function electronUnavailable() {
  let binary;
  try {
    binary = require('electron');
  } catch (error) {
    return `the Electron binary is not installed (${error.message.split('\n')[0]})`;
  }
  if (typeof binary !== 'string' || !existsSync(binary)) return `the Electron binary is missing (expected at ${binary})`;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  return null;
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

ensureInstalled();
const rendererSources = ['src-renderer', 'src-shared'];
const why = electronUnavailable();
if (why === null) {
  if (stale(['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'], [...rendererSources, 'src-main'])) build('the app', ['electron-vite', 'build']);
  run(require('electron'), [root, ...passThrough]);
} else {
  console.log(`LayerLab: cannot open the desktop app: ${why}.`);
  console.log('LayerLab: starting the browser mode instead; open the URL below in a browser.');
  if (stale(['out/renderer/index.html'], rendererSources)) build('the renderer', ['vite', 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn']);
  run(process.execPath, [join(root, 'bin', 'layerlab.mjs'), 'serve', ...passThrough]);
}
