import { describe, it, expect, beforeAll } from 'vitest';
import type { CountedLoop, IrModule } from '../../src/frontend/types.ts';
import { recognizeCountedLoop, tripCount } from '../../src/passes/counted-loops.ts';
import { runPassTable, verifyIr } from '../../src/passes/index.ts';
import { recordTripCounts } from '../../src/passes/record-trip-counts.ts';
import { int, runKernels, runPhp } from '../fixtures/compiler/kernel-harness.ts';
import { compileIr, irOf, localId, loopsOf } from './loop-helpers.ts';

const record = (m: IrModule) => runPassTable([{ name: 'record-trip-counts', run: recordTripCounts, required: false }], m, { verify: true });

/** The recorded CountedLoop of each loop of `src`, with the PHP names of counter and bound locals. */
function counted(src: string, types = ['int', 'int'] as const) {
  const m = record(irOf(src, [...types]));
  const name = (id: number) => m.functions[0]!.locals[id]!.name;
  return loopsOf(m).map((l) => {
    const c = l.counted;
    if (!c) return null;
    const show = (e: CountedLoop['bound'] | null) => (e === null ? null : e.k === 'local' ? `$${name(e.id)}` : e.k === 'const' ? String(e.value) : e.k);
    return { counter: `$${name(c.counter)}`, start: show(c.start), cmp: c.cmp, bound: show(c.bound), step: c.step };
  });
}

describe('recordTripCounts', () => {
  it('records the usual counted loops, with the test on either side and any constant step', () => {
    expect(counted('function f($n, $k) { for ($i = 0; $i < $n; $i++) {} }')).toEqual([{ counter: '$i', start: '0', cmp: 'lt', bound: '$n', step: 1n }]);
    expect(counted('function f($n, $k) { for ($i = $k; $n >= $i; ++$i) {} }')).toEqual([{ counter: '$i', start: '$k', cmp: 'le', bound: '$n', step: 1n }]);
    expect(counted('function f($n, $k) { for ($i = $n; $i >= 0; $i -= 3) {} }')).toEqual([{ counter: '$i', start: '$n', cmp: 'ge', bound: '0', step: -3n }]);
    expect(counted('function f($n, $k) { for ($i = 10; $i > $k; $i = $i - 1) {} }')).toEqual([{ counter: '$i', start: '10', cmp: 'gt', bound: '$k', step: -1n }]);
    expect(counted('function f($n, $k) { for ($i = 0; $i <= 100; $i = 2 + $i) { $k++; } }')).toEqual([{ counter: '$i', start: '0', cmp: 'le', bound: '100', step: 2n }]);
  });

  it('records nested loops each on their own, and no start when the init is something else', () => {
    expect(counted('function f($n, $k) { for ($i = 0, $j = 1; $i < $n; $i++) { for ($j = $i; $j < $n; $j++) {} } }')).toEqual([
      { counter: '$i', start: null, cmp: 'lt', bound: '$n', step: 1n },
      { counter: '$j', start: '$i', cmp: 'lt', bound: '$n', step: 1n },
    ]);
  });

  it('does not record loops that do not count', () => {
    const none = (src: string) => expect(counted(src)).toEqual([null]);
    none('function f($n, $k) { for ($i = 0; $i < $n; $i++) { $i += 2; } }'); // body writes the counter
    none('function f($n, $k) { for ($i = 0; $i < $n; $i++) { $n--; } }'); // body writes the bound
    none('function f($n, $k) { for ($i = 0; $i < $n; $i--) {} }'); // steps away from the bound
    none('function f($n, $k) { for ($i = 0; $i < $n; $i += $k) {} }'); // step not a constant
    none('function f($n, $k) { for ($i = 0; $i < $n; $i += 0) {} }'); // no step at all
    none('function f($n, $k) { for ($i = 0; $i != $n; $i++) {} }'); // not an order test
    none('function f($n, $k) { for ($i = 0; $k++, $i < $n; $i++) {} }'); // two tests
    none('function f($n, $k) { $i = 0; while ($i < $n) { $i++; } }'); // no step
    none('function f($n, $k) { $i = 0; do { $k++; } while ($i++ < $n); }');
    none('function f($n, $k) { for ($i = 0; $i < $i; $i++) {} }');
  });

  it('does not count on a bound or counter that lives outside the frame', () => {
    const m = record(irOf('function f(&$n, $k) { for ($i = 0; $i < $n; $i++) {} for ($n = 0; $n < $k; $n++) {} }', ['int', 'int'], [true, false]));
    expect(loopsOf(m).map((l) => l.counted ?? null)).toEqual([null, null]);
  });

  it('drops a record that no longer holds, and verifyIr rejects a stale one', () => {
    const m = record(irOf('function f($n) { for ($i = 0; $i < $n; $i++) { $n = $n; } for ($j = 0; $j < $n; $j++) {} }'));
    const [first, second] = loopsOf(m);
    expect(first!.counted).toBeUndefined();
    expect(second!.counted?.counter).toBe(localId(m, 'j'));
    // Plant the second loop's record on the first: its body writes $n.
    const fn = m.functions[0]!;
    const planted = { ...m, functions: [{ ...fn, body: fn.body.map((s) => (s === first ? { ...first, counted: { ...second!.counted!, counter: localId(m, 'i') } } : s)) }] };
    expect(() => verifyIr(planted, 'test')).toThrow(/recorded as counted no longer counts/);
    const fixed = recordTripCounts(planted, {});
    expect(fixed.changed).toBe(true);
    expect(() => verifyIr(fixed.ir)).not.toThrow();
    expect(loopsOf(fixed.ir)[0]!.counted).toBeUndefined();
  });

  it('reports no change on a second run', () => {
    const m = record(irOf('function f($n) { for ($i = 0; $i < $n; $i++) {} }'));
    expect(recordTripCounts(m, {}).changed).toBe(false);
  });
});

