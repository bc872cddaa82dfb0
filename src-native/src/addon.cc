// N-API entry points. Every kernel takes the wasm heap (an ArrayBuffer) first and then
// float32 element offsets into it, so tensors of the tfjs wasm backend are used in place.
#include <napi.h>

#include <cstdlib>
#include <string>

#include "conv.h"
#include "parallel.h"

#if defined(LAYERLAB_OPENBLAS)
extern "C" {
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char* openblas_get_corename(void);
char* openblas_get_config(void);
}
#endif

namespace {

int g_threads = 1;

inline float* heapOf(const Napi::CallbackInfo& info) {
  return static_cast<float*>(info[0].As<Napi::ArrayBuffer>().Data());
}
inline int I(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().Int32Value(); }
inline size_t Z(const Napi::CallbackInfo& info, size_t i) {
  return static_cast<size_t>(info[i].As<Napi::Number>().Int64Value());
}
inline double D(const Napi::CallbackInfo& info, size_t i) { return info[i].As<Napi::Number>().DoubleValue(); }

void setThreads(int n) {
  if (n < 1) n = 1;
  g_threads = n;
  ll::set_pool_threads(n);
#if defined(LAYERLAB_OPENBLAS)
  openblas_set_num_threads(1);  // products are split over the addon's own threads (blas.cc)
#endif
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("isa", ll::kernels().isa);
  o.Set("cpuFeatures", ll::cpu_features());
  o.Set("isaNote", ll::isa_note());
  o.Set("poolThreads", ll::pool_threads());
#if defined(LAYERLAB_OPENBLAS)
  o.Set("lib", "openblas");
  o.Set("core", std::string(openblas_get_corename()));
  o.Set("config", std::string(openblas_get_config()));
  o.Set("threads", g_threads);
  o.Set("blasThreads", openblas_get_num_threads());
#elif defined(LAYERLAB_ACCELERATE)
  o.Set("lib", "accelerate");
  o.Set("core", "");
  o.Set("config", "");
  o.Set("threads", g_threads);
#endif
  return o;
}

Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  setThreads(I(info, 0));
  return info.Env().Undefined();
}

// matmul(heap, batch, M, N, K, transA, transB, aOff, aBatchStride, bOff, bBatchStride, cOff,
//        biasOff (-1: none), biasSize, act, alpha)
// C[b] = act(op(A[b]) op(B[b]) + bias); a batch stride of 0 broadcasts that operand.
Napi::Value MatMul(const Napi::CallbackInfo& info) {
  float* heap = heapOf(info);
  const int batch = I(info, 1), M = I(info, 2), N = I(info, 3), K = I(info, 4);
  const bool ta = info[5].ToBoolean(), tb = info[6].ToBoolean();
  const size_t aOff = Z(info, 7), aStride = Z(info, 8), bOff = Z(info, 9), bStride = Z(info, 10), cOff = Z(info, 11);
  const double biasOff = D(info, 12);
  const size_t biasSize = Z(info, 13);
  const int act = I(info, 14);
  const float alpha = static_cast<float>(D(info, 15));
  const float* bias = biasOff >= 0 ? heap + static_cast<size_t>(biasOff) : nullptr;
  const int lda = ta ? M : K, ldb = tb ? K : N;
  if (bStride == 0 && !ta && batch > 1 && aStride == static_cast<size_t>(M) * K) {
    // A batches are contiguous and B is shared: one big GEMM with batch*M rows
    ll::sgemm(false, tb, batch * M, N, K, 1.f, heap + aOff, lda, heap + bOff, ldb, 0.f, heap + cOff, N);
  } else {
    for (int b = 0; b < batch; ++b) {
      ll::sgemm(ta, tb, M, N, K, 1.f, heap + aOff + b * aStride, lda, heap + bOff + b * bStride, ldb, 0.f,
                heap + cOff + static_cast<size_t>(b) * M * N, N);
    }
  }
  ll::kernels().bias_act(heap + cOff, static_cast<size_t>(batch) * M, N, bias, biasSize, act, alpha);
  return info.Env().Undefined();
}

