import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Builds the renderer into out/renderer when it is missing or older than its sources. */
export default function globalSetup(): void {
  const index = join(root, 'out', 'renderer', 'index.html');
  const fresh = existsSync(index) && statSync(index).mtimeMs >= Math.max(newest(join(root, 'src-renderer')), newest(join(root, 'src-shared')));
  if (fresh) return;
  const result = spawnSync('npx', ['vite', 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building the renderer failed; run `npm run build:renderer` to see why');
}
