// Hand-written C++ reference for fib.php, the speed bar polyvirt is measured against.
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <chrono>
static int64_t fib(int64_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
int main(int argc, char **argv) {
  int64_t n = argc > 1 ? std::atoll(argv[1]) : 30;
  auto t0 = std::chrono::steady_clock::now();
  int64_t r = fib(n);
  auto t1 = std::chrono::steady_clock::now();
  std::printf("fib(%lld) = %lld\n", (long long)n, (long long)r);
  if (std::getenv("POLYVIRT_BENCH_TIMING"))
    std::fprintf(stderr, "compute_ms=%.6f\n", std::chrono::duration<double, std::milli>(t1 - t0).count());
}