ll::ConvShape convShape(const Napi::CallbackInfo& info, size_t i) {
  ll::ConvShape s;
  s.n = I(info, i + 0); s.h = I(info, i + 1); s.w = I(info, i + 2); s.cin = I(info, i + 3);
  s.oh = I(info, i + 4); s.ow = I(info, i + 5); s.cout = I(info, i + 6);
  s.kh = I(info, i + 7); s.kw = I(info, i + 8);
  s.sh = I(info, i + 9); s.sw = I(info, i + 10); s.dh = I(info, i + 11); s.dw = I(info, i + 12);
  s.padT = I(info, i + 13); s.padL = I(info, i + 14);
  return s;
}
constexpr size_t kConvArgs = 15;

// conv2d(heap, xOff, wOff, yOff, biasOff, biasSize, act, alpha, ...shape)
Napi::Value Conv2D(const Napi::CallbackInfo& info) {
  float* heap = heapOf(info);
  const size_t xOff = Z(info, 1), wOff = Z(info, 2), yOff = Z(info, 3);
  const double biasOff = D(info, 4);
  const size_t biasSize = Z(info, 5);
  const int act = I(info, 6);
  const float alpha = static_cast<float>(D(info, 7));
  ll::ConvShape s = convShape(info, 8);
  ll::kernels().conv2d_forward(s, heap + xOff, heap + wOff, heap + yOff, biasOff >= 0 ? heap + static_cast<size_t>(biasOff) : nullptr,
                     biasSize, act, alpha);
  return info.Env().Undefined();
}

// conv2dBackpropInput(heap, dyOff, wOff, dxOff, ...shape)
Napi::Value Conv2DBackpropInput(const Napi::CallbackInfo& info) {
  float* heap = heapOf(info);
  ll::ConvShape s = convShape(info, 4);
  ll::kernels().conv2d_backprop_input(s, heap + Z(info, 1), heap + Z(info, 2), heap + Z(info, 3));
  return info.Env().Undefined();
}

// conv2dBackpropFilter(heap, xOff, dyOff, dwOff, ...shape)
Napi::Value Conv2DBackpropFilter(const Napi::CallbackInfo& info) {
  float* heap = heapOf(info);
  ll::ConvShape s = convShape(info, 4);
  ll::kernels().conv2d_backprop_filter(s, heap + Z(info, 1), heap + Z(info, 2), heap + Z(info, 3));
  return info.Env().Undefined();
}

ll::PoolShape poolShape(const Napi::CallbackInfo& info, size_t i) {
  ll::PoolShape s;
  s.n = I(info, i + 0); s.h = I(info, i + 1); s.w = I(info, i + 2); s.c = I(info, i + 3);
  s.oh = I(info, i + 4); s.ow = I(info, i + 5);
  s.kh = I(info, i + 6); s.kw = I(info, i + 7); s.sh = I(info, i + 8); s.sw = I(info, i + 9);
  s.dh = I(info, i + 10); s.dw = I(info, i + 11); s.padT = I(info, i + 12); s.padL = I(info, i + 13);
  return s;
}

// pool(heap, mode 0=max 1=avg, xOff, yOff, ...shape)
Napi::Value Pool(const Napi::CallbackInfo& info) {
  float* heap = heapOf(info);
  ll::PoolShape s = poolShape(info, 4);
  if (I(info, 1) == 0) ll::kernels().maxpool_forward(s, heap + Z(info, 2), heap + Z(info, 3));
  else ll::kernels().avgpool_forward(s, heap + Z(info, 2), heap + Z(info, 3));
  return info.Env().Undefined();
}

