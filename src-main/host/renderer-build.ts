import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');
export const BUILD_RENDERER_COMMAND = 'npm run build:renderer';

export function rendererIsBuilt(dir = RENDERER_DIR): boolean {
  return existsSync(join(dir, 'index.html'));
}

/** Builds the renderer with vite when out/renderer is missing; throws naming the command to run when that fails. */
export function ensureRendererBuilt(log: (line: string) => void = (line) => console.error(line)): string {
  if (rendererIsBuilt()) return RENDERER_DIR;
  log(`LayerLab: the renderer is not built yet (${RENDERER_DIR}); building it now with vite…`);
  const result = spawnSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['vite', 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0 || !rendererIsBuilt()) {
    throw new Error(`could not build the renderer into ${RENDERER_DIR}; run \`${BUILD_RENDERER_COMMAND}\` in ${REPO_ROOT} and read its errors`);
  }
  return RENDERER_DIR;
}
