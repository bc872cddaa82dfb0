/**
 * The webgpu backend: Dawn through the `webgpu` package and tfjs-backend-webgpu's kernels, on a worker
 * thread behind a synchronous proxy (protocol.ts says why). Works the same under plain Node, vitest and
 * the Electron utility process (the binding is an N-API addon; Electron loads the bundled worker).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GpuAdapter } from '../../../../src-shared/api/records';
import { probeAdapterCached } from './probe-cache';
import { WebgpuProxyBackend } from './proxy-backend';

export interface WebgpuStart {
  /** The adapter in use, when the backend is now tfjs's current one. */
  adapter?: GpuAdapter;
  webgpuVersion?: string;
  /** Why there is no webgpu backend (no adapter, only a software one when a hardware one was asked for, an error). */
  reason?: string;
  /** The adapter that was found but refused. */
  refused?: GpuAdapter;
}

let registered: { adapter: GpuAdapter; webgpuVersion: string } | null = null;

/**
 * Starts the webgpu backend and makes it tfjs's current backend. hardwareOnly: refuse a software
 * (fallback) adapter, as the automatic choice does; far slower than LayerLab's CPU kernels. Its probe's
 * answer is kept per machine in cacheDir (the data dir; probe-cache.ts).
 */
export async function startWebgpu(hardwareOnly: boolean, cacheDir?: string): Promise<WebgpuStart> {
  if (registered != null) {
    if (hardwareOnly && registered.adapter.fallback) return { reason: softwareOnly(registered.adapter), refused: registered.adapter };
    return (await tf.setBackend('webgpu')) ? { ...registered } : { reason: 'the webgpu backend did not initialize' };
  }
  if (hardwareOnly) {
    const probe = await probeAdapterCached(cacheDir);
    if ('error' in probe) return { reason: probe.error };
    if (probe.adapter.fallback) return { reason: softwareOnly(probe.adapter), refused: probe.adapter };
  }
  const { backend, reply } = await WebgpuProxyBackend.start(hardwareOnly);
  if (backend == null || !reply.ok) {
    return { reason: reply.ok ? 'the webgpu backend did not start' : reply.error, refused: reply.ok ? undefined : reply.adapter };
  }
  WebgpuProxyBackend.registerKernels(reply.kernels);
  tf.registerBackend('webgpu', () => backend, 0);
  if (!(await tf.setBackend('webgpu'))) return { reason: 'the webgpu backend did not initialize' };
  registered = { adapter: reply.adapter, webgpuVersion: reply.webgpuVersion };
  return { ...registered };
}

function softwareOnly(adapter: GpuAdapter): string {
  return `the only WebGPU adapter is a software device (${adapter.description || adapter.device}), slower than the CPU kernels; LAYERLAB_BACKEND=webgpu uses it`;
}
