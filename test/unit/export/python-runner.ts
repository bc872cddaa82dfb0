import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { npyBytes } from '../../../src-main/export/python/npz';

/**
 * The first Python that imports torch and numpy (LAYERLAB_PYTHON, python3 on PATH, Debian's /usr/bin/python3),
 * or why there is none. Under CI=true a missing one is an error: CI installs python3-torch (.ci/run).
 */
export function findTorchPython(): { python: string } | { reason: string } {
  const candidates = [process.env.LAYERLAB_PYTHON, 'python3', '/usr/bin/python3'].filter((candidate): candidate is string => Boolean(candidate));
  const tried: string[] = [];
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
    if (probe.status === 0) return { python };
    tried.push(`${python}: ${probe.error ? probe.error.message : (probe.stderr.trim().split('\n').pop() ?? `exit ${probe.status}`)}`);
  }
  const reason = `no Python with torch and numpy (${tried.join('; ')}); install python3-torch and python3-numpy`;
  if (process.env.CI === 'true') throw new Error(`CI=true: ${reason}`);
  return { reason };
}

/** Runs an exported model.py in `dir` on raw inputs; returns its float32 outputs. */
export function runPytorchScript(python: string, dir: string, inputs: Float32Array, shape: number[]): Float32Array {
  writeFileSync(join(dir, 'inputs.npy'), npyBytes({ shape, values: inputs }));
  const result = spawnSync(python, ['model.py', 'inputs.npy', 'outputs.f32'], { cwd: dir, encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  if (result.status !== 0) throw new Error(`model.py failed (exit ${result.status}):\n${result.stderr}`);
  const bytes = readFileSync(join(dir, 'outputs.f32'));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4).slice();
}
