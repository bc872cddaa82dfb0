#include <algorithm>
#include <cmath>
#include <vector>

#include "common.h"

namespace ll {

float* scratch(size_t n, int slot) {
  thread_local std::vector<float> bufs[4];
  std::vector<float>& b = bufs[slot];
  if (b.size() < n) b.resize(n + n / 4 + 64);
  return b.data();
}

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

}  // namespace ll
