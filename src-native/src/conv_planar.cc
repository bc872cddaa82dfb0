// Stride-1 convolution vectorized over output columns, reading a zero-padded planar input
// ([n][c][hp][wp]). Used where channels are too few for channel vectors: the first layer of a
// LeNet (1 input channel) and the input gradient of small layers (computed as a convolution of
// the padded output gradient with the flipped, transposed filter).
#include <algorithm>
#include <cstring>

#include "conv.h"
#include "simd.h"

namespace ll::LL_ISA {

namespace {
// Output channels per register group (accumulators: G v16s): 4 or 8 (with 32 AVX-512 registers), or 6 when
// the channels come in sixes (LeNet's first layer), which 4 or 8 would leave a quarter idle.
inline int groupSize(int cout) {
  if (LL_VEC_BYTES >= 32 && cout % 6 == 0 && cout % (kWide ? 8 : 4) != 0) return 6;
  return kWide ? 8 : 4;
}


// out[b][oy][ox][co] for images b in [b0, b1) (NHWC, row stride outC) = Σ_{ky,kx,ci} in[b][ci][oy+ky][ox+kx] · wg[ky][kx][ci][g]
// in: planar padded input with row width wp (≥ ow + kw - 1 + 16 slack), height hp.
// wg: weights regrouped as [group][ky][kx][ci][G] (zero for channels past cout).
template <int G>
void planarConv(const float* in, int b0, int b1, int cin, int hp, int wp, const float* wg, int kh, int kw, int cout, int oh,
                int ow, float* out, int outC, int co0Out, const float* bias = nullptr, size_t biasSize = 0,
                bool relu = false) {
  const int groups = (cout + G - 1) / G;
  const int nch = (ow + 15) / 16;
  const size_t plane = static_cast<size_t>(hp) * wp;
  float tmp[G][16];
  for (int b = b0; b < b1; ++b) {
    const float* img = in + static_cast<size_t>(b) * cin * plane;
    for (int oy = 0; oy < oh; ++oy) {
      for (int grp = 0; grp < groups; ++grp) {
        const float* wgrp = wg + static_cast<size_t>(grp) * kh * kw * cin * G;
        const int gc = std::min(G, cout - grp * G);
        for (int j = 0; j < nch; ++j) {
          v16 acc[G] = {};
          const float* w = wgrp;
          for (int ky = 0; ky < kh; ++ky) {
            for (int kx = 0; kx < kw; ++kx) {
              const float* src = img + static_cast<size_t>(oy + ky) * wp + kx + j * 16;
              for (int ci = 0; ci < cin; ++ci, w += G) {
                const v16 xv = load16(src + ci * plane);
                for (int g = 0; g < G; ++g) acc[g] += xv * w[g];
              }
            }
          }
          for (int g = 0; g < G; ++g) store16(tmp[g], acc[g]);
          const int cols = std::min(16, ow - j * 16);
          float* orow = out + ((static_cast<size_t>(b) * oh + oy) * ow + j * 16) * outC + co0Out + grp * G;
          float bg[G] = {};
          if (bias != nullptr)
            for (int g = 0; g < gc; ++g) bg[g] = biasSize == 1 ? bias[0] : bias[grp * G + g];
          for (int c = 0; c < cols; ++c)
            for (int g = 0; g < gc; ++g) {
              const float v = tmp[g][c] + bg[g];
              orow[static_cast<size_t>(c) * outC + g] = relu ? std::max(v, 0.f) : v;
            }
        }
      }
    }
  }
}

// Regroups w (indexed by fn(ky, kx, ci, co)) into [group][ky][kx][ci][G].
template <int G, typename F>
float* regroup(int kh, int kw, int cin, int cout, F fn, int slot) {
  const int groups = (cout + G - 1) / G;
  const size_t size = static_cast<size_t>(groups) * kh * kw * cin * G;
  float* wg = scratch(size, slot);
  std::memset(wg, 0, sizeof(float) * size);
  for (int grp = 0; grp < groups; ++grp)
    for (int ky = 0; ky < kh; ++ky)
      for (int kx = 0; kx < kw; ++kx)
        for (int ci = 0; ci < cin; ++ci)
          for (int g = 0; g < G && grp * G + g < cout; ++g)
            wg[((((static_cast<size_t>(grp) * kh + ky) * kw + kx) * cin + ci) * G) + g] = fn(ky, kx, ci, grp * G + g);
  return wg;
}
}  // namespace

namespace {
template <int G>
void forwardPlanar(const ConvShape& s, const float* x, const float* w, float* y, const float* bias, size_t biasSize, int act,
                   float alpha) {
  const int hp = s.oh + s.kh - 1;
  const int wp = ((s.ow + 15) / 16) * 16 + s.kw - 1 + 16;
  const size_t plane = static_cast<size_t>(hp) * wp;
  float* in = scratch(plane * s.n, 1);
  float* wg = regroup<G>(s.kh, s.kw, 1, s.cout,
                      [&](int ky, int kx, int, int co) { return w[(static_cast<size_t>(ky) * s.kw + kx) * s.cout + co]; }, 2);
  const bool fuse = act == kLinear || act == kRelu;  // bias and relu applied while storing
  parallel_for(s.n, [&](int b0, int b1) {
    std::memset(in + b0 * plane, 0, sizeof(float) * plane * (b1 - b0));
    for (int b = b0; b < b1; ++b)
      for (int yy = 0; yy < s.h; ++yy) {
        const int py = yy + s.padT;
        if (py < 0 || py >= hp) continue;
        for (int xx = 0; xx < s.w; ++xx) {
          const int px = xx + s.padL;
          if (px >= 0 && px < wp) in[b * plane + static_cast<size_t>(py) * wp + px] = x[(static_cast<size_t>(b) * s.h + yy) * s.w + xx];
        }
      }
    planarConv<G>(in, b0, b1, 1, hp, wp, wg, s.kh, s.kw, s.cout, s.oh, s.ow, y, s.cout, 0, fuse ? bias : nullptr, biasSize,
               act == kRelu);
  });
  if (!fuse) bias_act(y, static_cast<size_t>(s.n) * s.oh * s.ow, s.cout, bias, biasSize, act, alpha);
}

template <int G>
void backpropInputPlanar(const ConvShape& s, const float* dy, const float* w, float* dx) {
  // dx = conv(dy padded by (k-1-pad), w flipped with in/out channels swapped)
  const int offY = s.kh - 1 - s.padT, offX = s.kw - 1 - s.padL;
  const int hp = s.h + s.kh - 1;
  const int wp = ((s.w + 15) / 16) * 16 + s.kw - 1 + 16;
  const size_t plane = static_cast<size_t>(hp) * wp;
  float* in = scratch(plane * s.n * s.cout, 1);
  float* wg = regroup<G>(s.kh, s.kw, s.cout, s.cin,
                      [&](int ky, int kx, int co, int ci) {
                        return w[((static_cast<size_t>(s.kh - 1 - ky) * s.kw + (s.kw - 1 - kx)) * s.cin + ci) * s.cout + co];
                      }, 2);
  parallel_for(s.n, [&](int b0, int b1) {
    std::memset(in + static_cast<size_t>(b0) * s.cout * plane, 0, sizeof(float) * plane * s.cout * (b1 - b0));
    for (int b = b0; b < b1; ++b)
      for (int oy = 0; oy < s.oh; ++oy) {
        const int py = oy + offY;
        if (py >= hp) break;
        for (int ox = 0; ox < s.ow; ++ox) {
          const int px = ox + offX;
          if (px >= wp) break;
          const float* g = dy + ((static_cast<size_t>(b) * s.oh + oy) * s.ow + ox) * s.cout;
          float* dst = in + static_cast<size_t>(b) * s.cout * plane + static_cast<size_t>(py) * wp + px;
          for (int co = 0; co < s.cout; ++co) dst[co * plane] = g[co];
        }
      }
    planarConv<G>(in, b0, b1, s.cout, hp, wp, wg, s.kh, s.kw, s.cin, s.h, s.w, dx, s.cin, 0);
  });
}
}  // namespace

bool conv2d_forward_planar(const ConvShape& s, const float* x, const float* w, float* y, const float* bias,
                           size_t biasSize, int act, float alpha) {
  if (s.cin != 1 || s.sh != 1 || s.sw != 1 || s.dh != 1 || s.dw != 1 || s.cout > 32) return false;
  if (groupSize(s.cout) == 6) forwardPlanar<6>(s, x, w, y, bias, biasSize, act, alpha);
  else forwardPlanar<kWide ? 8 : 4>(s, x, w, y, bias, biasSize, act, alpha);
  return true;
}

bool conv2d_backprop_input_planar(const ConvShape& s, const float* dy, const float* w, float* dx) {
  if (s.sh != 1 || s.sw != 1 || s.dh != 1 || s.dw != 1 || s.cin > 32) return false;
  if (s.padT > s.kh - 1 || s.padL > s.kw - 1) return false;
  if (groupSize(s.cin) == 6) backpropInputPlanar<6>(s, dy, w, dx);
  else backpropInputPlanar<kWide ? 8 : 4>(s, dy, w, dx);
  return true;
}

}  // namespace ll
