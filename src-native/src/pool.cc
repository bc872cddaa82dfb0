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

// Windows that tile the input: stride == size, no padding or dilation, every window inside the image.
// The common 2×2 pooling of a convnet; its loops run over channels, contiguous in NHWC.
inline bool tiles(const PoolShape& s) {
  return s.sh == s.kh && s.sw == s.kw && s.dh == 1 && s.dw == 1 && s.padT == 0 && s.padL == 0 &&
         s.oh * s.kh <= s.h && s.ow * s.kw <= s.w;
}

constexpr int CB = 16;  // channels per block

// v when keep, else +0, without a branch
inline float keepIf(bool keep, float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, 4);
  bits &= 0u - static_cast<uint32_t>(keep);
  std::memcpy(&v, &bits, 4);
  return v;
}

template <int KH, int KW>
void maxpoolForwardWindows(const PoolShape& s, const float* img, float* out, int kh, int kw) {
  const int KHr = KH > 0 ? KH : kh, KWr = KW > 0 ? KW : kw;
  const size_t rowStride = static_cast<size_t>(s.w) * s.c;
  for (int oy = 0; oy < s.oh; ++oy) {
    for (int ox = 0; ox < s.ow; ++ox) {
      const float* __restrict q = img + static_cast<size_t>(oy) * KHr * rowStride + static_cast<size_t>(ox) * KWr * s.c;
      float* __restrict o = out + (static_cast<size_t>(oy) * s.ow + ox) * s.c;
      for (int c = 0; c < s.c; ++c) {
        float best = -std::numeric_limits<float>::infinity();
        for (int ky = 0; ky < KHr; ++ky)
          for (int kx = 0; kx < KWr; ++kx) best = std::max(best, q[ky * rowStride + kx * s.c + c]);
        o[c] = best;
      }
    }
  }
}

void maxpoolForwardTiled(const PoolShape& s, const float* x, float* y) {
  parallel_for(s.n, [&](int b0, int b1) {
    for (int b = b0; b < b1; ++b) {
      const float* img = x + static_cast<size_t>(b) * s.h * s.w * s.c;
      float* out = y + static_cast<size_t>(b) * s.oh * s.ow * s.c;
      if (s.kh == 2 && s.kw == 2) maxpoolForwardWindows<2, 2>(s, img, out, 2, 2);
      else maxpoolForwardWindows<0, 0>(s, img, out, s.kh, s.kw);
    }
  });
}

// One row of windows; per channel the taps run in registers (KH, KW > 0: fixed at compile time, unrolled).
template <int KH, int KW>
void maxpoolBackwardWindows(const PoolShape& s, const float* img, const float* dy, float* dimg, bool relu, int kh, int kw,
                            float* sums) {
  const int KHr = KH > 0 ? KH : kh, KWr = KW > 0 ? KW : kw;
  const size_t rowStride = static_cast<size_t>(s.w) * s.c;
  for (int oy = 0; oy < s.oh; ++oy) {
    for (int ox = 0; ox < s.ow; ++ox) {
      const size_t off = static_cast<size_t>(oy) * KHr * rowStride + static_cast<size_t>(ox) * KWr * s.c;
      const float* __restrict q = img + off;
      float* __restrict d = dimg + off;
      const float* g = dy + (static_cast<size_t>(oy) * s.ow + ox) * s.c;
      for (int c = 0; c < s.c; ++c) {
        float best = -std::numeric_limits<float>::infinity();
        int arg = -1;
        for (int ky = 0; ky < KHr; ++ky)
          for (int kx = 0; kx < KWr; ++kx) {
            // arithmetic selects: on relu outputs the comparisons are coin flips, and a branch mispredicts
            const float v = q[ky * rowStride + kx * s.c + c];
            const int gt = v > best;
            best = std::max(best, v);
            arg += gt * (ky * KWr + kx - arg);
          }
        const float gv = keepIf(!relu || best > 0.f, g[c]);
        if (sums != nullptr) sums[c] += gv;
        for (int ky = 0; ky < KHr; ++ky)
          for (int kx = 0; kx < KWr; ++kx) d[ky * rowStride + kx * s.c + c] = keepIf(arg == ky * KWr + kx, gv);
      }
    }
  }
}


// dx of a tiling max pool, every element written once: each window's gradient at its first largest
// input, 0 elsewhere; with relu, 0 also where that input is not positive (the gradient of relu(z) then pool).
// imgSums (optional, [n][c]): each image's per-channel sum of its gradient, in a fixed order whatever the threads.
void maxpoolBackwardTiled(const PoolShape& s, const float* x, const float* dy, float* dx, bool relu, float* imgSums = nullptr) {
  parallel_for(s.n, [&](int b0, int b1) {
    for (int b = b0; b < b1; ++b) {
      const size_t imgOff = static_cast<size_t>(b) * s.h * s.w * s.c;
      const float* gImg = dy + static_cast<size_t>(b) * s.oh * s.ow * s.c;
      float* sums = imgSums == nullptr ? nullptr : imgSums + static_cast<size_t>(b) * s.c;
      if (sums != nullptr) std::fill(sums, sums + s.c, 0.f);
      if (s.kh == 2 && s.kw == 2) maxpoolBackwardWindows<2, 2>(s, x + imgOff, gImg, dx + imgOff, relu, 2, 2, sums);
      else maxpoolBackwardWindows<0, 0>(s, x + imgOff, gImg, dx + imgOff, relu, s.kh, s.kw, sums);
      // rows and columns no window covers
      float* dimg = dx + imgOff;
      const size_t rowLen = static_cast<size_t>(s.w) * s.c;
      for (int yy = 0; yy < s.h; ++yy) {
        float* row = dimg + yy * rowLen;
        if (yy >= s.oh * s.kh) std::memset(row, 0, sizeof(float) * rowLen);
        else if (s.ow * s.kw < s.w) std::memset(row + static_cast<size_t>(s.ow) * s.kw * s.c, 0, sizeof(float) * (s.w - s.ow * s.kw) * s.c);
      }
    }
  });
}
}  // namespace

void maxpool_forward(const PoolShape& s, const float* x, float* y) {
  if (tiles(s)) return maxpoolForwardTiled(s, x, y);
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
  if (tiles(s)) return maxpoolBackwardTiled(s, x, dy, dx, false);
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
  const size_t n = static_cast<size_t>(s.n) * s.h * s.w * s.c;
  if ((act == kRelu || act == kLinear) && tiles(s)) {
    // the pool gradient with the relu mask applied at each window's argmax, then the bias sums
    // db from each image's sums (the gradient is nonzero only at the windows' maxima), accumulated in double
    float* sums = scratch(static_cast<size_t>(s.n) * s.c, 3);
    maxpoolBackwardTiled(s, y, dyPool, g, act == kRelu, sums);
    for (int c = 0; c < s.c; ++c) {
      double acc = 0.0;
      for (int b = 0; b < s.n; ++b) acc += sums[static_cast<size_t>(b) * s.c + c];
      db[c] = static_cast<float>(acc);
    }
    return true;
  }
  // Two tight passes beat one fused pass here (measured): the pool gradient into a scratch
  // buffer, then the activation mask and bias sums.
  float* dPool = scratch(n, 3);
  maxpool_backward(s, y, dyPool, dPool);
  bias_act_grad(dPool, y, act == kRelu ? g : dPool, db, n / s.c, s.c, act);
  if (act != kRelu) std::memcpy(g, dPool, sizeof(float) * n);
  return true;
}

}  // namespace ll
