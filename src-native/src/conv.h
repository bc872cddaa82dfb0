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

void conv2d_forward(const ConvShape& s, const float* x, const float* w, float* y, const float* bias, size_t biasSize,
                    int act, float alpha);
void conv2d_backprop_input(const ConvShape& s, const float* dy, const float* w, float* dx);
void conv2d_backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dw);
// Direct kernels for small channel counts; return false when the shape is not theirs.
bool conv2d_forward_direct(const ConvShape& s, const float* x, const float* w, float* y, const float* bias,
                           size_t biasSize, int act, float alpha);
bool conv2d_backprop_filter_direct(const ConvShape& s, const float* x, const float* dy, float* dw);
bool conv2d_backprop_filter_cvec(const ConvShape& s, const float* x, const float* dy, float* dw);
bool conv2d_forward_planar(const ConvShape& s, const float* x, const float* w, float* y, const float* bias,
                           size_t biasSize, int act, float alpha);
bool conv2d_backprop_input_planar(const ConvShape& s, const float* dy, const float* w, float* dx);

struct PoolShape {
  int n, h, w, c;
  int oh, ow;
  int kh, kw, sh, sw, dh, dw, padT, padL;
};

void maxpool_forward(const PoolShape& s, const float* x, float* y);
void maxpool_backward(const PoolShape& s, const float* x, const float* dy, float* dx);
void avgpool_forward(const PoolShape& s, const float* x, float* y);
void avgpool_backward(const PoolShape& s, const float* dy, float* dx);
bool maxpool_bias_act_grad(const PoolShape& s, const float* y, const float* dyPool, float* g, float* db, int act);

void relu_grad(const float* dy, const float* y, float* out, size_t n);
void dropout_mask(float* out, size_t n, double keep, uint32_t seed);
void bias_act_grad(const float* dy, const float* y, float* g, float* db, size_t rows, size_t cols, int act);
void sgd_momentum(const float* w, const float* v, const float* g, float* wOut, float* vOut, size_t n, float lr, float mu);

}  // namespace ll
