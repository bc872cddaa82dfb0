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

namespace ll {

// g = act'(y) ⊙ dy over [rows, cols] (relu: dy where y > 0; linear: g == dy and may be null),
// db[c] = Σ_rows g[r, c] (accumulated in double, as tfjs-backend-cpu's sum does).
void bias_act_grad(const float* dy, const float* y, float* g, float* db, size_t rows, size_t cols, int act) {
  double acc[64];
  for (size_t c0 = 0; c0 < cols; c0 += 64) {
    const size_t cb = cols - c0 < 64 ? cols - c0 : 64;
    for (size_t c = 0; c < cb; ++c) acc[c] = 0.0;
    for (size_t r = 0; r < rows; ++r) {
      const float* d = dy + r * cols + c0;
      if (act == kRelu) {
        const float* yy = y + r * cols + c0;
        float* gg = g + r * cols + c0;
        for (size_t c = 0; c < cb; ++c) {
          const float v = yy[c] > 0.f ? d[c] : 0.f;
          gg[c] = v;
          acc[c] += v;
        }
      } else {
        for (size_t c = 0; c < cb; ++c) acc[c] += d[c];
      }
    }
    for (size_t c = 0; c < cb; ++c) db[c0 + c] = static_cast<float>(acc[c]);
  }
}

}  // namespace ll
