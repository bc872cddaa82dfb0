import { describe, expect, it } from 'vitest';
import { probeAdapter } from '../../src-main/engine/backend/webgpu/adapter';
import type { BackendInfo } from '../../src-shared/api/backend';
import { ROOT, lastJsonLine, runCli, tempDir } from './cli-helpers';

const probe = await probeAdapter();
if ('error' in probe && process.env.CI === 'true') {
  throw new Error(`CI=true and Dawn found no WebGPU adapter (.ci/run installs mesa-vulkan-drivers from bookworm-backports): ${probe.error}`);
}
const adapter = 'adapter' in probe ? probe.adapter : null;
const dataDir = tempDir();
const template = `${ROOT}/resources/templates/spirals-mlp.json`;

async function run(env: NodeJS.ProcessEnv): Promise<{ runId: string; backend: string; stderr: string }> {
  const result = await runCli(['run', template, '--epochs', '1', '--train-limit', '400', '--test-limit', '200', '--json', '--data-dir', dataDir], env);
  if (result.code !== 0) throw new Error(`layerlab run exited ${result.code}:\n${result.stderr}`);
  return { ...lastJsonLine<{ runId: string; backend: string }>(result.stdout), stderr: result.stderr };
}

async function shown(runId: string): Promise<{ info: BackendInfo; text: string }> {
  const json = await runCli(['show', runId, '--json', '--data-dir', dataDir]);
  const text = await runCli(['show', runId, '--data-dir', dataDir]);
  return { info: (JSON.parse(json.stdout) as { run: { backendInfo: BackendInfo } }).run.backendInfo, text: text.stdout };
}

describe.skipIf(adapter == null)('layerlab run on the webgpu backend', { timeout: 300_000 }, () => {
  it('LAYERLAB_BACKEND=webgpu trains on the adapter and records it; the CLI names the device', async () => {
    const { runId, backend, stderr } = await run({ LAYERLAB_BACKEND: 'webgpu' });
    expect(backend).toBe('webgpu');
    const { info, text } = await shown(runId);
    expect(info.name).toBe('webgpu');
    expect(info.adapter).toEqual(adapter);
    expect(info.adapter!.vendor.length + info.adapter!.description.length).toBeGreaterThan(0);
    const device = `${adapter!.fallback ? 'software GPU' : 'GPU'}: ${adapter!.vendor}`;
    expect(stderr).toContain(`with the webgpu backend, 1 thread, on ${device}`);
    expect(text).toMatch(new RegExp(`device +${device.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  it('without LAYERLAB_BACKEND the automatic choice never takes a software adapter, and says why it took no GPU', async () => {
    const { runId, backend, stderr } = await run({ LAYERLAB_BACKEND: undefined });
    const { info, text } = await shown(runId);
    if (adapter!.fallback) {
      expect(backend).not.toBe('webgpu');
      expect(info.adapter).toBeUndefined();
      expect(info.gpuNote).toMatch(/^no GPU: the only WebGPU adapter is a software device \(.+\)/);
      expect(stderr).toContain(info.gpuNote);
      expect(text).toMatch(/device +CPU/);
    } else {
      expect(info.adapter?.fallback).toBe(false);
    }
  });
});
