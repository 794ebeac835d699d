import { describe, it, expect, beforeAll } from 'vitest';
import type { ScalarType } from '../../src/core/php-value.ts';
import type { IrModule, IrStmt } from '../../src/frontend/types.ts';
import { foldConstants } from '../../src/passes/fold-constants.ts';
import { runPassTable } from '../../src/passes/index.ts';
import { recordTripCounts } from '../../src/passes/record-trip-counts.ts';
import { uncheckLoopCounters } from '../../src/passes/uncheck-loop-counters.ts';
import { versionOverflowChecks } from '../../src/passes/version-overflow-checks.ts';
import { compareResults, compileFns, int, runKernels, runPhp } from '../fixtures/compiler/kernel-harness.ts';
import { irOf, writesOf } from './loop-helpers.ts';

const run = (m: IrModule) =>
  runPassTable(
    [
      { name: 'fold-constants', run: foldConstants, required: false },
      { name: 'record-trip-counts', run: recordTripCounts, required: false },
      { name: 'uncheck-loop-counters', run: uncheckLoopCounters, required: false },
      { name: 'version-overflow-checks', run: versionOverflowChecks, required: false },
    ],
    m,
    { verify: true },
  );

/** The versioned `if` of function 0 (the first top-level one), or undefined. */
function versioned(m: IrModule): Extract<IrStmt, { k: 'if' }> | undefined {
  return m.functions[0]!.body.find((s): s is Extract<IrStmt, { k: 'if' }> => s.k === 'if');
}

const NESTED = 'function f($n, $x0) { $x = $x0; for ($a = 0; $a < $n; $a++) for ($b = 0; $b < $n; $b++) for ($c = 0; $c < $n; $c++) $x++; return $x; }';

describe('versionOverflowChecks (IR)', () => {
  it('versions the outermost loop of a nest whose whole effect on $x is counted increments', () => {
    const m = run(irOf(NESTED, ['int', 'int']));
    const v = versioned(m);
    expect(v).toBeDefined();
    expect(writesOf(m, v!.then, 'x')).toEqual(['unchecked']);
    expect(writesOf(m, v!.else, 'x')).toEqual(['checked']);
    // One copy each: inner loops are not versioned again.
    expect(v!.then.length).toBe(1);
    expect(v!.else.length).toBe(1);
    // The init ran before the guard, once.
    const i = m.functions[0]!.body.indexOf(v!);
    expect(m.functions[0]!.body[i - 1]).toMatchObject({ k: 'expr', expr: { k: 'assign' } });
  });

  it('handles += / -= of invariant locals and constants, in ifs', () => {
    const m = run(irOf('function f($n, $k) { $x = 0; for ($i = 0; $i < $n; $i++) { if ($i % 2) { $x += $k; } else { $x -= 3; } $x = $x - $k; $x--; } return $x; }', ['int', 'int']));
    const v = versioned(m);
    expect(writesOf(m, v!.then, 'x')).toEqual(['unchecked', 'unchecked', 'unchecked', 'unchecked']);
    expect(writesOf(m, v!.else, 'x')).toEqual(['checked', 'checked', 'checked', 'checked']);
  });

  it('leaves loops alone when an accumulation is not bounded', () => {
    const none = (src: string) => expect(versioned(run(irOf(src, ['int', 'int'])))).toBeUndefined();
    none('function f($n, $k) { $x = 0; for ($i = 0; $i < $n; $i++) { $x += $i; } return $x; }'); // increment varies
    none('function f($n, $k) { $x = 0; for ($i = 0; $i < $n; $i++) { $x += $k; $k = $k * 2; } return $x; }'); // increment written
    none('function f($n, $k) { $x = 0; for ($i = 0; $i < $n; $i++) { $x++; $x = $x * 2; } return $x; }'); // other write
    none('function f($n, $k) { $x = 0; for ($i = 0; $i < $n; $i++) { $j = 0; while ($j < $k) { $x++; $j++; } } return $x; }'); // uncounted inner loop
    none('function f($n, $k) { $x = 0; for ($i = 0; $i < $n; $i++) { for ($j = $i; $j < $n; $j++) { $x++; } } return $x; }'); // inner start varies
    none('function f($n, $k) { $x = 0; $y = 0; for ($i = 0; $i < $n; $i++) { $y = $x++; } return $x + $y; }'); // value used
    none('function f($n, $k) { $x = 0; $i = 0; while ($i < $n) { $x++; $i++; } return $x; }'); // not a counted loop
  });

  it('versions an inner loop when only it accumulates', () => {
    const m = run(irOf('function f($n, $k) { $t = 0; for ($i = 0; $i < $n; $i++) { $x = 0; for ($j = 0; $j < $k; $j++) { $x += 5; } $t = $t + $x * 0; } return $t; }', ['int', 'int']));
    expect(versioned(m)).toBeUndefined();
    const outer = m.functions[0]!.body.find((s) => s.k === 'loop')!;
    expect(outer.k === 'loop' && outer.body.some((s) => s.k === 'if')).toBe(true);
  });

  it('versions a loop for its own counter when only the bound decides (`$i <= $n`)', () => {
    const m = run(irOf('function f($n, $k) { $s = \'\'; for ($i = 1; $i <= $n; $i++) { $s .= \'a\'; } return strlen($s); }', ['int', 'int']));
    const v = versioned(m);
    expect(writesOf(m, v!.then, 'i')).toEqual(['unchecked']);
    expect(writesOf(m, v!.else, 'i')).toEqual(['checked']);
  });

  it('reports no change on a second run', () => {
    const m = run(irOf(NESTED, ['int', 'int']));
    expect(versionOverflowChecks(m, {}).changed).toBe(false);
  });
});

