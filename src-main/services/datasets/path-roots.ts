import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { DatasetUsageError } from './errors';

/** The path with links followed; a part that does not exist yet is kept under its nearest existing folder's real path. */
function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const absolute = resolve(path);
    const parent = dirname(absolute);
    return parent === absolute ? absolute : join(real(parent), basename(absolute));
  }
}

function inside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** The real path of an absolute `path` when it lies inside one of `roots` (links followed), else null. */
export function insideRoots(path: string, roots: readonly string[]): string | null {
  const target = isAbsolute(path) ? real(path) : null;
  return target !== null && roots.some((root) => inside(target, real(root))) ? target : null;
}

/**
 * A path datasets.import may read: with `roots` given (the headless host's `--allow-dir` folders), only a
 * file inside one of them, links followed. The refusal is the same whether or not the file exists, so it
 * tells nothing about the disk outside.
 */
export function confinePath(path: string, roots: readonly string[] | undefined): string {
  if (roots === undefined) return path;
  const target = insideRoots(path, roots);
  if (target !== null) return target;
  const allowed = roots.length > 0 ? `inside ${roots.join(', ')}` : 'on this machine: none were allowed';
  throw new DatasetUsageError(
    `files.path "${path.slice(0, 300)}": over HTTP LayerLab reads dataset files only ${allowed}; upload the file instead, or start \`layerlab serve --allow-dir DIR\` with its folder`,
  );
}
