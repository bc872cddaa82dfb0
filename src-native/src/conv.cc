// Conv2D (NHWC input, HWIO filter) forward and gradients via im2col + sgemm.
#include <algorithm>
#include <cstring>

#include "conv.h"

namespace ll::LL_ISA {

namespace {

// Rows of the im2col matrix for images [b0, b0+nb): row p = (b, oy, ox), column k = (ky, kx, c).
void im2col(const ConvShape& s, const float* x, int b0, int nb, float* col) {
  const int K = s.kh * s.kw * s.cin;
  const size_t imgSize = static_cast<size_t>(s.h) * s.w * s.cin;
  for (int b = 0; b < nb; ++b) {
    const float* img = x + static_cast<size_t>(b0 + b) * imgSize;
    for (int oy = 0; oy < s.oh; ++oy) {
      for (int ox = 0; ox < s.ow; ++ox) {
        float* dst = col + ((static_cast<size_t>(b) * s.oh + oy) * s.ow + ox) * K;
        for (int ky = 0; ky < s.kh; ++ky) {
          const int iy = oy * s.sh - s.padT + ky * s.dh;
          if (iy < 0 || iy >= s.h) {
            std::memset(dst, 0, sizeof(float) * s.kw * s.cin);
            dst += s.kw * s.cin;
            continue;
          }
          const float* srcRow = img + static_cast<size_t>(iy) * s.w * s.cin;
          if (s.dw == 1) {
            // contiguous run of kx where the input column is inside the image
            const int ix0 = ox * s.sw - s.padL;
            const int lo = std::max(0, -ix0), hi = std::min(s.kw, s.w - ix0);
            if (lo > 0) std::memset(dst, 0, sizeof(float) * lo * s.cin);
            if (hi > lo) std::memcpy(dst + lo * s.cin, srcRow + static_cast<size_t>(ix0 + lo) * s.cin, sizeof(float) * (hi - lo) * s.cin);
            if (hi < s.kw) std::memset(dst + std::max(hi, lo) * s.cin, 0, sizeof(float) * (s.kw - std::max(hi, lo)) * s.cin);
            dst += s.kw * s.cin;
          } else {
            for (int kx = 0; kx < s.kw; ++kx) {
              const int ix = ox * s.sw - s.padL + kx * s.dw;
              if (ix < 0 || ix >= s.w) std::memset(dst, 0, sizeof(float) * s.cin);
              else std::memcpy(dst, srcRow + static_cast<size_t>(ix) * s.cin, sizeof(float) * s.cin);
              dst += s.cin;
            }
          }
        }
      }
    }
  }
}

// dx[b0..b0+nb) += scatter of the im2col-shaped gradient.
void col2im(const ConvShape& s, const float* col, int b0, int nb, float* dx) {
  const int K = s.kh * s.kw * s.cin;
  const size_t imgSize = static_cast<size_t>(s.h) * s.w * s.cin;
  for (int b = 0; b < nb; ++b) {
    float* img = dx + static_cast<size_t>(b0 + b) * imgSize;
    for (int oy = 0; oy < s.oh; ++oy) {
      for (int ox = 0; ox < s.ow; ++ox) {
        const float* src = col + ((static_cast<size_t>(b) * s.oh + oy) * s.ow + ox) * K;
        for (int ky = 0; ky < s.kh; ++ky) {
          const int iy = oy * s.sh - s.padT + ky * s.dh;
          if (iy < 0 || iy >= s.h) {
            src += s.kw * s.cin;
            continue;
          }
          float* dstRow = img + static_cast<size_t>(iy) * s.w * s.cin;
          for (int kx = 0; kx < s.kw; ++kx) {
            const int ix = ox * s.sw - s.padL + kx * s.dw;
            if (ix >= 0 && ix < s.w) {
              float* d = dstRow + static_cast<size_t>(ix) * s.cin;
              for (int c = 0; c < s.cin; ++c) d[c] += src[c];
            }
            src += s.cin;
          }
        }
      }
    }
  }
}

bool isPointwise(const ConvShape& s) {
  return s.kh == 1 && s.kw == 1 && s.sh == 1 && s.sw == 1 && s.padT == 0 && s.padL == 0 && s.oh == s.h && s.ow == s.w;
}

// Images per chunk so the im2col buffer stays under `limit` floats.
int chunkImages(const ConvShape& s, size_t limit = 8u << 20) {
  const size_t perImage = static_cast<size_t>(s.oh) * s.ow * s.kh * s.kw * s.cin;
  return static_cast<int>(std::max<size_t>(1, std::min<size_t>(s.n, limit / std::max<size_t>(perImage, 1))));
}

}  // namespace

void conv2d_forward(const ConvShape& s, const float* x, const float* w, float* y, const float* bias, size_t biasSize,
                    int act, float alpha) {
  const int K = s.kh * s.kw * s.cin;
  const size_t P = static_cast<size_t>(s.oh) * s.ow;
  if (!isPointwise(s) && conv2d_forward_planar(s, x, w, y, bias, biasSize, act, alpha)) return;
  if (s.cout <= 32 && !isPointwise(s) && conv2d_forward_direct(s, x, w, y, bias, biasSize, act, alpha)) return;
  if (isPointwise(s)) {
    sgemm(false, false, s.n * static_cast<int>(P), s.cout, K, 1.f, x, K, w, s.cout, 0.f, y, s.cout);
  } else {
    const int chunk = chunkImages(s);
    float* col = scratch(static_cast<size_t>(chunk) * P * K, 0);
    for (int b0 = 0; b0 < s.n; b0 += chunk) {
      const int nb = std::min(chunk, s.n - b0);
      im2col(s, x, b0, nb, col);
      sgemm(false, false, nb * static_cast<int>(P), s.cout, K, 1.f, col, K, w, s.cout, 0.f,
            y + static_cast<size_t>(b0) * P * s.cout, s.cout);
    }
  }
  bias_act(y, static_cast<size_t>(s.n) * P, s.cout, bias, biasSize, act, alpha);
}

void conv2d_backprop_input(const ConvShape& s, const float* dy, const float* w, float* dx) {
  const int K = s.kh * s.kw * s.cin;
  const size_t P = static_cast<size_t>(s.oh) * s.ow;
  if (isPointwise(s)) {
    sgemm(false, true, s.n * static_cast<int>(P), K, s.cout, 1.f, dy, s.cout, w, s.cout, 0.f, dx, K);
    return;
  }
  if (s.cin <= 16 && conv2d_backprop_input_planar(s, dy, w, dx)) return;
  std::memset(dx, 0, sizeof(float) * static_cast<size_t>(s.n) * s.h * s.w * s.cin);
  const int chunk = chunkImages(s, 64u << 10);  // col stays in L2 between the GEMM and col2im
  float* col = scratch(static_cast<size_t>(chunk) * P * K, 0);
  for (int b0 = 0; b0 < s.n; b0 += chunk) {
    const int nb = std::min(chunk, s.n - b0);
    sgemm(false, true, nb * static_cast<int>(P), K, s.cout, 1.f, dy + static_cast<size_t>(b0) * P * s.cout, s.cout, w,
          s.cout, 0.f, col, K);
    col2im(s, col, b0, nb, dx);
  }
}

void conv2d_backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dw) {
  if (conv2d_backprop_filter_cvec(s, x, dy, dw)) return;
  if (conv2d_backprop_filter_direct(s, x, dy, dw)) return;
  const int K = s.kh * s.kw * s.cin;
  const size_t P = static_cast<size_t>(s.oh) * s.ow;
  if (isPointwise(s)) {
    sgemm(true, false, K, s.cout, s.n * static_cast<int>(P), 1.f, x, K, dy, s.cout, 0.f, dw, s.cout);
    return;
  }
  const int chunk = chunkImages(s);
  float* col = scratch(static_cast<size_t>(chunk) * P * K, 0);
  for (int b0 = 0; b0 < s.n; b0 += chunk) {
    const int nb = std::min(chunk, s.n - b0);
    im2col(s, x, b0, nb, col);
    sgemm(true, false, K, s.cout, nb * static_cast<int>(P), 1.f, col, K, dy + static_cast<size_t>(b0) * P * s.cout,
          s.cout, b0 == 0 ? 0.f : 1.f, dw, s.cout);
  }
}

}  // namespace ll
