// The demo and benchmark programs: PHP sources under test/php/bench with their hand-written C++ twins.
import { fileURLToPath } from 'node:url';

export interface Workload {
  readonly name: string;
  /** The PHP program. */
  readonly php: string;
  /** The hand-written C++ version of the same computation. */
  readonly cpp: string;
  /** Arguments for the demo (seconds under php -n) and for the benchmark (the sizes). */
  readonly demoArgs: readonly string[];
  readonly benchArgs: readonly string[];
}

const dir = (file: string): string => fileURLToPath(new URL(`../../test/php/bench/${file}`, import.meta.url));

export const WORKLOADS: readonly Workload[] = [
  { name: 'fib', php: dir('fib.php'), cpp: dir('reference/fib.cc'), demoArgs: ['35'], benchArgs: ['38'] },
  { name: 'ackermann', php: dir('ackermann.php'), cpp: dir('reference/ackermann.cc'), demoArgs: ['3', '9'], benchArgs: ['3', '10'] },
  {
    name: 'mandelbrot',
    php: dir('mandelbrot.php'),
    cpp: dir('reference/mandelbrot.cc'),
    demoArgs: ['600', '400', '255'],
    benchArgs: ['800', '600', '255'],
  },
];
