// A small persistent thread pool for the convolution and pooling kernels. The addon's thread count
// (setThreads, the cores the run was granted) sets both this pool and the BLAS threads. Work is split
// into contiguous ranges, one per thread, so results do not depend on the number of threads as long
// as each range writes its own outputs.
#pragma once
#include <type_traits>

namespace ll {

void set_pool_threads(int n);
int pool_threads();
// Runs fn(ctx, begin, end) over [0, n) split into at most pool_threads() ranges; the caller runs the first.
void run_parallel(int n, void (*fn)(void* ctx, int begin, int end), void* ctx);

// Calls f(begin, end) over [0, n) in parallel ranges.
template <class F>
inline void parallel_for(int n, F&& f) {
  if (n <= 1 || pool_threads() <= 1) {
    if (n > 0) f(0, n);
    return;
  }
  using Fn = typename std::remove_reference<F>::type;
  run_parallel(n, [](void* c, int b, int e) { (*static_cast<Fn*>(c))(b, e); }, const_cast<void*>(static_cast<const void*>(&f)));
}

}  // namespace ll
