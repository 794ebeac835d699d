import { describe, it, expect, beforeAll } from 'vitest';
import { showPhpValue, type PhpValue } from '../../src/core/php-value.ts';
import type { ScalarType } from '../../src/core/php-value.ts';
import { bool, compareResults, compileFns, float, int, runKernels, runPhp, type Compiled } from '../fixtures/compiler/kernel-harness.ts';

// Real g++ + real php -n: every kernel answer must equal PHP's; DEOPT is always allowed, and the
// cases that PHP answers with a float overflow, an exception or a diagnostic must DEOPT.
const PROGRAMS: { name: string; src: string; types: ScalarType[] }[] = [
  { name: 'fib', types: ['int'], src: 'function fib($n) {\n  return $n < 2 ? $n : fib($n - 1) + fib($n - 2);\n}' },
  { name: 'ack', types: ['int', 'int'], src: 'function ack($m, $n) {\n  if ($m == 0) return $n + 1;\n  if ($n == 0) return ack($m - 1, 1);\n  return ack($m - 1, ack($m, $n - 1));\n}' },
  {
    name: 'mandel',
    types: ['float', 'float', 'int'],
    src: 'function mandel(float $cx, float $cy, int $max) {\n  $x = 0.0; $y = 0.0; $i = 0;\n  while ($i < $max && $x * $x + $y * $y <= 4.0) {\n    $t = $x * $x - $y * $y + $cx;\n    $y = 2 * $x * $y + $cy;\n    $x = $t;\n    $i++;\n  }\n  return $i;\n}',
  },
  {
    name: 'mandelbrot',
    types: ['int', 'int', 'int'],
    src: 'function mandelbrot(int $w, int $h, int $max) {\n $count = 0;\n for ($py = 0; $py < $h; $py++) {\n  for ($px = 0; $px < $w; $px++) {\n   $cx = ($px / $w) * 3.5 - 2.5; $cy = ($py / $h) * 2.0 - 1.0;\n   $x = 0.0; $y = 0.0; $i = 0;\n   while ($i < $max && $x*$x + $y*$y <= 4.0) { $t = $x*$x - $y*$y + $cx; $y = 2*$x*$y + $cy; $x = $t; $i++; }\n   $count += $i;\n  }\n }\n return $count;\n}',
  },
  { name: 'arith', types: ['int', 'int'], src: 'function arith($a, $b) { $c = $a * $b; $c -= $a; $c += 1; return -$c + $a - $b; }' },
  { name: 'divi', types: ['int', 'int'], src: 'function divi($a, $b) { return $a / $b; }' },
  { name: 'divf', types: ['float', 'int'], src: 'function divf($a, $b) { $q = $a / $b; $q /= 2; return $q; }' },
  { name: 'modi', types: ['int', 'int'], src: 'function modi($a, $b) { return $a % $b; }' },
  { name: 'modf', types: ['float', 'int'], src: 'function modf($a, $b) { return $a % $b; }' },
  { name: 'idiv', types: ['int', 'int'], src: 'function idiv($a, $b) { return intdiv($a, $b); }' },
  { name: 'rnd', types: ['float', 'int'], src: 'function rnd($x, $p) { return round($x, $p); }' },
  { name: 'rndi', types: ['int', 'int'], src: 'function rndi($x, $p) { return round($x, $p); }' },
  { name: 'rnd1', types: ['float'], src: 'function rnd1($x) { return round($x); }' },
  { name: 'fm', types: ['float', 'float'], src: 'function fm($a, $b) { return fmod($a, $b); }' },
  { name: 'powi', types: ['int', 'int'], src: 'function powi($a, $b) { return $a ** $b; }' },
  { name: 'powf', types: ['float', 'int'], src: 'function powf($a, $b) { return pow($a, $b); }' },
  // `**` binds tighter than a cast in PHP (php-parser gets this wrong): (int)$a ** $b is (int)($a ** $b).
  { name: 'powcast', types: ['float', 'int'], src: 'function powcast($a, $b) { return (int)$a ** $b + ((int)$a) ** $b * 1000 + (float)(int)$a ** 2; }' },
  { name: 'negf', types: ['float'], src: 'function negf($x) { return -$x + -NAN * 0 - (-INF); }' },
  { name: 'toint', types: ['float'], src: 'function toint($x) { return (int)$x; }' },
  { name: 'tobool', types: ['float'], src: 'function tobool($x) { return (bool)$x; }' },
  { name: 'absneg', types: ['int'], src: 'function absneg($a) { return abs($a) + abs(-2.5) * 0 - 0; }' },
  { name: 'mm', types: ['int', 'float'], src: 'function mm($a, $b) { return max($a, $b); }' },
  { name: 'mn', types: ['float', 'int'], src: 'function mn($a, $b) { return min($a, $b); }' },
  { name: 'fl', types: ['float'], src: 'function fl($x) { return sqrt($x) + floor($x) * ceil($x) + pi() + (is_nan($x) ? 1 : 0) + (is_infinite($x) ? 2 : 0) + (is_finite($x) ? 4 : 0); }' },
  {
    name: 'cmpif',
    types: ['int', 'float'],
    src: 'function cmpif($a, $b) { return ($a == $b) * 1 + ($a < $b) * 2 + ($a > $b) * 4 + ($a <= $b) * 8 + ($a >= $b) * 16 + ($a != $b) * 32 + (($a <=> $b) + 1) * 64 + ($a === $b) * 512 + ($a !== $b) * 1024; }',
  },
  {
    name: 'cmpbi',
    types: ['bool', 'int'],
    src: 'function cmpbi($a, $b) { return ($a == $b) * 1 + ($a < $b) * 2 + ($a > $b) * 4 + ($a <= $b) * 8 + ($a >= $b) * 16 + ($a != $b) * 32 + (($a <=> $b) + 1) * 64 + ($a === $b) * 512; }',
  },
  {
    name: 'cmpff',
    types: ['float', 'float'],
    src: 'function cmpff($a, $b) { return ($a == $b) * 1 + ($a < $b) * 2 + ($a > $b) * 4 + ($a <= $b) * 8 + ($a >= $b) * 16 + ($a != $b) * 32 + (($a <=> $b) + 1) * 64 + ($a === $b) * 512; }',
  },
  {
    name: 'cmpnum',
    types: ['int', 'int'],
    src: 'function cmpnum($a, $b) { $q = $a / 3; return ($q == $b) * 1 + ($q < $b) * 2 + ($q > $b) * 4 + (($q <=> $b) + 1) * 8 + ($q === $b) * 64 + (is_int($q) ? 128 : 0) + (is_float($q) ? 256 : 0); }',
  },
  {
    name: 'loops',
    types: ['int'],
    src: 'function loops($n) {\n $s = 0;\n for ($i = 0; $i < $n; $i++) {\n  if ($i % 3 == 0) continue;\n  for ($j = 0; $j < $i; $j++) {\n   if ($j > 4) continue 2;\n   if ($s > 1000) break 2;\n   $s += $j;\n  }\n }\n $k = 0;\n do { $k++; } while ($k < $n);\n while (true) { if ($k-- <= 0) break; $s++; }\n return $s;\n}',
  },
  { name: 'sh', types: ['int', 'int'], src: 'function sh($a, $b) { return ($a - $b) ?: -1.5; }' },
  { name: 'incs', types: ['float'], src: 'function incs($x) { $y = $x++; $z = 1; $z--; --$z; return ++$x + $y-- + $z; }' },
  { name: 'lg', types: ['int', 'bool'], src: 'function lg($a, $b) { return ($a > 0 xor $b) || (!$b && $a) or $a === 3; }' },
  { name: 'numloop', types: ['int'], src: 'function numloop($n) { $x = 1; for ($i = 0; $i < $n; $i++) { $x = $x * 3 / 2; } return $x; }' },
  { name: 'noret', types: ['int'], src: 'function noret($n) { $n++; }' },
  // specialize-nonneg: a copy for m, n >= 0; negative arguments take the general copy (and terminate).
  {
    name: 'cnt',
    types: ['int', 'int'],
    src: 'function cnt($m, $n) {\n  if ($m == 0) return $n;\n  if ($n == 0) return cnt($m - 1, 5);\n  if ($m < -50 || $n < -50) return -$m * 1000 - $n;\n  return cnt($m - 1, $n - 1) + 1;\n}',
  },
  // Temporaries that keep PHP's order: at statement level, and inside a ternary branch.
  {
    name: 'ordr',
    types: ['int', 'int'],
    src: 'function ordr($a, $b) {\n  $x = $a > 0 ? intdiv(100, $b) + fib($a % 7) : -1;\n  return $x + intdiv($a, $b) * fib(3) + ($b > 1 && $a % $b + fib(2) > 1 ? 1 : 0);\n}',
  },
  // Shifts and bitwise operators: ints wrap in 64 bits, counts >= 64 shift everything out, a
  // negative count throws; floats convert to int (DEOPT where PHP warns), bools become 0/1.
  { name: 'shl', types: ['int', 'int'], src: 'function shl($a, $b) { return $a << $b; }' },
  { name: 'shr', types: ['int', 'int'], src: 'function shr($a, $b) { return $a >> $b; }' },
  { name: 'band', types: ['int', 'int'], src: 'function band($a, $b) { return $a & $b; }' },
  { name: 'bor', types: ['int', 'int'], src: 'function bor($a, $b) { return $a | $b; }' },
  { name: 'bxor', types: ['int', 'int'], src: 'function bxor($a, $b) { return $a ^ $b; }' },
  { name: 'bnot', types: ['int'], src: 'function bnot($a) { return ~$a; }' },
  { name: 'shlf', types: ['float', 'int'], src: 'function shlf($a, $b) { return $a << $b; }' },
  { name: 'shrf', types: ['int', 'float'], src: 'function shrf($a, $b) { return $a >> $b; }' },
  { name: 'bandf', types: ['float', 'float'], src: 'function bandf($a, $b) { return ($a & $b) + ($a | 0) * 3 - ($b ^ 5); }' },
  { name: 'bnotf', types: ['float'], src: 'function bnotf($a) { return ~$a; }' },
  { name: 'shlb', types: ['bool', 'int'], src: 'function shlb($a, $b) { return ($a << $b) + ($b >> $a) + ($a & $b) + ($a ^ true) * 7; }' },
  { name: 'bnum', types: ['int', 'int'], src: 'function bnum($a, $b) { $q = $a / 2; return (~$q) + ($q << 1) + ($q & $b); }' },
  {
    name: 'bcompound',
    types: ['int', 'int'],
    src: 'function bcompound($a, $b) {\n  $x = $a; $x <<= $b; $y = $a; $y >>= $b; $z = $a; $z &= $b; $z |= 12; $z ^= $b;\n  return ($x ^ $y) + $z * 0 + ($z & 0xFF);\n}',
  },
  { name: 'bconst', types: ['int'], src: 'function bconst($n) { return (1 << 64) + (-1 >> 64) * 2 + (PHP_INT_MAX << 1) * 4 + (5 & 3) + (~0) + (3.0 << 2) + (-0.0 | 1) + (true << 3) + ($n & 0); }' },
  // A throwing shift must DEOPT before a later call runs (PHP throws there, before calling fib).
  { name: 'shcall', types: ['int', 'int'], src: 'function shcall($a, $b) { return ($a << $b) + fib($b & 7); }' },
  { name: 'consts', types: ['int'], src: 'function consts($n) { return $n * M_PI + PHP_FLOAT_EPSILON - M_E + M_SQRT2 + (PHP_INT_SIZE + $n) + (NAN == NAN) + INF * 0 + PHP_FLOAT_MIN + 0x1F + 0b101 + 017 + 1_000 + 1.5e3; }' },
];

