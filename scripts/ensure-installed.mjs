// Installs the project's npm dependencies when they are missing or older than package-lock.json.
// Uses only Node built-ins, so `npm start` works on a fresh clone. Where Electron's binary cannot be
// downloaded (offline machines), installs without it; LayerLab then opens in the browser instead.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function installIsCurrent() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return false;
  return statSync(marker).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs;
}

function npmInstall(extraEnv) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  return spawnSync(npm, ['install', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    // onnxruntime-node ships its CPU binary in the package; its install script would fetch GPU extras from outside.
    env: { ONNXRUNTIME_NODE_INSTALL: 'skip', ...process.env, ...extraEnv },
  }).status === 0;
}

export function ensureInstalled() {
  if (installIsCurrent()) return;
  console.log('LayerLab: installing dependencies (first start)…');
  if (npmInstall({})) return;
  console.log('LayerLab: install failed; retrying without the Electron binary (it may not be downloadable here).');
  if (npmInstall({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' })) return;
  console.error('LayerLab: `npm install` failed; see the messages above.');
  process.exit(1);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureInstalled();
