/** Which compute backend a trainer used (the schema and its fields: records.ts), and how the CLI and the UI name it. */
import type { BackendInfo, GpuAdapter } from './records';

export type { BackendInfo, GpuAdapter } from './records';

/** "nvidia ampere (NVIDIA GeForce RTX 3080)", "mesa software llvmpipe… (software device)". */
export function adapterLabel(adapter: GpuAdapter): string {
  const name = [adapter.vendor, adapter.architecture].filter((part) => part !== '').join(' ');
  const detail = adapter.description || adapter.device;
  const label = [name, detail ? `(${detail})` : ''].filter((part) => part !== '').join(' ') || 'an unnamed adapter';
  return adapter.fallback ? `${label}, a software device` : label;
}

/** Which device trained the run: the GPU adapter for webgpu, else the CPU (or TensorFlow's own choice). */
export function trainedOn(info: BackendInfo): string {
  if (info.name === 'webgpu') return info.adapter ? `${info.adapter.fallback ? 'software GPU' : 'GPU'}: ${adapterLabel(info.adapter)}` : 'GPU';
  if (info.name === 'tensorflow') return 'TensorFlow (libtensorflow: its GPU when tfjs-node-gpu found CUDA, else the CPU)';
  return 'CPU';
}
