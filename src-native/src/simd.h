// 16-float vectors for the hand-vectorized kernels. With AVX-512 a v16 is one zmm register (a GCC/Clang
// vector extension type); elsewhere it is an array of the widest native vectors (two ymm with AVX2,
// four xmm with SSE2), because a 64-byte vector type on a machine without 64-byte registers is lowered
// through memory, which made the AVX2 build several times slower than the AVX-512 one.
// Each instruction set's file sets LL_VEC_BYTES; the helpers live in its own namespace (kernels.inc),
// so no copy of them is shared between instruction sets.
#pragma once

namespace ll::LL_ISA {

#if LL_VEC_BYTES == 64
typedef float v16 __attribute__((vector_size(64), aligned(4), may_alias));
inline v16 load16(const float* p) { return *reinterpret_cast<const v16*>(p); }
inline void store16(float* p, v16 v) { *reinterpret_cast<v16*>(p) = v; }
inline v16 splat16(float x) { return v16{} + x; }
inline v16 vmax(v16 a, v16 b) { return a > b ? a : b; }
inline v16 vmin(v16 a, v16 b) { return a < b ? a : b; }
#else
typedef float vn __attribute__((vector_size(LL_VEC_BYTES), aligned(4), may_alias));
constexpr int kParts = 64 / LL_VEC_BYTES;
constexpr int kLanes = LL_VEC_BYTES / 4;
struct v16 {
  vn p[kParts];
  float& operator[](int i) { return p[i / kLanes][i % kLanes]; }
  v16& operator+=(const v16& o) {
    for (int k = 0; k < kParts; ++k) p[k] += o.p[k];
    return *this;
  }
};
inline v16 load16(const float* x) {
  v16 r;
  for (int k = 0; k < kParts; ++k) r.p[k] = *reinterpret_cast<const vn*>(x + k * kLanes);
  return r;
}
inline void store16(float* x, const v16& v) {
  for (int k = 0; k < kParts; ++k) *reinterpret_cast<vn*>(x + k * kLanes) = v.p[k];
}
inline v16 splat16(float x) {
  v16 r;
  for (int k = 0; k < kParts; ++k) r.p[k] = vn{} + x;
  return r;
}
inline v16 operator+(v16 a, const v16& b) { return a += b; }
inline v16 operator*(v16 a, const v16& b) {
  for (int k = 0; k < kParts; ++k) a.p[k] *= b.p[k];
  return a;
}
inline v16 operator*(float s, v16 a) {
  for (int k = 0; k < kParts; ++k) a.p[k] *= s;
  return a;
}
inline v16 operator*(v16 a, float s) { return s * a; }
inline v16 vmax(v16 a, const v16& b) {
  for (int k = 0; k < kParts; ++k) a.p[k] = a.p[k] > b.p[k] ? a.p[k] : b.p[k];
  return a;
}
inline v16 vmin(v16 a, const v16& b) {
  for (int k = 0; k < kParts; ++k) a.p[k] = a.p[k] < b.p[k] ? a.p[k] : b.p[k];
  return a;
}
#endif

// Accumulator counts per register block: 32 vector registers with AVX-512, 16 elsewhere, and a v16
// takes kParts of them.
constexpr bool kWide = LL_VEC_BYTES == 64;

}  // namespace ll::LL_ISA
