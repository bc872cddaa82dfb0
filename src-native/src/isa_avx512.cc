// The kernels for CPUs with AVX-512 F/BW/DQ/VL (Skylake-SP and later, AMD Zen 4), chosen at load time by isa.cc.
#if defined(__x86_64__)
#define LL_ISA avx512
#define LL_VEC_BYTES 64
#if defined(__clang__)
#define LL_TARGET_BEGIN _Pragma("clang attribute push(__attribute__((target(\"avx512f,avx512bw,avx512dq,avx512vl,avx512cd,avx2,fma,bmi,bmi2,f16c,popcnt\"))), apply_to = function)")
#define LL_TARGET_END _Pragma("clang attribute pop")
#else
#define LL_TARGET_BEGIN _Pragma("GCC push_options") _Pragma("GCC target(\"avx512f,avx512bw,avx512dq,avx512vl,avx512cd,avx2,fma,bmi,bmi2,f16c,popcnt\")")
#define LL_TARGET_END _Pragma("GCC pop_options")
#endif
#include "kernels.inc"
#endif
