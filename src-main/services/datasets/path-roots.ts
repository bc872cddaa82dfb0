import { realpathSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { DatasetUsageError } from './errors';

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function inside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * A path datasets.import may read: with `roots` given (the headless host's `--allow-dir` folders), only a
 * file inside one of them, links followed. The refusal is the same whether or not the file exists, so it
 * tells nothing about the disk outside.
 */
export function confinePath(path: string, roots: readonly string[] | undefined): string {
  if (roots === undefined) return path;
  const target = isAbsolute(path) ? real(path) : null;
  if (target !== null && roots.some((root) => inside(target, real(root)))) return target;
  const allowed = roots.length > 0 ? `inside ${roots.join(', ')}` : 'on this machine: none were allowed';
  throw new DatasetUsageError(
    `files.path "${path.slice(0, 300)}": over HTTP LayerLab reads dataset files only ${allowed}; upload the file instead, or start \`layerlab serve --allow-dir DIR\` with its folder`,
  );
}