// poolGrad(heap, mode, xOff (max only, else ignored), dyOff, dxOff, ...shape)
Napi::Value PoolGrad(const Napi::CallbackInfo& info) {
  float* heap = heapOf(info);
  ll::PoolShape s = poolShape(info, 5);
  if (I(info, 1) == 0) ll::kernels().maxpool_backward(s, heap + Z(info, 2), heap + Z(info, 3), heap + Z(info, 4));
  else ll::kernels().avgpool_backward(s, heap + Z(info, 3), heap + Z(info, 4));
  return info.Env().Undefined();
}

// reluGrad(heap, dyOff, yOff, outOff, n): out = dy where y > 0, else 0
Napi::Value ReluGrad(const Napi::CallbackInfo& info) {
  float* heap = heapOf(info);
  ll::kernels().relu_grad(heap + Z(info, 1), heap + Z(info, 2), heap + Z(info, 3), Z(info, 4));
  return info.Env().Undefined();
}

// biasActGrad(heap, dyOff, yOff, gOff (-1 for linear), dbOff, rows, cols, act)
Napi::Value BiasActGrad(const Napi::CallbackInfo& info) {
  float* heap = heapOf(info);
  const double gOff = D(info, 3);
  ll::kernels().bias_act_grad(heap + Z(info, 1), heap + Z(info, 2), gOff >= 0 ? heap + static_cast<size_t>(gOff) : nullptr,
                    heap + Z(info, 4), Z(info, 5), Z(info, 6), I(info, 7));
  return info.Env().Undefined();
}

// dropoutMask(heap, outOff, n, keep, seed)
Napi::Value DropoutMask(const Napi::CallbackInfo& info) {
  float* heap = heapOf(info);
  ll::kernels().dropout_mask(heap + Z(info, 1), Z(info, 2), D(info, 3), info[4].As<Napi::Number>().Uint32Value());
  return info.Env().Undefined();
}

// sgdMomentum(heap, wOff, vOff, gOff, wOutOff, vOutOff, n, lr, momentum): v' = μv + g; w' = w − lr·v'
Napi::Value SgdMomentum(const Napi::CallbackInfo& info) {
  float* heap = heapOf(info);
  ll::kernels().sgd_momentum(heap + Z(info, 1), heap + Z(info, 2), heap + Z(info, 3), heap + Z(info, 4), heap + Z(info, 5),
                   Z(info, 6), static_cast<float>(D(info, 7)), static_cast<float>(D(info, 8)));
  return info.Env().Undefined();
}

// maxPoolBiasActGrad(heap, yOff, dyPoolOff, gOff, dbOff, act, ...poolShape) → false if the pool is not tiling
Napi::Value MaxPoolBiasActGrad(const Napi::CallbackInfo& info) {
  float* heap = heapOf(info);
  ll::PoolShape s = poolShape(info, 6);
  const bool ok = ll::kernels().maxpool_bias_act_grad(s, heap + Z(info, 1), heap + Z(info, 2), heap + Z(info, 3), heap + Z(info, 4),
                                            I(info, 5));
  return Napi::Boolean::New(info.Env(), ok);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  int threads = 1;
  if (const char* t = std::getenv("LAYERLAB_THREADS")) {
    const int v = std::atoi(t);
    if (v > 0) threads = v;
  }
  setThreads(threads);
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  exports.Set("matmul", Napi::Function::New(env, MatMul));
  exports.Set("conv2d", Napi::Function::New(env, Conv2D));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2DBackpropInput));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2DBackpropFilter));
  exports.Set("pool", Napi::Function::New(env, Pool));
  exports.Set("poolGrad", Napi::Function::New(env, PoolGrad));
  exports.Set("reluGrad", Napi::Function::New(env, ReluGrad));
  exports.Set("sgdMomentum", Napi::Function::New(env, SgdMomentum));
  exports.Set("biasActGrad", Napi::Function::New(env, BiasActGrad));
  exports.Set("dropoutMask", Napi::Function::New(env, DropoutMask));
  exports.Set("maxPoolBiasActGrad", Napi::Function::New(env, MaxPoolBiasActGrad));
  return exports;
}

}  // namespace

NODE_API_MODULE(layerlab_native, Init)