const INTS = [0n, 1n, -1n, 2n, 3n, 5n, -7n, 10n, 12n, 63n, 64n, 65n, 2n ** 31n, 2n ** 62n, 2n ** 63n - 1n, -(2n ** 63n), 3037000500n];
const FLOATS = [0, -0, 0.5, -0.5, 1.5, 2.5, -2.5, 3, 3.5, -1, 0.1, 1.955, 0.285, -1.005, 5.055, 1e15, 1e20, -1e20, 9.2e18, 1e300, Number.NaN, Infinity, -Infinity, 2 ** 63, 1234.5678];

function valuesOf(t: ScalarType): PhpValue[] {
  if (t === 'int') return INTS.map(int);
  if (t === 'float') return FLOATS.map(float);
  return [bool(false), bool(true)];
}

/** A few smaller int values for the exponential/recursive programs. */
const SMALL: Record<string, PhpValue[][]> = {
  fib: [[int(0)], [int(1)], [int(2)], [int(10)], [int(25)], [int(-3)]],
  ack: [[int(0), int(0)], [int(1), int(2)], [int(2), int(3)], [int(3), int(5)], [int(0), int(2n ** 63n - 1n)]],
  mandel: [
    [float(-0.5), float(0.5), int(255)],
    [float(0.25), float(0), int(1000)],
    [float(-2), float(0), int(50)],
    [float(0.3), float(0.5), int(100)],
  ],
  mandelbrot: [[int(80), int(60), int(255)], [int(7), int(3), int(20)]],
  loops: [[int(0)], [int(1)], [int(5)], [int(30)], [int(200)]],
  numloop: [[int(0)], [int(1)], [int(5)], [int(60)], [int(200)]],
  cnt: [0n, 1n, 3n, 7n, -1n, -3n, -60n, -(2n ** 63n)].flatMap((m) => [0n, 1n, 5n, -1n, -7n, -60n, 2n ** 63n - 1n, -(2n ** 63n)].map((n) => [int(m), int(n)])),
};

