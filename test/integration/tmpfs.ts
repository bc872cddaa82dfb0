import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  dir: string;
  remountReadOnly(): void;
  unmount(): void;
}

/**
 * A real small filesystem (tmpfs of `size`, e.g. '4m'), for disk-full and read-only cases. Needs root (CI runs
 * as root, see .ci/run). Returns null where mounting is not possible, except under CI, where that is an error:
 * these tests must run there.
 */
export function mountSmallDisk(size: string): SmallDisk | null {
  const dir = mkdtempSync(join(tmpdir(), 'layerlab-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const why = `cannot mount a ${size} tmpfs (${(error as Error).message.split('\n')[0]}); these tests need root`;
    if (process.env.CI === 'true') throw new Error(`${why}: CI must run them (.ci/run runs as root)`);
    console.warn(`${why}; not running them here`);
    return null;
  }
  return {
    dir,
    remountReadOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'pipe' }),
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
