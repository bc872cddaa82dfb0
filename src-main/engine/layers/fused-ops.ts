/**
 * Whether the engine uses the fused training ops of ../backend/train-ops (one tape node and fused
 * kernels per layer). LAYERLAB_FUSED_OPS=0 selects the plain tfjs ops, the reference for tests,
 * debugging and speed comparisons. Read on every call so a test can switch it.
 */
export function fusedOpsEnabled(): boolean {
  return globalThis.process?.env?.LAYERLAB_FUSED_OPS !== '0';
}

/** The activations the fused dense and conv ops apply themselves. */
export function isFusedActivation(activation: unknown): activation is 'relu' | 'linear' {
  return activation === 'relu' || activation === 'linear';
}
