// Hand-written C++ reference for ackermann.php.
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <chrono>
static int64_t ack(int64_t m, int64_t n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}
int main(int argc, char **argv) {
  int64_t m = argc > 1 ? std::atoll(argv[1]) : 2, n = argc > 2 ? std::atoll(argv[2]) : 9;
  auto t0 = std::chrono::steady_clock::now();
  int64_t r = ack(m, n);
  auto t1 = std::chrono::steady_clock::now();
  std::printf("ack(%lld, %lld) = %lld\n", (long long)m, (long long)n, (long long)r);
  if (std::getenv("POLYVIRT_BENCH_TIMING"))
    std::fprintf(stderr, "compute_ms=%.6f\n", std::chrono::duration<double, std::milli>(t1 - t0).count());
}
