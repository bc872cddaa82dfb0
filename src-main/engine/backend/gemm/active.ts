import type { GemmPool } from './pool';

let active: GemmPool | null = null;

/** The pool the wasm-only matmul kernels split large products across; null trains on one thread. */
export function activeGemmPool(): GemmPool | null {
  return active;
}

export function setActiveGemmPool(pool: GemmPool | null): void {
  active = pool;
}
