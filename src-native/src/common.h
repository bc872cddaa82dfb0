// Shared helpers for the LayerLab native kernels. All tensors are float32, row-major, NHWC,
// and live in the wasm heap of the tfjs wasm backend; the addon receives that heap's
// ArrayBuffer plus element offsets, so no data is copied between JS and native code.
#pragma once
#include <cstddef>
#include <cstdint>

#if defined(LAYERLAB_ACCELERATE)
#include <Accelerate/Accelerate.h>
#else
#include <cblas.h>
#endif

namespace ll {

// Must match ACTIVATIONS in src-main/engine/backend/kernels/native-kernels.ts.
enum Act : int { kLinear = 0, kRelu = 1, kRelu6 = 2, kLeakyRelu = 3, kSigmoid = 4, kElu = 5 };

// C[M,N] = alpha * op(A) * op(B) + beta * C, row-major. Large products are split by rows or columns
// over the addon's threads, each part a single-threaded BLAS call (blas.cc).
void sgemm(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
           float beta, float* C, int ldc);

// Per-thread scratch buffers, grown on demand and kept for reuse (slot 0..3).
float* scratch(size_t n, int slot);

}  // namespace ll
