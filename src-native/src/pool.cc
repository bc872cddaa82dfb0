// Max/avg pooling (NHWC) forward and backward with tfjs-backend-cpu semantics:
// windows clipped to the image, max ties go to the first position in scan order,
// avg forward divides by the valid-pixel count, avg backward by the full window size.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "conv.h"

namespace ll::LL_ISA {

namespace {
// first valid tap index >= 0 for a dilated window starting at `corner`
inline int firstTap(int corner, int d) { return corner >= 0 ? 0 : (-corner + d - 1) / d; }
}  // namespace

void maxpool_forward(const PoolShape& s, const float* x, float* y) {
  const float ninf = -std::numeric_limits<float>::infinity();
  parallel_for(s.n, [&](int b0, int b1) {
    for (int b = b0; b < b1; ++b) {
      const float* img = x + static_cast<size_t>(b) * s.h * s.w * s.c;
      for (int oy = 0; oy < s.oh; ++oy) {
        const int ry = oy * s.sh - s.padT;
        const int ky0 = firstTap(ry, s.dh);
        for (int ox = 0; ox < s.ow; ++ox) {
          const int rx = ox * s.sw - s.padL;
          const int kx0 = firstTap(rx, s.dw);
          float* out = y + ((static_cast<size_t>(b) * s.oh + oy) * s.ow + ox) * s.c;
          for (int c = 0; c < s.c; ++c) out[c] = ninf;
          for (int ky = ky0; ky < s.kh; ++ky) {
            const int iy = ry + ky * s.dh;
            if (iy >= s.h) break;
            for (int kx = kx0; kx < s.kw; ++kx) {
              const int ix = rx + kx * s.dw;
              if (ix >= s.w) break;
              const float* p = img + (static_cast<size_t>(iy) * s.w + ix) * s.c;
              for (int c = 0; c < s.c; ++c) out[c] = p[c] > out[c] ? p[c] : out[c];
            }
          }
        }
      }
    }
  });
}

void maxpool_backward(const PoolShape& s, const float* x, const float* dy, float* dx) {
  const float ninf = -std::numeric_limits<float>::infinity();
  parallel_for(s.n, [&](int b0, int b1) {
    const size_t img0 = static_cast<size_t>(b0) * s.h * s.w * s.c;
    std::memset(dx + img0, 0, sizeof(float) * (static_cast<size_t>(b1) * s.h * s.w * s.c - img0));
    for (int b = b0; b < b1; ++b) {
      const size_t imgOff = static_cast<size_t>(b) * s.h * s.w * s.c;
      const float* img = x + imgOff;
      float* dimg = dx + imgOff;
      for (int oy = 0; oy < s.oh; ++oy) {
        const int ry = oy * s.sh - s.padT;
        const int ky0 = firstTap(ry, s.dh);
        for (int ox = 0; ox < s.ow; ++ox) {
          const int rx = ox * s.sw - s.padL;
          const int kx0 = firstTap(rx, s.dw);
          const float* g = dy + ((static_cast<size_t>(b) * s.oh + oy) * s.ow + ox) * s.c;
          for (int c = 0; c < s.c; ++c) {
            // branch-free running argmax (random data makes a branch unpredictable); first max wins
            float best = ninf;
            int arg = -1;
            for (int ky = ky0; ky < s.kh; ++ky) {
              const int iy = ry + ky * s.dh;
              if (iy >= s.h) break;
              for (int kx = kx0; kx < s.kw; ++kx) {
                const int ix = rx + kx * s.dw;
                if (ix >= s.w) break;
                const int idx = (iy * s.w + ix) * s.c + c;
                const float v = img[idx];
                // arithmetic select: relu outputs tie at 0 half the time, and a branch mispredicts
                const int gt = v > best;
                best = std::max(best, v);
                arg += gt * (idx - arg);
              }
            }
            if (arg >= 0) dimg[arg] += g[c];
          }
        }
      }
    }
  });
}

void avgpool_forward(const PoolShape& s, const float* x, float* y) {
  parallel_for(s.n, [&](int b0, int b1) {
    float* acc = scratch(s.c, 0);  // this thread's
    for (int b = b0; b < b1; ++b) {
      const float* img = x + static_cast<size_t>(b) * s.h * s.w * s.c;
      for (int oy = 0; oy < s.oh; ++oy) {
        const int ry = oy * s.sh - s.padT;
        for (int ox = 0; ox < s.ow; ++ox) {
          const int rx = ox * s.sw - s.padL;
          std::fill(acc, acc + s.c, 0.f);
          int count = 0;
          for (int ky = firstTap(ry, s.dh); ky < s.kh; ++ky) {
            const int iy = ry + ky * s.dh;
            if (iy >= s.h) break;
            for (int kx = firstTap(rx, s.dw); kx < s.kw; ++kx) {
              const int ix = rx + kx * s.dw;
              if (ix >= s.w) break;
              const float* p = img + (static_cast<size_t>(iy) * s.w + ix) * s.c;
              for (int c = 0; c < s.c; ++c) acc[c] += p[c];
              ++count;
            }
          }
          float* out = y + ((static_cast<size_t>(b) * s.oh + oy) * s.ow + ox) * s.c;
          const float inv = count > 0 ? 1.f / count : 0.f;
          for (int c = 0; c < s.c; ++c) out[c] = acc[c] * inv;
        }
      }
    }
  });
}

void avgpool_backward(const PoolShape& s, const float* dy, float* dx) {
  const float mult = 1.f / (s.kh * s.kw);
  parallel_for(s.n, [&](int b0, int b1) {
    const size_t img0 = static_cast<size_t>(b0) * s.h * s.w * s.c;
    std::memset(dx + img0, 0, sizeof(float) * (static_cast<size_t>(b1) * s.h * s.w * s.c - img0));
    for (int b = b0; b < b1; ++b) {
      float* dimg = dx + static_cast<size_t>(b) * s.h * s.w * s.c;
      for (int oy = 0; oy < s.oh; ++oy) {
        const int ry = oy * s.sh - s.padT;
        for (int ox = 0; ox < s.ow; ++ox) {
          const int rx = ox * s.sw - s.padL;
          const float* g = dy + ((static_cast<size_t>(b) * s.oh + oy) * s.ow + ox) * s.c;
          for (int ky = firstTap(ry, s.dh); ky < s.kh; ++ky) {
            const int iy = ry + ky * s.dh;
            if (iy >= s.h) break;
            for (int kx = firstTap(rx, s.dw); kx < s.kw; ++kx) {
              const int ix = rx + kx * s.dw;
              if (ix >= s.w) break;
              float* d = dimg + (static_cast<size_t>(iy) * s.w + ix) * s.c;
              for (int c = 0; c < s.c; ++c) d[c] += g[c] * mult;
            }
          }
        }
      }
    }
  });
}

}  // namespace ll

namespace ll::LL_ISA {

// Backward of act(z + bias) followed by a max pool whose windows tile the input (stride == size,
// no padding): g[z] = act'(y) · dy_pool at each window's argmax of y (first max wins), 0 elsewhere;
// db = Σ g over all but the channel axis. One pass, every element of g written once.
bool maxpool_bias_act_grad(const PoolShape& s, const float* y, const float* dyPool, float* g, float* db, int act) {
  if (s.c > 256) return false;
  // Two tight passes beat one fused pass here (measured): the pool gradient into a scratch
  // buffer, then the activation mask and bias sums.
  const size_t n = static_cast<size_t>(s.n) * s.h * s.w * s.c;
  float* dPool = scratch(n, 3);
  maxpool_backward(s, y, dyPool, dPool);
  bias_act_grad(dPool, y, act == kRelu ? g : dPool, db, n / s.c, s.c, act);
  if (act != kRelu) std::memcpy(g, dPool, sizeof(float) * n);
  return true;
}

}  // namespace ll
