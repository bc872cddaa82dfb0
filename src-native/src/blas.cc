// The addon's one thread pool also runs the matrix products: OpenBLAS is kept at one thread and a large
// product is split into row or column blocks, one per pool thread. Two pools on two cores (OpenBLAS's
// threads spin after each call) fought over the second core; one pool with a short spin does not.
#include <algorithm>

#include "common.h"
#include "parallel.h"

namespace ll {

namespace {
constexpr long long kSplitMacs = 1 << 20;  // below this a product runs on the calling thread
inline void blas(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
                 float beta, float* C, int ldc) {
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, M, N, K, alpha, A, lda,
              B, ldb, beta, C, ldc);
}
}  // namespace

void sgemm(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
           float beta, float* C, int ldc) {
  const int t = pool_threads();
  if (t <= 1 || static_cast<long long>(M) * N * K < kSplitMacs) {
    blas(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    return;
  }
  // blocks of 16 rows or columns; the longer side is split
  const bool byCols = N >= M;
  const int len = byCols ? N : M;
  const int blocks = (len + 15) / 16;
  parallel_for(std::min(blocks, t), [&](int p0, int p1) {
    const int parts = std::min(blocks, t);
    const int b0 = static_cast<int>(static_cast<long long>(blocks) * p0 / parts);
    const int b1 = static_cast<int>(static_cast<long long>(blocks) * p1 / parts);
    const int i0 = b0 * 16, i1 = std::min(len, b1 * 16);
    if (i1 <= i0) return;
    if (byCols) {
      // columns [i0, i1) of C and of op(B)
      const float* Bp = tb ? B + static_cast<size_t>(i0) * ldb : B + i0;
      blas(ta, tb, M, i1 - i0, K, alpha, A, lda, Bp, ldb, beta, C + i0, ldc);
    } else {
      // rows [i0, i1) of C and of op(A)
      const float* Ap = ta ? A + i0 : A + static_cast<size_t>(i0) * lda;
      blas(ta, tb, i1 - i0, N, K, alpha, Ap, lda, B, ldb, beta, C + static_cast<size_t>(i0) * ldc, ldc);
    }
  });
}

}  // namespace ll
