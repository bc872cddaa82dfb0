#include "parallel.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#define LL_PAUSE() _mm_pause()
#else
#define LL_PAUSE() std::this_thread::yield()
#endif

namespace ll {

namespace {

// Workers wait for a new generation of work, spin briefly (a training step calls kernels back to
// back), then sleep on the condition variable so an idle trainer takes no CPU from the others.
class Pool {
 public:
  void resize(int n) {
    std::lock_guard<std::mutex> lock(mu_);
    want_ = std::max(1, n);
    while (static_cast<int>(started_) + 1 < want_) {
      const int id = static_cast<int>(started_) + 1;
      ++started_;
      std::thread([this, id] { loop(id); }).detach();
    }
  }
  int threads() const { return want_; }

  void run(int n, void (*fn)(void*, int, int), void* ctx) {
    // one job at a time: a call from another thread (worker_threads) or from inside a job runs serially
    std::unique_lock<std::mutex> busy(run_mu_, std::try_to_lock);
    const int t = std::min(want_, n);
    if (!busy.owns_lock() || t <= 1) {
      fn(ctx, 0, n);
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      fn_ = fn;
      ctx_ = ctx;
      n_ = n;
      parts_ = t;
      pending_.store(t - 1, std::memory_order_relaxed);
      generation_.fetch_add(1, std::memory_order_release);
    }
    cv_.notify_all();
    fn(ctx, 0, range(n, t, 1));
    for (int spins = 0; pending_.load(std::memory_order_acquire) > 0; ++spins) {
      if (spins < 2000) LL_PAUSE();
      else {
        std::unique_lock<std::mutex> lock(mu_);
        done_.wait(lock, [this] { return pending_.load(std::memory_order_acquire) == 0; });
      }
    }
  }

 private:
  static int range(int n, int parts, int i) { return static_cast<int>(static_cast<long long>(n) * i / parts); }

  void loop(int id) {
    unsigned seen = generation_.load(std::memory_order_acquire);
    for (;;) {
      unsigned g;
      int spins = 0;
      while ((g = generation_.load(std::memory_order_acquire)) == seen && spins < 2000) {
        LL_PAUSE();
        ++spins;
      }
      if (g == seen) {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
      }
      int parts, n;
      void (*fn)(void*, int, int);
      void* ctx;
      {
        // the generation and its job are published together under the lock: read them together
        std::lock_guard<std::mutex> lock(mu_);
        seen = generation_.load(std::memory_order_acquire);
        parts = parts_;
        n = n_;
        fn = fn_;
        ctx = ctx_;
      }
      if (id < parts) {
        fn(ctx, range(n, parts, id), range(n, parts, id + 1));
        if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
          std::lock_guard<std::mutex> lock(mu_);
          done_.notify_all();
        }
      }
    }
  }

  std::mutex mu_, run_mu_;
  std::condition_variable cv_, done_;
  std::atomic<unsigned> generation_{0};
  std::atomic<int> pending_{0};
  unsigned started_ = 0;
  int want_ = 1;
  int parts_ = 0, n_ = 0;
  void (*fn_)(void*, int, int) = nullptr;
  void* ctx_ = nullptr;
};

// Never destroyed: its detached workers may still be waiting when the process exits.
Pool& pool() {
  static Pool* p = new Pool();
  return *p;
}

}  // namespace

void set_pool_threads(int n) { pool().resize(n); }
int pool_threads() { return pool().threads(); }
void run_parallel(int n, void (*fn)(void*, int, int), void* ctx) { pool().run(n, fn, ctx); }

}  // namespace ll