function argTuples(p: (typeof PROGRAMS)[number]): PhpValue[][] {
  const small = SMALL[p.name];
  if (small) return small;
  let tuples: PhpValue[][] = [[]];
  for (const t of p.types) tuples = tuples.flatMap((prefix) => valuesOf(t).map((v) => [...prefix, v]));
  return tuples;
}

describe('kernels agree with php -n', () => {
  let compiled: Compiled;
  const results = new Map<string, { kernel: string[]; php: string[] }>();

  beforeAll(async () => {
    compiled = await compileFns(PROGRAMS.map((p) => ({ src: p.src, paramTypes: p.types })));
    const calls = PROGRAMS.flatMap((p, k) => argTuples(p).map((args) => ({ k, fn: p.name, args })));
    const kernel = runKernels(compiled.artifact.path, calls.map((c) => ({ kernel: c.k, args: c.args })));
    const php = runPhp(PROGRAMS.map((p) => p.src), calls.map((c) => ({ fn: c.fn, args: c.args })));
    PROGRAMS.forEach((p, k) => {
      const idx = calls.map((c, i) => (c.k === k ? i : -1)).filter((i) => i >= 0);
      results.set(p.name, { kernel: idx.map((i) => kernel[i]!), php: idx.map((i) => php[i]!) });
    });
  }, 120_000);

  for (const p of PROGRAMS) {
    it(p.name, () => {
      const r = results.get(p.name)!;
      const { mismatches, native } = compareResults(r.kernel, r.php);
      expect(mismatches).toEqual([]);
      // Whatever PHP answers with an exception or a diagnostic must not have been answered natively.
      r.php.forEach((ph, i) => {
        if (ph.startsWith('throw') || ph.startsWith('warn')) expect(r.kernel[i], `case ${i}: php ${ph}`).toBe('deopt');
      });
      expect(native).toBeGreaterThan(0);
    });
  }

  it('answers the common cases natively and DEOPTs exactly where PHP leaves int arithmetic', () => {
    const fib = results.get('fib')!;
    expect(fib.kernel).toEqual(fib.php);
    expect(results.get('mandelbrot')!.kernel).toEqual(results.get('mandelbrot')!.php);
    const arith = results.get('arith')!;
    // PHP answers overflow with a float; the kernel must DEOPT on exactly those.
    arith.php.forEach((ph, i) => expect(arith.kernel[i] === 'deopt').toBe(ph.startsWith('ok d')));
    const modi = results.get('modi')!;
    modi.php.forEach((ph, i) => expect(modi.kernel[i] === 'deopt').toBe(ph.startsWith('throw')));
  });

  it('answers shifts and bitwise ops natively, DEOPTing exactly where PHP throws or warns', () => {
    for (const name of ['shl', 'shr', 'band', 'bor', 'bxor', 'bnot', 'shlf', 'shrf', 'bandf', 'bnotf', 'shlb', 'bnum', 'bcompound', 'bconst', 'shcall']) {
      const r = results.get(name)!;
      // A float answer comes from int overflow in the surrounding arithmetic (which DEOPTs); the
      // shift and bitwise operators themselves never leave int.
      r.php.forEach((ph, i) => {
        if (!ph.startsWith('ok d')) expect(r.kernel[i] === 'deopt', `${name} case ${i}: php ${ph}`).toBe(ph.startsWith('throw') || ph.startsWith('warn'));
      });
    }
    const at = (name: string, args: PhpValue[]): string => {
      const p = PROGRAMS.find((x) => x.name === name)!;
      const i = argTuples(p).findIndex((t) => JSON.stringify(t, (_, v) => (typeof v === 'bigint' ? v.toString() : v)) === JSON.stringify(args, (_, v) => (typeof v === 'bigint' ? v.toString() : v)));
      expect(i, `${name} has no case ${JSON.stringify(args.map(showPhpValue))}`).toBeGreaterThanOrEqual(0);
      return results.get(name)!.kernel[i]!;
    };
    const MAX = 2n ** 63n - 1n;
    const MIN = -(2n ** 63n);
    expect(at('shl', [int(1), int(64)])).toBe('ok i 0');
    expect(at('shl', [int(1), int(63)])).toBe(`ok i ${MIN}`);
    expect(at('shl', [int(MAX), int(1)])).toBe('ok i -2');
    expect(at('shl', [int(1), int(MAX)])).toBe('ok i 0');
    expect(at('shl', [int(1), int(-1)])).toBe('deopt');
    expect(at('shr', [int(-1), int(64)])).toBe('ok i -1');
    expect(at('shr', [int(MIN), int(65)])).toBe('ok i -1');
    expect(at('shr', [int(MAX), int(64)])).toBe('ok i 0');
    expect(at('shr', [int(MIN), int(63)])).toBe('ok i -1');
    expect(at('shr', [int(5), int(MIN)])).toBe('deopt');
    expect(at('bnot', [int(MIN)])).toBe(`ok i ${MAX}`);
    expect(at('bnotf', [float(3)])).toBe('ok i -4');
    expect(at('bnotf', [float(-0)])).toBe('ok i -1');
    for (const x of [3.5, Number.NaN, Infinity, 1e20]) expect(at('bnotf', [float(x)])).toBe('deopt');
  });
});

