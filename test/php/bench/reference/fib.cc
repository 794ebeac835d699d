// Hand-written C++ reference for fib.php, the speed bar polyvirt is measured against.
#include <cstdio>
#include <cstdlib>
#include <cstdint>
static int64_t fib(int64_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
int main(int argc, char **argv) {
  int64_t n = argc > 1 ? std::atoll(argv[1]) : 30;
  std::printf("fib(%lld) = %lld\n", (long long)n, (long long)fib(n));
}
