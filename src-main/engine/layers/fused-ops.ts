let configured = true;

/**
 * The run's choice (config.fusedOps), set by trainJob before it builds anything: a trainer process runs
 * one job at a time, so one setting per process is the run's.
 */
export function setFusedOps(enabled: boolean): void {
  configured = enabled;
}

/**
 * Whether the engine uses the fused training ops of ../backend/train-ops (one tape node and fused
 * kernels per layer): the run's config.fusedOps, unless LAYERLAB_FUSED_OPS=0 turns them off for the
 * whole process. The plain tfjs ops are the reference for tests, debugging and speed comparisons.
 * Read on every call so a test can switch it.
 */
export function fusedOpsEnabled(): boolean {
  return configured && globalThis.process?.env?.LAYERLAB_FUSED_OPS !== '0';
}

/** The activations the fused dense and conv ops apply themselves. */
export function isFusedActivation(activation: unknown): activation is 'relu' | 'linear' {
  return activation === 'relu' || activation === 'linear';
}
