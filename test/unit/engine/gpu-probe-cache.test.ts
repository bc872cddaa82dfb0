import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { probeAdapterCached, type ProbeResult } from '../../../src-main/engine/backend/webgpu/probe-cache';
import { isTrainerNoise } from '../../../src-main/services/trainer-stderr';

const dir = mkdtempSync(join(tmpdir(), 'layerlab-gpu-probe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the WebGPU adapter probe, kept per machine in the data dir', () => {
  test('asks Dawn once, answers from the file after that, and asks again when the driver setup changes', async () => {
    let probes = 0;
    const software: ProbeResult = { adapter: { vendor: 'mesa', architecture: '', device: 'llvmpipe', description: 'llvmpipe', fallback: true } };
    const probe = async () => {
      probes++;
      return software;
    };
    expect(await probeAdapterCached(dir, probe)).toEqual(software);
    expect(await probeAdapterCached(dir, probe)).toEqual(software);
    expect(probes).toBe(1);
    const saved = process.env.VK_ICD_FILENAMES;
    process.env.VK_ICD_FILENAMES = '/somewhere/else/icd.json';
    try {
      await probeAdapterCached(dir, probe);
      expect(probes).toBe(2);
    } finally {
      if (saved == null) delete process.env.VK_ICD_FILENAMES;
      else process.env.VK_ICD_FILENAMES = saved;
    }
    // a failure to look is not an answer: it is not kept
    const failing = async () => {
      probes++;
      return { error: 'Dawn could not look for a GPU: boom' };
    };
    await probeAdapterCached(join(dir, 'other'), failing);
    await probeAdapterCached(join(dir, 'other'), failing);
    expect(probes).toBe(4);
    // without a data dir every call probes
    await probeAdapterCached(undefined, probe);
    expect(probes).toBe(5);
  });

  test("Dawn's two warnings about limits LayerLab never uses are kept out of a run's log, other lines are not", () => {
    expect(isTrainerNoise('Warning: maxDynamicUniformBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit dynamic offset allocation limit.')).toBe(true);
    expect(isTrainerNoise('Warning: maxDynamicStorageBuffersPerPipelineLayout artificially reduced from 1000000 to 16 to fit dynamic offset allocation limit.')).toBe(true);
    expect(isTrainerNoise('Warning: something else')).toBe(false);
  });
});
