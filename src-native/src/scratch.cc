// Per-thread scratch buffers (shared by every instruction set's kernels).
#include <vector>

#include "common.h"

namespace ll {

float* scratch(size_t n, int slot) {
  thread_local std::vector<float> bufs[4];
  std::vector<float>& b = bufs[slot];
  if (b.size() < n) b.resize(n + n / 4 + 64);
  return b.data();
}

}  // namespace ll
