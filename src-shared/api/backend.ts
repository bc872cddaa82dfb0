/** Which compute backend a trainer used; recorded with every run and shown in the UI and CLI. */
export interface BackendInfo {
  name: 'tensorflow' | 'wasm' | 'cpu';
  /** Native BLAS kernels (src-native) in use. */
  native: boolean;
  nativeLib?: string;
  threads: number;
  simd?: boolean;
  tfjsVersion: string;
}