describe('versionOverflowChecks, compiled and run against php -n', () => {
  const MAX = 2n ** 63n - 1n;
  const MIN = -(2n ** 63n);
  // Each case: the calls, and which of them must run natively (the fast or the checked copy) or must DEOPT (PHP overflows to float).
  const CASES: { src: string; types: ScalarType[]; calls: { args: bigint[]; expect: 'native' | 'deopt' }[] }[] = [
    {
      src: NESTED.replace('function f', 'function nest'),
      types: ['int', 'int'],
      calls: [
        { args: [30n, 0n], expect: 'native' },
        { args: [2n, MAX - 8n], expect: 'native' }, // 8 increments reach PHP_INT_MAX exactly
        { args: [0n, MAX], expect: 'native' },
        { args: [3n, MAX - 27n], expect: 'native' },
        { args: [3n, MAX - 26n], expect: 'deopt' }, // the 27th increment overflows
        { args: [3n, MIN], expect: 'native' },
        { args: [-5n, MAX], expect: 'native' },
      ],
    },
    {
      // The guard fails (n * 2 is huge) but the loop leaves early: the checked copy answers.
      src: 'function early($n, $x0) { $x = $x0; for ($i = 0; $i < $n; $i++) { if ($i == 5) break; $x += 2; } return $x; }',
      types: ['int', 'int'],
      calls: [
        { args: [1000000n, MAX - 10n], expect: 'native' },
        { args: [1000000n, MAX - 9n], expect: 'deopt' },
        { args: [MAX, 0n], expect: 'native' },
      ],
    },
    {
      src: 'function down($n, $k, $x0) { $x = $x0; for ($i = $n; $i > 0; $i -= 1) { $x -= $k; } return $x; }',
      types: ['int', 'int', 'int'],
      calls: [
        { args: [10n, 3n, 0n], expect: 'native' },
        { args: [10n, -3n, MAX - 30n], expect: 'native' },
        { args: [10n, -3n, MAX - 29n], expect: 'deopt' },
        { args: [10n, 3n, MIN + 30n], expect: 'native' },
        { args: [10n, 3n, MIN + 29n], expect: 'deopt' },
        // -PHP_INT_MIN is a float in the guard: the checked copy runs and does not overflow here.
        { args: [1n, MIN, -1n], expect: 'native' },
        { args: [2n, MIN, -1n], expect: 'deopt' },
      ],
    },
    {
      src: 'function mixed_signs($n, $k) { $x = 0; for ($i = 0; $i < $n; $i++) { if ($i % 2 == 0) { $x += $k; } else { $x -= $k; } } return $x; }',
      types: ['int', 'int'],
      calls: [
        { args: [1001n, 7n], expect: 'native' },
        { args: [3n, MAX], expect: 'native' }, // the guard fails ($k * 3) but the sum stays in range
        { args: [1000n, -5n], expect: 'native' },
      ],
    },
    {
      // Steps above 1 and an inner start that is a parameter: 3 * 6 runs of += 4 for (9, 0, x0).
      src: 'function stepped($n, $s, $x0) { $x = $x0; for ($i = 0; $i < $n; $i += 3) for ($j = $s; $j <= 10; $j += 2) $x += 4; return $x; }',
      types: ['int', 'int', 'int'],
      calls: [
        { args: [9n, 0n, 0n], expect: 'native' },
        { args: [9n, 0n, MAX - 72n], expect: 'native' },
        { args: [9n, 0n, MAX - 71n], expect: 'deopt' },
        { args: [10n, 11n, MAX], expect: 'native' },
        { args: [10n, -4n, MIN], expect: 'native' },
      ],
    },
    {
      // `<=` with PHP_INT_MAX as the bound: the step would overflow after $i == PHP_INT_MAX; the loop returns first.
      src: 'function upto($n) { $c = 0; for ($i = PHP_INT_MAX - 3; $i <= $n; $i++) { $c++; if ($i == PHP_INT_MAX) return $c; } return -$c; }',
      types: ['int'],
      calls: [
        { args: [MAX], expect: 'native' },
        { args: [MAX - 1n], expect: 'native' },
        { args: [0n], expect: 'native' },
      ],
    },
    {
      src: 'function spin($max, $k) { $i = 0; $z = 0; while ($i < $max && $z < 1000000) { $z += $k; $i++; } return $i * 1000 + $z; }',
      types: ['int', 'int'],
      calls: [
        { args: [500n, 3n], expect: 'native' },
        { args: [MAX, 7n], expect: 'native' },
        { args: [-1n, 7n], expect: 'native' },
      ],
    },
  ];
  const so: string[] = [];

  beforeAll(async () => {
    for (const c of CASES) so.push((await compileFns([{ src: c.src, paramTypes: c.types }])).artifact.path);
  }, 180_000);

  it('answers exactly as PHP, natively where no accumulation overflows, by DEOPT where one does', () => {
    CASES.forEach((c, k) => {
      const name = /function (\w+)/.exec(c.src)![1]!;
      const kernel = runKernels(so[k]!, c.calls.map((x) => ({ kernel: 0, args: x.args.map(int) })), { timeoutMs: 20_000 });
      const php = runPhp([c.src], c.calls.map((x) => ({ fn: name, args: x.args.map(int) })));
      expect(compareResults(kernel, php).mismatches).toEqual([]);
      expect(kernel.map((r) => `${name} ${r === 'deopt' ? 'deopt' : 'native'}`)).toEqual(c.calls.map((x) => `${name} ${x.expect}`));
    });
  });
});