describe('tripCount, compiled and run against php -n', () => {
  // Kernels whose body is `return tripCount(loop, $i)` for the loop of each source; PHP counts the iterations itself.
  const SHAPES = [
    { name: 'lt', loop: 'for ($i = $a; $i < $b; $i++)' },
    { name: 'le', loop: 'for ($i = $a; $i <= $b; $i++)' },
    { name: 'gt', loop: 'for ($i = $a; $i > $b; $i--)' },
    { name: 'ge', loop: 'for ($i = $a; $i >= $b; $i--)' },
    { name: 'lt3', loop: 'for ($i = $a; $i < $b; $i += 3)' },
    { name: 'ge5', loop: 'for ($i = $a; $i >= $b; $i -= 5)' },
  ];
  const PAIRS: [bigint, bigint][] = [[0n, 10n], [10n, 0n], [5n, 5n], [-7n, 7n], [7n, -7n], [-3n, -20n], [1n, 2n]];
  const so: string[] = [];

  beforeAll(async () => {
    for (const s of SHAPES) {
      const src = `function trip_${s.name}($a, $b) { ${s.loop} {} return 0; }`;
      const m = record(irOf(src, ['int', 'int']));
      const loop = loopsOf(m)[0]!;
      const fn = m.functions[0]!;
      const body = [{ k: 'return' as const, line: 1, value: tripCount(loop.counted!, { k: 'local', type: 'int', id: fn.params[0]! }) }];
      const ir = { ...m, functions: [{ ...fn, returnType: 'float' as const, body }] };
      verifyIr(ir);
      so.push(await compileIr(ir));
    }
  }, 120_000);

  /** A kernel's float answer ("ok d <big-endian hex>") as a number. */
  const asFloat = (line: string): number => {
    const m = /^ok d ([0-9a-f]{16})$/.exec(line);
    if (!m) throw new Error(`not a float answer: ${line}`);
    return Buffer.from(m[1]!, 'hex').readDoubleBE(0);
  };

  it('is exact for steps of ±1 and at most one above the count for larger steps', () => {
    SHAPES.forEach((s, k) => {
      const got = runKernels(so[k]!, PAIRS.map(([a, b]) => ({ kernel: 0, args: [int(a), int(b)] })));
      const php = runPhp([`function count_${s.name}($a, $b) { $n = 0; ${s.loop} { $n++; } return $n; }`], PAIRS.map(([a, b]) => ({ fn: `count_${s.name}`, args: [int(a), int(b)] })));
      got.forEach((line, i) => {
        const bound = asFloat(line);
        const actual = Number(php[i]!.replace(/^ok i /, ''));
        if (s.name.length === 2) expect(`${s.name} ${PAIRS[i]}: ${bound}`).toBe(`${s.name} ${PAIRS[i]}: ${actual}`);
        else expect(bound >= actual && bound <= actual + 1, `${s.name} ${PAIRS[i]}: ${bound} vs ${actual}`).toBe(true);
      });
    });
  });

  it('never DEOPTs, even when the count exceeds PHP_INT_MAX', () => {
    const MIN = -(2n ** 63n);
    const MAX = 2n ** 63n - 1n;
    const got = runKernels(so[0]!, [{ kernel: 0, args: [int(MIN), int(MAX)] }, { kernel: 0, args: [int(0n), int(MAX)] }, { kernel: 0, args: [int(MAX), int(MIN)] }]);
    expect(got.map(asFloat)).toEqual([2 ** 64, 2 ** 63, 0]);
  });
});
