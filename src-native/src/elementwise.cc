// Small fused elementwise kernels for the training step (one pass instead of several tfjs ops).
#include <cstddef>

#include "conv.h"

namespace ll {

void relu_grad(const float* dy, const float* y, float* out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = y[i] > 0.f ? dy[i] : 0.f;
}

void sgd_momentum(const float* w, const float* v, const float* g, float* wOut, float* vOut, size_t n, float lr,
                  float mu) {
  for (size_t i = 0; i < n; ++i) {
    const float nv = mu * v[i] + g[i];
    vOut[i] = nv;
    wOut[i] = w[i] - lr * nv;
  }
}

}  // namespace ll
