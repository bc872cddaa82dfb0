// Direct convolution kernels for the small-channel convolutions of LeNet-style nets, where
// im2col + sgemm wastes time on a 5 MB column matrix and on GEMMs with N = 6 or 16.
// Vectorized with GCC/Clang vector extensions: 16 float lanes over output channels (forward)
// or output columns (filter gradient). Compiled once per instruction set (see kernels.inc).
#include <algorithm>
#include <cstring>

#include "conv.h"
#include "simd.h"

namespace ll::LL_ISA {

namespace {

// Zero-padded copy of the input: rows [0, hp) and columns [0, wp) cover every tap of every output.
// Returns x itself when no padding is needed. `slack` extra zero floats follow the buffer.
const float* padInput(const ConvShape& s, const float* x, int& hp, int& wp, size_t slack, int slot) {
  hp = std::max(s.h + s.padT, (s.oh - 1) * s.sh + (s.kh - 1) * s.dh + 1);
  wp = std::max(s.w + s.padL, (s.ow - 1) * s.sw + (s.kw - 1) * s.dw + 1);
  const bool needPad = s.padT > 0 || s.padL > 0 || hp > s.h || wp > s.w;
  if (!needPad && slack == 0) {
    hp = s.h;
    wp = s.w;
    return x;
  }
  const size_t img = static_cast<size_t>(hp) * wp * s.cin;
  float* xp = scratch(img * s.n + slack, slot);
  std::memset(xp, 0, sizeof(float) * (img * s.n + slack));
  const int rows = std::min(s.h, hp - s.padT);
  const int cols = std::min(s.w, wp - s.padL);
  for (int b = 0; b < s.n; ++b) {
    for (int y = 0; y < rows; ++y) {
      std::memcpy(xp + b * img + (static_cast<size_t>(y + s.padT) * wp + s.padL) * s.cin,
                  x + ((static_cast<size_t>(b) * s.h + y) * s.w) * s.cin, sizeof(float) * cols * s.cin);
    }
  }
  return xp;
}

inline v16 activate(v16 v, int act, float alpha) {
  switch (act) {
    case kRelu:
      return vmax(v, v16{});
    case kRelu6:
      return vmin(vmax(v, v16{}), splat16(6.f));
    case kLeakyRelu:
      return vmax(v, v16{}) + vmin(v, v16{}) * alpha;
    default:
      return v;  // sigmoid/elu are applied afterwards by bias_act
  }
}

template <int NP>
void forwardBlock(const ConvShape& s, const float* xrow0, int wp, const float* wpk, int K, v16 bias, int act,
                  float alpha, float* yout, int cb) {
  v16 acc[NP];
  for (int p = 0; p < NP; ++p) acc[p] = bias;
  const size_t pixStride = static_cast<size_t>(s.sw) * s.cin;
  const float* wk = wpk;
  for (int ky = 0; ky < s.kh; ++ky) {
    const float* row = xrow0 + static_cast<size_t>(ky) * s.dh * wp * s.cin;
    for (int kx = 0; kx < s.kw; ++kx) {
      const float* base = row + static_cast<size_t>(kx) * s.dw * s.cin;
      for (int ci = 0; ci < s.cin; ++ci, wk += 16) {
        const v16 wv = load16(wk);
        for (int p = 0; p < NP; ++p) acc[p] += base[p * pixStride + ci] * wv;
      }
    }
  }
  (void)K;
  for (int p = 0; p < NP; ++p) {
    v16 v = activate(acc[p], act, alpha);
    if (cb == 16) store16(yout + static_cast<size_t>(p) * s.cout, v);
    else {
      float tmp[16];
      store16(tmp, v);
      std::memcpy(yout + static_cast<size_t>(p) * s.cout, tmp, sizeof(float) * cb);
    }
  }
}

}  // namespace

bool conv2d_forward_direct(const ConvShape& s, const float* x, const float* w, float* y, const float* bias,
                           size_t biasSize, int act, float alpha) {
  if (s.cout > 64) return false;
  int hp, wp;
  const float* xp = padInput(s, x, hp, wp, 0, 1);
  const int K = s.kh * s.kw * s.cin;
  const int nblk = (s.cout + 15) / 16;
  float* wpk = scratch(static_cast<size_t>(nblk) * K * 16, 2);
  std::memset(wpk, 0, sizeof(float) * nblk * K * 16);
  for (int blk = 0; blk < nblk; ++blk) {
    for (int t = 0; t < K; ++t) {
      for (int c = 0; c < 16 && blk * 16 + c < s.cout; ++c) wpk[(static_cast<size_t>(blk) * K + t) * 16 + c] = w[static_cast<size_t>(t) * s.cout + blk * 16 + c];
    }
  }
  const int simpleAct = (act == kRelu || act == kRelu6 || act == kLeakyRelu || act == kLinear) ? act : kLinear;
  const size_t imgP = static_cast<size_t>(hp) * wp * s.cin;
  v16 bvs[4] = {};
  for (int blk = 0; blk < nblk; ++blk) {
    for (int c = 0; c < 16 && blk * 16 + c < s.cout; ++c) {
      if (bias != nullptr) bvs[blk][c] = biasSize == 1 ? bias[0] : bias[blk * 16 + c];
    }
  }
  parallel_for(s.n, [&](int b0, int b1) {
    for (int b = b0; b < b1; ++b) {
      for (int blk = 0; blk < nblk; ++blk) {
        const int co0 = blk * 16;
        const int cb = std::min(16, s.cout - co0);
        const v16 bv = bvs[blk];
        const float* wb = wpk + static_cast<size_t>(blk) * K * 16;
        for (int oy = 0; oy < s.oh; ++oy) {
          const float* xrow = xp + b * imgP + static_cast<size_t>(oy) * s.sh * wp * s.cin;
          float* yrow = y + ((static_cast<size_t>(b) * s.oh + oy) * s.ow) * s.cout + co0;
          int ox = 0;
          if (kWide) {
            for (; ox + 8 <= s.ow; ox += 8) {
              forwardBlock<8>(s, xrow + static_cast<size_t>(ox) * s.sw * s.cin, wp, wb, K, bv, simpleAct, alpha,
                              yrow + static_cast<size_t>(ox) * s.cout, cb);
            }
          }
          for (; ox + 4 <= s.ow; ox += 4) {
            forwardBlock<4>(s, xrow + static_cast<size_t>(ox) * s.sw * s.cin, wp, wb, K, bv, simpleAct, alpha,
                            yrow + static_cast<size_t>(ox) * s.cout, cb);
          }
          for (; ox < s.ow; ++ox) {
            forwardBlock<1>(s, xrow + static_cast<size_t>(ox) * s.sw * s.cin, wp, wb, K, bv, simpleAct, alpha,
                            yrow + static_cast<size_t>(ox) * s.cout, cb);
          }
        }
      }
    }
  });
  if (act != simpleAct) bias_act(y, static_cast<size_t>(s.n) * s.oh * s.ow, s.cout, nullptr, 0, act, alpha);
  return true;
}

// dW for single-channel input, stride 1, no dilation: for each output row, the taps of a row of
// outputs are a contiguous slice of a padded input row, so dW[ky,kx,co] += slice · dyᵀ[co].
bool conv2d_backprop_filter_direct(const ConvShape& s, const float* x, const float* dy, float* dw) {
  if (s.cin != 1 || s.sh != 1 || s.sw != 1 || s.dh != 1 || s.dw != 1 || s.cout > 64) return false;
  int hp, wp;
  const float* xp = padInput(s, x, hp, wp, 64, 1);
  const int nch = (s.ow + 15) / 16;
  const int taps = s.kh * s.kw;
  const size_t accSize = static_cast<size_t>(taps) * s.cout * nch * 16;
  float* acc = scratch(accSize + static_cast<size_t>(s.cout) * nch * 16, 2);
  float* dyT = acc + accSize;
  std::memset(acc, 0, sizeof(float) * (accSize + static_cast<size_t>(s.cout) * nch * 16));
  const size_t img = static_cast<size_t>(hp) * wp;
  for (int b = 0; b < s.n; ++b) {
    for (int oy = 0; oy < s.oh; ++oy) {
      const float* g = dy + ((static_cast<size_t>(b) * s.oh + oy) * s.ow) * s.cout;
      for (int ox = 0; ox < s.ow; ++ox)
        for (int co = 0; co < s.cout; ++co) dyT[static_cast<size_t>(co) * nch * 16 + ox] = g[static_cast<size_t>(ox) * s.cout + co];
      for (int ky = 0; ky < s.kh; ++ky) {
        const float* row = xp + b * img + static_cast<size_t>(oy + ky) * wp;
        for (int kx = 0; kx < s.kw; ++kx) {
          const float* xs = row + kx;
          float* a = acc + static_cast<size_t>(ky * s.kw + kx) * s.cout * nch * 16;
          for (int j = 0; j < nch; ++j) {
            const v16 xv = load16(xs + j * 16);
            for (int co = 0; co < s.cout; ++co) {
              float* ap = a + (static_cast<size_t>(co) * nch + j) * 16;
              store16(ap, load16(ap) + xv * load16(dyT + (static_cast<size_t>(co) * nch + j) * 16));
            }
          }
        }
      }
    }
  }
  for (int t = 0; t < taps; ++t) {
    for (int co = 0; co < s.cout; ++co) {
      const float* a = acc + (static_cast<size_t>(t) * s.cout + co) * nch * 16;
      float sum = 0.f;
      for (int j = 0; j < nch * 16; ++j) sum += a[j];
      dw[static_cast<size_t>(t) * s.cout + co] = sum;
    }
  }
  return true;
}

// dW for a few output channels (≤ 16, one vector): per filter row ky, the taps (kx, ci) of a pixel
// are contiguous in the input, so for a group of TG taps the accumulators dW[tap][0..16] stay in
// registers while every output pixel is visited once. dy is read in place, 16 floats from each
// pixel (lanes past cout are ignored); the last pixels, where that would run off the end, go
// through a zero-padded copy.
template <int TG>
void filterGradCvec(const ConvShape& s, const float* xp, int hp, int wp, const float* dy, float* dw) {
  const size_t P = static_cast<size_t>(s.n) * s.oh * s.ow;
  const size_t safeP = P * s.cout >= 16 ? (P * s.cout - 16) / s.cout + 1 : 0;  // pixels whose 16-float read stays inside dy
  // the remaining pixels (fewer than 16) read from a zero-padded copy, 16 floats each
  float tailBuf[16 * 16] = {};
  for (size_t p = safeP; p < P; ++p) std::memcpy(tailBuf + (p - safeP) * 16, dy + p * s.cout, sizeof(float) * s.cout);
  const int rowTaps = s.kw * s.cin;
  const int groups = (rowTaps + TG - 1) / TG;
  // one work item per (filter row, tap group): each writes its own taps of dW
  parallel_for(s.kh * groups, [&](int i0, int i1) {
    for (int item = i0; item < i1; ++item) {
      const int ky = item / groups;
      const int t0 = (item % groups) * TG;
      const int tg = std::min(TG, rowTaps - t0);
      v16 acc[TG] = {};
      size_t p = 0;
      for (int b = 0; b < s.n; ++b) {
        for (int oy = 0; oy < s.oh; ++oy) {
          const float* xrow = xp + ((static_cast<size_t>(b) * hp + oy * s.sh + ky) * wp) * s.cin + t0;
          for (int ox = 0; ox < s.ow; ++ox, ++p) {
            const float* xs = xrow + static_cast<size_t>(ox) * s.sw * s.cin;
            const float* gp = p < safeP ? dy + p * s.cout : tailBuf + (p - safeP) * 16;
            const v16 gv = load16(gp);
            for (int t = 0; t < TG; ++t) acc[t] += xs[t] * gv;
          }
        }
      }
      float tmp[16];
      for (int t = 0; t < tg; ++t) {
        store16(tmp, acc[t]);
        std::memcpy(dw + (static_cast<size_t>(ky) * rowTaps + t0 + t) * s.cout, tmp, sizeof(float) * s.cout);
      }
    }
  });
}

bool conv2d_backprop_filter_cvec(const ConvShape& s, const float* x, const float* dy, float* dw) {
  if (s.cout > 16 || s.dh != 1 || s.dw != 1) return false;
  int hp, wp;
  const float* xp = padInput(s, x, hp, wp, 16 + 16, 1);  // slack: a tap group may read past the last row
  const int rowTaps = s.kw * s.cin;
  if (rowTaps <= 4) filterGradCvec<4>(s, xp, hp, wp, dy, dw);
  else if (!kWide) filterGradCvec<6>(s, xp, hp, wp, dy, dw);  // 12 of 16 registers for the accumulators
  else if (rowTaps <= 8) filterGradCvec<8>(s, xp, hp, wp, dy, dw);
  else filterGradCvec<12>(s, xp, hp, wp, dy, dw);
  return true;
}

}  // namespace ll
