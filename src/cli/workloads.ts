// The demo and benchmark programs: PHP sources under test/php/bench, the scalar ones with hand-written C++ twins.
import { fileURLToPath } from 'node:url';

export interface Workload {
  readonly name: string;
  /** `scalar`: the numeric kernels of the first issue; `everyday`: arrays, strings, output, globals. */
  readonly set: 'scalar' | 'everyday';
  /** The PHP program. */
  readonly php: string;
  /** The hand-written C++ version of the same computation, if there is one. */
  readonly cpp?: string;
  /** Arguments for the demo (seconds under php -n) and for the benchmark (the sizes). */
  readonly demoArgs: readonly string[];
  readonly benchArgs: readonly string[];
}

const dir = (file: string): string => fileURLToPath(new URL(`../../test/php/bench/${file}`, import.meta.url));

/** An everyday program: one top-level call of `everyday/<file>.php` with the given arguments. */
const everyday = (name: string, demoArgs: readonly string[], benchArgs: readonly string[]): Workload => ({
  name,
  set: 'everyday',
  php: dir(`everyday/${name}.php`),
  demoArgs,
  benchArgs,
});

export const WORKLOADS: readonly Workload[] = [
  { name: 'fib', set: 'scalar', php: dir('fib.php'), cpp: dir('reference/fib.cc'), demoArgs: ['35'], benchArgs: ['38'] },
  { name: 'ackermann', set: 'scalar', php: dir('ackermann.php'), cpp: dir('reference/ackermann.cc'), demoArgs: ['3', '9'], benchArgs: ['3', '10'] },
  {
    name: 'mandelbrot',
    set: 'scalar',
    php: dir('mandelbrot.php'),
    cpp: dir('reference/mandelbrot.cc'),
    demoArgs: ['600', '400', '255'],
    benchArgs: ['800', '600', '255'],
  },
  // Sized so php -n needs roughly 0.3–1.2 s each and stays under its 128 MB memory_limit.
  everyday('nestedloop', ['18'], ['22']),
  everyday('ary', ['200000', '5'], ['500000', '15']),
  everyday('ary3', ['5000', '1000'], ['10000', '5000']),
  everyday('hash1', ['50000', '10'], ['100000', '60']),
  everyday('hash2', ['5000', '500'], ['10000', '3000']),
  everyday('heapsort', ['200000'], ['1000000']),
  everyday('matrix', ['200', '30'], ['1000', '30']),
  everyday('sieve', ['500'], ['3000']),
  everyday('strcat', ['300000', '4'], ['1000000', '8']),
  everyday('mandel-print', ['200', '100', '300'], ['400', '300', '500']),
  everyday('printf', ['100000'], ['1000000']),
  everyday('recursion', ['28'], ['32']),
  everyday('objects', ['20000', '3'], ['50000', '3']),
  everyday('methods', ['100', '2'], ['250', '3']),
];
