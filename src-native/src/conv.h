// Kernel shapes and the table of kernels. Every kernel is compiled once per instruction set
// (kernels.inc, included by isa_generic.cc, isa_avx2.cc and isa_avx512.cc into the namespaces
// ll::generic, ll::avx2 and ll::avx512); isa.cc picks one table when the addon loads.
#pragma once
#include "common.h"

namespace ll {

struct ConvShape {
  int n, h, w, cin;      // input NHWC
  int oh, ow, cout;      // output
  int kh, kw;            // filter HWIO: [kh, kw, cin, cout]
  int sh, sw, dh, dw;    // strides, dilations
  int padT, padL;        // leading padding
};

struct PoolShape {
  int n, h, w, c;
  int oh, ow;
  int kh, kw, sh, sw, dh, dw, padT, padL;
};

struct Kernels {
  const char* isa;
  void (*conv2d_forward)(const ConvShape& s, const float* x, const float* w, float* y, const float* bias,
                         size_t biasSize, int act, float alpha);
  void (*conv2d_backprop_input)(const ConvShape& s, const float* dy, const float* w, float* dx);
  void (*conv2d_backprop_filter)(const ConvShape& s, const float* x, const float* dy, float* dw);
  void (*maxpool_forward)(const PoolShape& s, const float* x, float* y);
  void (*maxpool_backward)(const PoolShape& s, const float* x, const float* dy, float* dx);
  void (*avgpool_forward)(const PoolShape& s, const float* x, float* y);
  void (*avgpool_backward)(const PoolShape& s, const float* dy, float* dx);
  bool (*maxpool_bias_act_grad)(const PoolShape& s, const float* y, const float* dyPool, float* g, float* db, int act);
  void (*relu_grad)(const float* dy, const float* y, float* out, size_t n);
  void (*dropout_mask)(float* out, size_t n, double keep, uint32_t seed);
  void (*bias_act_grad)(const float* dy, const float* y, float* g, float* db, size_t rows, size_t cols, int act);
  void (*sgd_momentum)(const float* w, const float* v, const float* g, float* wOut, float* vOut, size_t n, float lr,
                       float mu);
  // y[r, c] = act(y[r, c] + bias[c]) over a [rows, cols] block; bias may be null, biasSize 1 broadcasts.
  void (*bias_act)(float* y, size_t rows, size_t cols, const float* bias, size_t biasSize, int act, float alpha);
};

namespace generic { extern const Kernels table; }
#if defined(__x86_64__)
namespace avx2 { extern const Kernels table; }
namespace avx512 { extern const Kernels table; }
#endif

// The table chosen at load time (isa.cc): LAYERLAB_ISA=avx512|avx2|generic, else the best the CPU runs.
const Kernels& kernels();
// The CPU's vector features as detected ("avx512f avx512bw avx512dq avx512vl avx2 fma"), and why the
// chosen table is not the best one (empty when it is).
const char* cpu_features();
const char* isa_note();

}  // namespace ll
