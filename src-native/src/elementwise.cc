// Small fused elementwise kernels for the training step (one pass instead of several tfjs ops).
#include <algorithm>
#include <cmath>
#include <cstddef>

#include "conv.h"

namespace ll::LL_ISA {

void bias_act(float* y, size_t rows, size_t cols, const float* bias, size_t biasSize, int act, float alpha) {
  if (bias == nullptr && act == kLinear) return;
  for (size_t r = 0; r < rows; ++r) {
    float* row = y + r * cols;
    if (bias != nullptr) {
      if (biasSize == 1) {
        const float b0 = bias[0];
        for (size_t c = 0; c < cols; ++c) row[c] += b0;
      } else {
        for (size_t c = 0; c < cols; ++c) row[c] += bias[c];
      }
    }
    switch (act) {
      case kRelu:
        for (size_t c = 0; c < cols; ++c) row[c] = row[c] > 0.f ? row[c] : 0.f;
        break;
      case kRelu6:
        for (size_t c = 0; c < cols; ++c) row[c] = std::min(std::max(row[c], 0.f), 6.f);
        break;
      case kLeakyRelu:
        for (size_t c = 0; c < cols; ++c) row[c] = row[c] < 0.f ? alpha * row[c] : row[c];
        break;
      case kSigmoid:
        for (size_t c = 0; c < cols; ++c) row[c] = 1.f / (1.f + std::exp(-row[c]));
        break;
      case kElu:
        for (size_t c = 0; c < cols; ++c) row[c] = row[c] < 0.f ? std::expm1(row[c]) : row[c];
        break;
      default:
        break;
    }
  }
}

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

namespace ll::LL_ISA {

// g = act'(y) ⊙ dy over [rows, cols] (relu: dy where y > 0; linear: g == dy and may be null),
// db[c] = Σ_rows g[r, c] (accumulated in double, as tfjs-backend-cpu's sum does).
void bias_act_grad(const float* dy, const float* y, float* g, float* db, size_t rows, size_t cols, int act) {
  const size_t n = rows * cols;
  const float* src = dy;
  if (act == kRelu) {
    // branch-free mask (the sign of y is unpredictable), vectorizable
    for (size_t i = 0; i < n; ++i) g[i] = y[i] > 0.f ? dy[i] : 0.f;
    src = g;
  }
  // column sums: float partial sums over blocks of rows, accumulated in double
  double acc[64];
  float part[64];
  constexpr size_t RB = 128;
  for (size_t c0 = 0; c0 < cols; c0 += 64) {
    const size_t cb = cols - c0 < 64 ? cols - c0 : 64;
    for (size_t c = 0; c < cb; ++c) acc[c] = 0.0;
    for (size_t r0 = 0; r0 < rows; r0 += RB) {
      const size_t r1 = r0 + RB < rows ? r0 + RB : rows;
      for (size_t c = 0; c < cb; ++c) part[c] = 0.f;
      for (size_t r = r0; r < r1; ++r) {
        const float* row = src + r * cols + c0;
        for (size_t c = 0; c < cb; ++c) part[c] += row[c];
      }
      for (size_t c = 0; c < cb; ++c) acc[c] += part[c];
    }
    for (size_t c = 0; c < cb; ++c) db[c0 + c] = static_cast<float>(acc[c]);
  }
}

}  // namespace ll

namespace ll::LL_ISA {

// Inverted-dropout mask: out[i] = 1/keep with probability keep, else 0. The generator is mulberry32
// seeded with `seed`, bit-identical to the JavaScript fallback in train-ops.ts, so every backend
// draws the same mask for the same seed.
void dropout_mask(float* out, size_t n, double keep, uint32_t seed) {
  uint32_t a = seed;
  const float scale = static_cast<float>(1.0 / keep);
  for (size_t i = 0; i < n; ++i) {
    a += 0x6d2b79f5u;
    uint32_t t = a;
    t = (t ^ (t >> 15)) * (t | 1u);
    t ^= t + (t ^ (t >> 7)) * (t | 61u);
    const double r = static_cast<double>(t ^ (t >> 14)) / 4294967296.0;
    out[i] = r < keep ? scale : 0.f;
  }
}

}  // namespace ll
