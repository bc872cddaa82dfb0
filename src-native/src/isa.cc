// Chooses the kernel table once, when the addon loads: LAYERLAB_ISA=avx512|avx2|generic forces one
// (a stand-in for a CPU without AVX-512; an instruction set the CPU lacks is refused and the best
// one it has is used instead), else the best instruction set the CPU and the OS support.
#include <cstdlib>
#include <string>

#include "conv.h"

namespace ll {

namespace {

struct Choice {
  const Kernels* table;
  std::string features;
  std::string note;
};

bool hasAvx512() {
#if defined(__x86_64__)
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
#else
  return false;
#endif
}

bool hasAvx2() {
#if defined(__x86_64__)
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

std::string detectFeatures() {
  std::string out;
#if defined(__x86_64__)
  __builtin_cpu_init();
  // __builtin_cpu_supports takes only string literals
#define LL_FEATURE(name) \
  if (__builtin_cpu_supports(name)) out += (out.empty() ? "" : " ") + std::string(name)
  LL_FEATURE("avx512f"); LL_FEATURE("avx512bw"); LL_FEATURE("avx512dq"); LL_FEATURE("avx512vl"); LL_FEATURE("avx512cd");
  LL_FEATURE("avx2"); LL_FEATURE("fma"); LL_FEATURE("avx"); LL_FEATURE("sse4.2");
#undef LL_FEATURE
#endif
  return out;
}

Choice choose() {
  Choice c{&generic::table, detectFeatures(), ""};
#if defined(__x86_64__)
  const Kernels* best = hasAvx512() ? &avx512::table : hasAvx2() ? &avx2::table : &generic::table;
  c.table = best;
  if (const char* want = std::getenv("LAYERLAB_ISA")) {
    const std::string w(want);
    if (w == "generic") c.table = &generic::table;
    else if (w == "avx2" && hasAvx2()) c.table = &avx2::table;
    else if (w == "avx512" && hasAvx512()) c.table = &avx512::table;
    else if (w == "avx2" || w == "avx512") c.note = "LAYERLAB_ISA=" + w + ": this CPU lacks it; using " + best->isa;
    else if (!w.empty() && w != "auto") c.note = "LAYERLAB_ISA=" + w + " is not avx512, avx2, generic or auto; using " + best->isa;
    if (c.note.empty() && c.table != best) c.note = std::string("forced by LAYERLAB_ISA (the CPU runs ") + best->isa + ")";
  }
#endif
  return c;
}

const Choice& chosen() {
  static const Choice c = choose();
  return c;
}

}  // namespace

const Kernels& kernels() { return *chosen().table; }
const char* cpu_features() { return chosen().features.c_str(); }
const char* isa_note() { return chosen().note.c_str(); }

}  // namespace ll
