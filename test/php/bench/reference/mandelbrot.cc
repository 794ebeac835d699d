// Hand-written C++ reference for mandelbrot.php (the escape-count kernel only).
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <chrono>
static int64_t mandelbrot(int64_t width, int64_t height, int64_t maxIter) {
  int64_t total = 0;
  for (int64_t y = 0; y < height; y++) {
    double ci = 2.0 * y / height - 1.0;
    for (int64_t x = 0; x < width; x++) {
      double cr = 2.5 * x / width - 2.0, zr = 0.0, zi = 0.0;
      int64_t i = 0;
      while (i < maxIter && zr * zr + zi * zi <= 4.0) {
        double t = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = t;
        i++;
      }
      total += i;
    }
  }
  return total;
}
int main(int argc, char **argv) {
  int64_t w = argc > 1 ? std::atoll(argv[1]) : 200, h = argc > 2 ? std::atoll(argv[2]) : 150,
          it = argc > 3 ? std::atoll(argv[3]) : 255;
  auto t0 = std::chrono::steady_clock::now();
  int64_t r = mandelbrot(w, h, it);
  auto t1 = std::chrono::steady_clock::now();
  std::printf("%-12s %lld\n", "escapes", (long long)r);
  if (std::getenv("POLYVIRT_BENCH_TIMING"))
    std::fprintf(stderr, "compute_ms=%.6f\n", std::chrono::duration<double, std::milli>(t1 - t0).count());
}
