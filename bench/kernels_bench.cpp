// Micro-benchmark of the hot kernels (core/kernels): GFLOP/s of the three dense-layer
// products at B=128, in=256, out=256 float32 and at the benchmark workloads' other shapes,
// per-call times at the small 16x16, B=32 shape, and activation throughput. It times both
// simd:: and scalar:: where the SIMD kernels exist (em++ -msimd128; natively on x86-64,
// where simd:: uses AVX2 when the CPU has it, see kernels.hpp), else scalar:: only.
// One line per measurement: "<platform> <impl> <what> <shape>: <number> <unit> (...)".
// Built and run by scripts/bench-kernels.sh.
#include "core/kernels/kernels.hpp"

#if defined(__EMSCRIPTEN__)
#include <emscripten/emscripten.h>
#endif

#include <cstdio>
#include <ctime>
#include <cstring>
#include <vector>

namespace {

#if defined(__wasm_simd128__)
const char* const kPlatform = "wasm";
#elif defined(__EMSCRIPTEN__)
const char* const kPlatform = "wasm-nosimd";
#else
const char* const kPlatform = "native";
#endif

#if defined(__EMSCRIPTEN__)
// CPU time of the Node process (user + system, microseconds). After the warm-up V8's
// compiler threads are idle, so this is the time the kernels ran.
EM_JS(double, gs_bench_cpu_us, (), {
  const u = process.cpuUsage();
  return u.user + u.system;
});
#endif

// Seconds of CPU time consumed by this thread (native) / process (Node): unlike wall time,
// not inflated when other processes share the cores.
double now_s() {
#if defined(__EMSCRIPTEN__)
  return gs_bench_cpu_us() * 1e-6;
#else
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
#endif
}

volatile double g_sink = 0;  // keeps results alive

// Best seconds per call of f over rounds of ~min_s each (the best round filters out
// interference from other processes).
template <class F>
double time_call(F&& f, double min_s = 0.002, int rounds = 60) {
  // warm-up: V8 runs new wasm code in its baseline compiler (Liftoff) until the optimising
  // tier (TurboFan) has replaced it, which takes a while of running it
  for (const double t0 = now_s(); now_s() - t0 < 0.1;) f();
  long reps = 1;
  for (;;) {
    const double t0 = now_s();
    for (long r = 0; r < reps; ++r) f();
    const double dt = now_s() - t0;
    if (dt >= min_s / 4) { reps = long(reps * (min_s / (dt > 1e-9 ? dt : 1e-9))) + 1; break; }
    reps *= 4;
  }
  double best = 1e30;
  for (int round = 0; round < rounds; ++round) {
    const double t0 = now_s();
    for (long r = 0; r < reps; ++r) f();
    const double per = (now_s() - t0) / double(reps);
    if (per < best) best = per;
  }
  return best;
}

template <class T>
std::vector<T> fill(std::size_t n, uint32_t seed) {
  std::vector<T> v(n);
  uint32_t s = seed * 2654435761u + 1;
  for (auto& x : v) {
    s = s * 1664525u + 1013904223u;
    x = T(double(s >> 8) / double(1 << 24) * 2.0 - 1.0);
  }
  return v;
}

template <class T>
const char* tname() { return sizeof(T) == 4 ? "f32" : "f64"; }

// The kernels of one implementation (scalar:: or simd::), as function pointers.
template <class T>
struct Impl {
  const char* name;
  void (*forward)(T*, const T*, const T*, const T*, int, int, int);
  void (*bparams)(T*, T*, const T*, const T*, int, int, int);
  void (*binput)(T*, const T*, const T*, int, int, int);
  void (*sigmoid)(T*, T*, const T*, int);
  void (*tanh)(T*, T*, const T*, int);
  void (*relu)(T*, T*, const T*, int);
  void (*elu)(T*, T*, const T*, T, int);
  void (*leaky)(T*, T*, const T*, const T*, int, int, int);
  double (*norm2)(const T*, int);
  gs::kernels::Moments (*moments)(const T*, int);
};

#define GS_BENCH_IMPL(FN, NS)                                                                    \
  template <class T>                                                                             \
  Impl<T> FN() {                                                                                 \
    namespace k = gs::kernels::NS;                                                               \
    return Impl<T>{#NS,          k::dense_forward<T>, k::dense_backward_params<T>,               \
                   k::dense_backward_input<T>, k::act_sigmoid<T>, k::act_tanh<T>,                \
                   k::act_relu<T>, k::act_elu<T>, k::act_leaky<T>, k::norm2<T>,                  \
                   k::reduce_moments<T>};                                                        \
  }
GS_BENCH_IMPL(scalar_impl, scalar)
#if defined(GS_KERNELS_SIMD)
GS_BENCH_IMPL(simd_impl, simd)
#endif
#undef GS_BENCH_IMPL

template <class T>
void bench_matmuls(const Impl<T>& k, int B, int in, int out, bool per_call) {
  const auto x = fill<T>(std::size_t(B) * in, 1), W = fill<T>(std::size_t(out) * in, 2);
  const auto b = fill<T>(static_cast<std::size_t>(out), 3), dz = fill<T>(std::size_t(B) * out, 4);
  std::vector<T> y(std::size_t(B) * out), dW(std::size_t(out) * in), db(static_cast<std::size_t>(out)), dx(std::size_t(B) * in);
  const double flops = 2.0 * B * in * out;
  struct Case { const char* what; double s; };
  const Case cases[] = {
      {"dense_forward      (x.W^T)", time_call([&] { k.forward(y.data(), x.data(), W.data(), b.data(), B, in, out); g_sink = g_sink + double(y[0]); })},
      {"dense_backward_params (dz^T.x)", time_call([&] { k.bparams(dW.data(), db.data(), dz.data(), x.data(), B, in, out); g_sink = g_sink + double(dW[0]); })},
      {"dense_backward_input  (dz.W)", time_call([&] { k.binput(dx.data(), dz.data(), W.data(), B, in, out); g_sink = g_sink + double(dx[0]); })},
  };
  for (const Case& c : cases) {
    if (per_call)
      std::printf("%s %-6s %s %s B=%d in=%d out=%d: %.0f ns/call (%.2f GFLOP/s)\n", kPlatform, k.name, c.what,
                  tname<T>(), B, in, out, c.s * 1e9, flops / c.s * 1e-9);
    else
      std::printf("%s %-6s %s %s B=%d in=%d out=%d: %.2f GFLOP/s (%.1f us/call)\n", kPlatform, k.name, c.what,
                  tname<T>(), B, in, out, flops / c.s * 1e-9, c.s * 1e6);
  }
}

template <class T>
void bench_activations(const Impl<T>& k, int n) {
  const auto z0 = fill<T>(static_cast<std::size_t>(n), 5);
  std::vector<T> z(z0.size()), a(z0.size()), d(z0.size()), slope(z0.size(), T(0.01));
  for (std::size_t i = 0; i < z.size(); ++i) z[i] = z0[i] * T(4);
  struct Case { const char* what; double s; };
  const Case cases[] = {
      {"act_sigmoid", time_call([&] { k.sigmoid(a.data(), d.data(), z.data(), n); g_sink = g_sink + double(a[0]); })},
      {"act_tanh   ", time_call([&] { k.tanh(a.data(), d.data(), z.data(), n); g_sink = g_sink + double(a[0]); })},
      {"act_relu   ", time_call([&] { k.relu(a.data(), d.data(), z.data(), n); g_sink = g_sink + double(a[0]); })},
      {"act_elu    ", time_call([&] { k.elu(a.data(), d.data(), z.data(), T(1), n); g_sink = g_sink + double(a[0]); })},
      {"act_leaky  ", time_call([&] { k.leaky(a.data(), d.data(), z.data(), slope.data(), 1, n, 0); g_sink = g_sink + double(a[0]); })},
      {"norm2      ", time_call([&] { g_sink = g_sink + k.norm2(z.data(), n); })},
      {"reduce_moments", time_call([&] { g_sink = g_sink + k.moments(z.data(), n).sum; })},
  };
  for (const Case& c : cases)
    std::printf("%s %-6s %s %s n=%d: %.0f ns/call (%.2f ns/element)\n", kPlatform, k.name, c.what, tname<T>(), n,
                c.s * 1e9, c.s * 1e9 / n);
}

template <class T>
void bench_all(const Impl<T>& k) {
  bench_matmuls(k, 128, 256, 256, false);  // W2-like (8x256 relu, B=128)
  bench_matmuls(k, 64, 128, 128, false);   // W3-like (10x128 elu, B=64)
  bench_matmuls(k, 32, 16, 16, true);      // W1-like (50x16 sigmoid, B=32)
  bench_activations(k, 32 * 16);
  bench_activations(k, 128 * 256);
}

}  // namespace

int main(int argc, char** argv) {
  const bool with_f64 = argc > 1 && std::strcmp(argv[1], "--f64") == 0;
#if defined(GS_KERNELS_SIMD)
  bench_all(simd_impl<float>());
#endif
  bench_all(scalar_impl<float>());
  if (with_f64) {
#if defined(GS_KERNELS_SIMD)
    bench_all(simd_impl<double>());
#endif
    bench_all(scalar_impl<double>());
  }
  return g_sink == 12345.678 ? 1 : 0;
}
