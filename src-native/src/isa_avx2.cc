// The kernels for CPUs with AVX2 and FMA (Haswell and later, AMD Zen), chosen at load time by isa.cc.
#if defined(__x86_64__)
#define LL_ISA avx2
#define LL_VEC_BYTES 32
#if defined(__clang__)
#define LL_TARGET_BEGIN _Pragma("clang attribute push(__attribute__((target(\"avx2,fma,bmi,bmi2,f16c,popcnt\"))), apply_to = function)")
#define LL_TARGET_END _Pragma("clang attribute pop")
#else
#define LL_TARGET_BEGIN _Pragma("GCC push_options") _Pragma("GCC target(\"avx2,fma,bmi,bmi2,f16c,popcnt\")")
#define LL_TARGET_END _Pragma("GCC pop_options")
#endif
#include "kernels.inc"
#endif
