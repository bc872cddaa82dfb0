import type { GpuAdapter } from '../../../../src-shared/api/records';

type Dawn = { create(flags: string[]): GPU; globals: object };

/** Dawn's Node binding (an N-API addon in the `webgpu` package, prebuilt for Linux, macOS and Windows). */
export async function loadDawn(): Promise<Dawn> {
  return (await import('webgpu')) as unknown as Dawn;
}

/** What an adapter says of itself; `fallback` for a software device (lavapipe, SwiftShader, WARP). */
export function summarizeAdapter(adapter: GPUAdapter): GpuAdapter {
  const info = adapter.info;
  const onInfo = (info as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  const onAdapter = (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    fallback: Boolean(onInfo ?? onAdapter) || info.architecture === 'software',
  };
}

/**
 * The adapter Dawn would give the webgpu backend, asked for on this thread and let go (about 0.2 s): the
 * automatic choice looks before it starts a worker and a device for nothing.
 */
export async function probeAdapter(): Promise<{ adapter: GpuAdapter } | { error: string }> {
  try {
    const { create } = await loadDawn();
    const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
    if (adapter == null) return { error: NO_ADAPTER };
    return { adapter: summarizeAdapter(adapter) };
  } catch (err) {
    return { error: `Dawn could not look for a GPU: ${(err as Error).message}` };
  }
}

export const NO_ADAPTER = 'Dawn found no GPU adapter (no usable Vulkan, Metal or D3D12 device)';
