// The kernels for any CPU (x86-64 baseline SSE2; the compiler's default elsewhere).
#define LL_ISA generic
#define LL_VEC_BYTES 16
#define LL_TARGET_BEGIN
#define LL_TARGET_END
#include "kernels.inc"
