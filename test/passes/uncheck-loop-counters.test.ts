import { describe, it, expect, beforeAll } from 'vitest';
import type { ScalarType } from '../../src/core/php-value.ts';
import type { IrModule } from '../../src/frontend/types.ts';
import { foldConstants } from '../../src/passes/fold-constants.ts';
import { runPassTable } from '../../src/passes/index.ts';
import { recordTripCounts } from '../../src/passes/record-trip-counts.ts';
import { uncheckLoopCounters } from '../../src/passes/uncheck-loop-counters.ts';
import { compareResults, compileFns, int, runKernels, runPhp } from '../fixtures/compiler/kernel-harness.ts';
import { irOf, writesOf } from './loop-helpers.ts';

const run = (m: IrModule) =>
  runPassTable(
    [
      { name: 'fold-constants', run: foldConstants, required: false },
      { name: 'record-trip-counts', run: recordTripCounts, required: false },
      { name: 'uncheck-loop-counters', run: uncheckLoopCounters, required: false },
    ],
    m,
    { verify: true },
  );

/** How the writes of `$name` look after the passes (init writes are plain assignments and do not show). */
const counterWrites = (src: string, name = 'i') => {
  const m = run(irOf(src, ['int', 'int']));
  return writesOf(m, m.functions[0]!.body, name);
};

describe('uncheckLoopCounters', () => {
  it('unchecks a step that no bound value can make overflow', () => {
    expect(counterWrites('function f($n, $k) { for ($i = 0; $i < $n; $i++) {} }')).toEqual(['unchecked']);
    expect(counterWrites('function f($n, $k) { for ($i = $n; $i > $k; --$i) {} }')).toEqual(['unchecked']);
    expect(counterWrites('function f($n, $k) { for ($i = 0; $i <= 100; $i++) {} }')).toEqual(['unchecked']);
    expect(counterWrites('function f($n, $k) { for ($i = $n; $i >= -5; $i -= 4) {} }')).toEqual(['unchecked']);
    expect(counterWrites('function f($n, $k) { for ($i = 0; $i < 1000; $i += 7) { $k++; } }')).toEqual(['unchecked']);
  });

  it('keeps the check where the bound decides (left to loop versioning) or the last step overflows', () => {
    expect(counterWrites('function f($n, $k) { for ($i = 0; $i <= $n; $i++) {} }')).toEqual(['checked']);
    expect(counterWrites('function f($n, $k) { for ($i = $n; $i >= $k; $i--) {} }')).toEqual(['checked']);
    expect(counterWrites('function f($n, $k) { for ($i = 0; $i < $n; $i += 2) {} }')).toEqual(['checked']);
    expect(counterWrites('function f($n, $k) { for ($i = 0; $i <= PHP_INT_MAX; $i++) {} }')).toEqual(['checked']);
    expect(counterWrites('function f($n, $k) { for ($i = 0; $i < PHP_INT_MAX; $i += 2) {} }')).toEqual(['checked']);
    expect(counterWrites('function f($n, $k) { for ($i = 0; $i > PHP_INT_MIN; $i -= 2) {} }')).toEqual(['checked']);
  });

  it('unchecks a counter stepped once per iteration in a while body under a conjunct of the test', () => {
    const mandel = 'function f($n, $k) { $i = 0; $z = 0; while ($i < $n && $z < 1000) { $z += $k; $i++; } return $i; }';
    expect(counterWrites(mandel)).toEqual(['unchecked']);
    expect(counterWrites('function f($n, $k) { $i = 0; while ($n > $i) { if ($k > 0) { $i += 1; } else { continue; } } return $i; }')).toEqual(['unchecked']);
  });

  it('keeps a body step that may run twice, or whose counter has other writes, or whose bound moves', () => {
    expect(counterWrites('function f($n, $k) { $i = 0; while ($i < $n) { $i++; $i++; } return $i; }')).toEqual(['checked', 'checked']);
    expect(counterWrites('function f($n, $k) { $i = 0; while ($i < $n) { for ($j = 0; $j < $k; $j++) { $i++; } } return $i; }')).toEqual(['checked']);
    expect(counterWrites('function f($n, $k) { $i = 0; while ($i < $n) { $i++; $n++; } return $i; }')).toEqual(['checked']);
    expect(counterWrites('function f($n, $k) { $i = 0; while ($i < $n || $k > 0) { $i++; } return $i; }')).toEqual(['checked']);
    expect(counterWrites('function f($n, $k) { $i = 0; do { $i++; } while ($i < $n); return $i; }')).toEqual(['checked']);
    expect(counterWrites('function f($n, $k) { $i = 0; while ($i++ < $n) { $i++; } return $i; }')).toEqual(['checked', 'checked']);
  });

  it('unchecks a step by an enclosing counter when both ranges bound the sum (the sieve)', () => {
    const sieve = 'function f($n, $k) { for ($i = 2; $i < 8193; $i++) { for ($k = $i + $i; $k <= 8192; $k += $i) { $n++; } } }';
    expect(counterWrites(sieve, 'k')).toEqual(['checked', 'unchecked']); // the init $i + $i, then the step
    expect(counterWrites('function f($n, $k) { for ($i = 1; $i <= 10; $i++) { for ($j = 100; $j > 0; $j -= $i) {} } }', 'j')).toEqual(['unchecked']);
    expect(counterWrites('function f($n, $k) { for ($i = 1; $i <= 10; $i++) { for ($j = 0; $j < PHP_INT_MAX - 9; $j += $i) {} } }', 'j')).toEqual(['unchecked']);
    // $j < $n leaves $j + 10 beyond PHP_INT_MAX possible.
    expect(counterWrites('function f($n, $k) { for ($i = 1; $i <= 10; $i++) { for ($j = 0; $j < $n; $j += $i) {} } }', 'j')).toEqual(['checked']);
  });

  it('keeps a step by a local of unknown sign or size', () => {
    expect(counterWrites('function f($n, $k) { for ($j = 0; $j < $n; $j += $k) {} }', 'j')).toEqual(['checked']);
    expect(counterWrites('function f($n, $k) { for ($i = -1; $i < 10; $i++) { for ($j = 0; $j < $n; $j += $i) {} } }', 'j')).toEqual(['checked']);
    expect(counterWrites('function f($n, $k) { for ($i = 1; $i < $n; $i++) { for ($j = 0; $j <= PHP_INT_MAX - 5; $j += $i) {} } }', 'j')).toEqual(['checked']);
    expect(counterWrites('function f($n, $k) { for ($i = 1; $i < 10; $i++) { for ($j = 0; $j < $n; $j += $i) { $i = $i; } } }', 'j')).toEqual(['checked']);
    expect(counterWrites('function f($n, $k) { for ($i = 1; $i < 10; $i++) { for ($j = 0; $j < 99; $j += $i) {} } for ($j = 0; $j < 99; $j += $i) {} }', 'j')).toEqual(['unchecked', 'checked']);
  });

  it('reports no change on a second run', () => {
    const m = run(irOf('function f($n, $k) { for ($i = 0; $i < $n; $i++) {} $j = 0; while ($j < $n) { $j++; } }', ['int', 'int']));
    expect(uncheckLoopCounters(m, {}).changed).toBe(false);
  });
});