describe('kernels fall back instead of crashing', () => {
  it('DEOPTs on recursion deeper than the host stack limit, and answers shallow calls', async () => {
    const c = await compileFns([{ src: 'function depth($n) { return $n == 0 ? 0 : 1 + depth($n - 1); }', paramTypes: ['int'] }]);
    expect(runKernels(c.artifact.path, [{ kernel: 0, args: [int(100)] }, { kernel: 0, args: [int(50_000_000)] }])).toEqual(['ok i 100', 'deopt']);
  }, 60_000);

  it('DEOPTs at the stack limit inside the specialized copy, then still answers (the jump leaves nothing behind)', async () => {
    const c = await compileFns([{ src: 'function ack($m, $n) {\n  if ($m == 0) return $n + 1;\n  if ($n == 0) return ack($m - 1, 1);\n  return ack($m - 1, ack($m, $n - 1));\n}', paramTypes: ['int', 'int'] }]);
    const calls = [
      [1n, 1_000_000_000n],
      [2n, 3n],
      [0, 2n ** 63n - 1n],
      [1n, 1_000_000_000n],
      [3n, 3n],
    ].map(([m, n]) => ({ kernel: 0, args: [int(m!), int(n!)] }));
    expect(runKernels(c.artifact.path, calls)).toEqual(['deopt', 'ok i 9', 'deopt', 'deopt', 'ok i 61']);
  }, 60_000);

  it('does not return from a loop PHP never leaves (g++ may not assume loops terminate)', async () => {
    const c = await compileFns([{ src: 'function inf($n) { $x = 0.5; while ($n > 0) { $x = $x * 0.5; } return 7; }', paramTypes: ['int'] }]);
    expect(runKernels(c.artifact.path, [{ kernel: 0, args: [int(0)] }])).toEqual(['ok i 7']);
    // PHP spins here until max_execution_time; a kernel answering 7 would be wrong.
    expect(() => runKernels(c.artifact.path, [{ kernel: 0, args: [int(1)] }], { timeoutMs: 1500 })).toThrow();
  }, 60_000);

  it('DEOPTs on a throwing operand before running a later call that would not finish', async () => {
    // PHP throws at intdiv before spin runs; a kernel that evaluated spin first would hang here.
    const c = await compileFns([
      { src: 'function first($a, $b) { return intdiv($a, $b) + spin($a); }', paramTypes: ['int', 'int'] },
      { src: 'function spin($n) { $x = 0.5; for ($i = 0; $i < $n; $i++) { $x = $x * 0.999999 + 1.0; } return (int)$x; }', paramTypes: ['int'], exported: false },
    ]);
    expect(runKernels(c.artifact.path, [{ kernel: 0, args: [int(2n ** 62n), int(0)] }, { kernel: 0, args: [int(10), int(3)] }])).toEqual(['deopt', 'ok i 13']);
  }, 60_000);
});
