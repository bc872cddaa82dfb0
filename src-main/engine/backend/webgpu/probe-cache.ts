import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GpuAdapter } from '../../../../src-shared/api/records';
import { probeAdapter } from './adapter';

export type ProbeResult = { adapter: GpuAdapter } | { error: string };

/** File in the data dir holding the last adapter probe of each machine (see probeKey). */
export const PROBE_FILE = 'gpu-probe.json';

/** Folders whose entries decide which GPU drivers Dawn can open (Vulkan ICDs, DRM devices; Linux). */
const DRIVER_DIRS = ['/dev/dri', '/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];
/** Environment variables that change which adapter Dawn finds. */
const DRIVER_ENV = ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES', 'VK_ADD_DRIVER_FILES', 'DRI_PRIME', 'CUDA_VISIBLE_DEVICES', 'DAWN_BACKEND'];

function listing(dir: string): string {
  try {
    return readdirSync(dir)
      .sort()
      .map((name) => {
        const st = statSync(path.join(dir, name), { throwIfNoEntry: false });
        return `${name}:${st ? `${st.size}:${Math.round(st.mtimeMs)}` : '?'}`;
      })
      .join(',');
  } catch {
    return '-';
  }
}

function webgpuVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return (JSON.parse(readFileSync(require.resolve('webgpu/package.json'), 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
}

/**
 * Everything the probe's answer depends on: this host and its kernel, the Dawn binding's version, the
 * driver files and devices present, and the variables that steer Dawn. A data dir shared by several
 * machines (Slurm nodes) keeps one answer per host.
 */
export function probeKey(): string {
  return JSON.stringify({
    host: os.hostname(), platform: process.platform, arch: process.arch, release: os.release(), webgpu: webgpuVersion(),
    drivers: process.platform === 'linux' ? DRIVER_DIRS.map(listing) : [],
    env: DRIVER_ENV.map((name) => process.env[name] ?? ''),
  });
}

type ProbeFile = Record<string, ProbeResult>;

function hostOf(key: string): string | undefined {
  try {
    return (JSON.parse(key) as { host?: string }).host;
  } catch {
    return undefined;
  }
}

function readProbes(file: string): ProbeFile {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return parsed != null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as ProbeFile) : {};
  } catch {
    return {};
  }
}

/**
 * The adapter probe (about 0.3 s, and two warnings from Dawn on a software-only machine) done once per
 * machine: the answer is kept in `dir`/gpu-probe.json under probeKey() and asked again only when
 * something in the key changed. Without a dir every call probes.
 */
export async function probeAdapterCached(dir: string | undefined, probe: () => Promise<ProbeResult> = probeAdapter): Promise<ProbeResult> {
  if (dir == null) return probe();
  const file = path.join(dir, PROBE_FILE);
  const key = probeKey();
  const known = readProbes(file)[key];
  if (known != null && ('adapter' in known || typeof known.error === 'string')) return known;
  const result = await probe();
  if ('error' in result && result.error.startsWith('Dawn could not look')) return result; // a failure, not an answer: ask again next time
  try {
    const host = os.hostname();
    const others = Object.entries(readProbes(file)).filter(([k]) => hostOf(k) !== host); // this host's older answers go
    const all = { ...Object.fromEntries(others), [key]: result };
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(all, null, 1));
    renameSync(tmp, file);
  } catch {
    // a read-only data dir: probed again next time
  }
  return result;
}