describe('uncheckLoopCounters, compiled and run against php -n', () => {
  const MAX = 2n ** 63n - 1n;
  const MIN = -(2n ** 63n);
  const CASES: { src: string; types: ScalarType[]; args: bigint[][] }[] = [
    {
      src: 'function sieve_like($n) { $c = 0; for ($i = 2; $i < 200; $i++) { for ($k = $i + $i; $k <= $n; $k += $i) { $c++; } } return $c; }',
      types: ['int'],
      args: [[0n], [199n], [5000n], [MIN]],
    },
    {
      src: 'function bounds($a, $b) { $c = 0; for ($i = $a; $i < $b; $i++) { $c += 2; } for ($j = $b; $j > $a; --$j) { $c--; } for ($k = $a & 1023; $k <= 100; $k += 7) { $c++; } return $c; }',
      types: ['int', 'int'],
      args: [[0n, 10n], [MAX - 3n, MAX], [MIN, MIN + 3n], [50n, -50n], [-20n, 0n]],
    },
    {
      src: 'function down_by($n) { $c = 0; for ($i = 1; $i <= 5; $i++) { for ($j = $n; $j >= PHP_INT_MIN + 5; $j -= $i) { $c++; if ($c > 1000) return -1; } } return $c; }',
      types: ['int'],
      args: [[100n], [MIN + 7n], [MIN + 20n], [MIN]],
    },
  ];
  const so: string[] = [];
  beforeAll(async () => {
    for (const c of CASES) so.push((await compileFns([{ src: c.src, paramTypes: c.types }])).artifact.path);
  }, 120_000);

  it('answers as PHP, natively (no counter step overflows in these calls)', () => {
    CASES.forEach((c, k) => {
      const name = /function (\w+)/.exec(c.src)![1]!;
      const kernel = runKernels(so[k]!, c.args.map((a) => ({ kernel: 0, args: a.map(int) })), { timeoutMs: 20_000 });
      const php = runPhp([c.src], c.args.map((a) => ({ fn: name, args: a.map(int) })));
      expect(compareResults(kernel, php)).toEqual({ mismatches: [], native: c.args.length });
    });
  });
});
