import { describe, it, expect } from 'vitest';
import { isDeclined } from '../../src/core/declined.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { emitCpp, RUNTIME_VERSION } from '../../src/codegen/index.ts';
import { bytesLiteral, floatLiteral, intLiteral, sanitizeName } from '../../src/codegen/cpp-literals.ts';
import { buildIr } from '../../src/frontend/index.ts';
import { runPasses } from '../../src/passes/index.ts';
import type { CppUnit } from '../../src/codegen/types.ts';
import { planOf, type FnSpec } from '../fixtures/compiler/plan-of.ts';

function cpp(fns: FnSpec[]): CppUnit {
  const ir = buildIr(planOf(fns));
  if (isDeclined(ir)) throw new Error(ir.reason);
  const unit = emitCpp(runPasses(ir, { verify: true }));
  if (isDeclined(unit)) throw new Error(unit.reason);
  return unit;
}

describe('C++ literals', () => {
  it('encodes ints as decimal, INT64_MIN without an overflowing literal', () => {
    expect(intLiteral(42n)).toBe('int64_t(42LL)');
    expect(intLiteral(-9223372036854775808n)).toBe('int64_t(-9223372036854775807LL - 1)');
  });

  it('encodes floats exactly as hex-floats and spells the special values', () => {
    expect(floatLiteral(3)).toBe('0x1.8000000000000p+1');
    expect(floatLiteral(0.1)).toBe('0x1.999999999999ap-4');
    expect(floatLiteral(-2.5)).toBe('(-0x1.4000000000000p+1)');
    expect(floatLiteral(5e-324)).toBe('0x0.0000000000001p-1022');
    expect(floatLiteral(-0)).toBe('(-0.0)');
    expect(floatLiteral(Infinity)).toBe('__builtin_inf()');
    expect(floatLiteral(Number.NaN)).toBe('__builtin_nan("")');
  });

  it('escapes every byte of strings and keeps names to [a-z0-9_]', () => {
    expect(bytesLiteral('fib')).toBe('"\\x66\\x69\\x62"');
    expect(sanitizeName('Évil*/"name')).toBe('vilname');
    expect(sanitizeName('"')).toBe('x');
  });
});

describe('emitCpp', () => {
  const fib = 'function fib($n) {\n  return $n < 2 ? $n : fib($n - 1) + fib($n - 2);\n}';

  it('emits one static native function per PHP function with named locals and line comments', () => {
    const u = cpp([{ src: 'function sum($n) {\n  $total = 0;\n  for ($i = 0; $i < $n; $i++) {\n    $total += $i;\n  }\n  return $total;\n}', paramTypes: ['int'], lineStart: 10 }]);
    expect(u.cpp).toContain('static int64_t f0_sum(const char *pv_sl, int64_t v_n_0)');
    expect(u.cpp).toMatch(/int64_t v_total_\d+ = int64_t\(0\);/);
    expect(u.cpp).toContain('// line 13');
    expect(u.cpp).toContain('PV_CHECK_STACK(pv_sl);');
  });

  it('exports a descriptor per exported function in plan order, names byte-escaped', () => {
    const u = cpp([
      { src: fib, paramTypes: ['int'] },
      { src: 'function helper(float $x) { return $x * 2; }', paramTypes: ['float'], exported: false },
      { src: 'function g($b) { return !$b; }', paramTypes: ['bool'] },
    ]);
    expect(u.kernels.map((k) => k.lcName)).toEqual(['fib', 'g']);
    expect(u.cpp).toContain('{"\\x66\\x69\\x62", ');
    expect(u.cpp).toContain('1u, {4}, PV_KERNEL_PURE, k0}');
    expect(u.cpp).toContain('1u, {3}, PV_KERNEL_PURE, k1}');
    expect(u.cpp).toContain('{PV_ABI_VERSION, 80200u, 2u, kKernels}');
    expect(u.cpp).toContain('pv::arg_b(&args[0])');
    expect(u.cpp).not.toContain('uint32_t k2(');
  });

  it('calls functions of the same module directly, without overflow checks the ranges rule out', () => {
    const u = cpp([{ src: fib, paramTypes: ['int'] }]);
    // A returned ternary becomes if/return (g++ inlines the recursion better), the first call is
    // evaluated first as PHP does, and n - 1, n - 2 need no check where n >= 2.
    expect(u.cpp).toContain('  if (v_n_0 < int64_t(2LL)) {  // line 2\n    return v_n_0;  // line 2\n  }\n');
    expect(u.cpp).toContain('const int64_t s0 = f0_fib(pv_sl, v_n_0 - int64_t(1LL));');
    expect(u.cpp).toContain('return pv::add_i(s0, f0_fib(pv_sl, v_n_0 - int64_t(2LL)));');
  });

  it('DEOPTs by a jump to the kernel entry: no flag tests in native code, recursive tail calls stay tail calls', () => {
    const u = cpp([{ src: 'function ack($m, $n) {\n  if ($m == 0) return $n + 1;\n  if ($n == 0) return ack($m - 1, 1);\n  return ack($m - 1, ack($m, $n - 1));\n}', paramTypes: ['int', 'int'] }]);
    expect(u.cpp).toContain('  PV_DEOPT_LANDING();\n  const int64_t r = f0_ack(host->stack_limit, args[0].value.lval, args[1].value.lval);\n  pv::put_i(ret, r);');
    expect(u.cpp).not.toMatch(/deopt\b|ctx/);
    // The kernel dispatches on the signs of its arguments: the copy for m, n >= 0 needs no checks
    // on m - 1 and n - 1, the other keeps them.
    expect(u.cpp).toContain('if ((v_m_0 >= int64_t(0LL)) && (v_n_1 >= int64_t(0LL))) {');
    expect(u.cpp).toContain('return f1_ack(pv_sl, v_m_0 - int64_t(1LL), f1_ack(pv_sl, v_m_0, v_n_1 - int64_t(1LL)));');
    expect(u.cpp).toContain('return f0_ack(pv_sl, pv::sub_i(v_m_0, int64_t(1LL)), f0_ack(pv_sl, v_m_0, pv::sub_i(v_n_1, int64_t(1LL))));');
  });

  it('evaluates an operand that may throw before a later call, and leaves the rest to g++', () => {
    const g = { src: 'function g($x) { return $x * 2; }', paramTypes: ['int'] as const, exported: false };
    const u = cpp([{ src: 'function o($a, $b) { return intdiv($a, $b) + g($a); }', paramTypes: ['int', 'int'] }, g]);
    expect(u.cpp).toContain('const int64_t s0 = pv::intdiv_i(v_a_0, v_b_1);  // line 1\n  return pv::add_i(s0, f1_g(pv_sl, v_a_0));');
    // Overflow cannot throw (PHP goes on with a float): no temporary.
    const v = cpp([{ src: 'function o($a) { return ($a + 1) + g($a); }', paramTypes: ['int'] }, g]);
    expect(v.cpp).toContain('return pv::add_i(pv::add_i(v_a_0, int64_t(1LL)), f1_g(pv_sl, v_a_0));');
  });

  it('keeps the order inside a conditional part with a comma expression over predeclared temporaries', () => {
    const g = { src: 'function g($x) { return $x * 2; }', paramTypes: ['int'] as const, exported: false };
    const u = cpp([{ src: 'function c($a, $b) { $x = $a > 0 ? intdiv(100, $b) + g($a) : -1; return $x; }', paramTypes: ['int', 'int'] }, g]);
    expect(u.cpp).toContain('  int64_t s0 = int64_t(0);\n');
    expect(u.cpp).toContain('(s0 = pv::intdiv_i(int64_t(100LL), v_b_1), pv::add_i(s0, f1_g(pv_sl, v_a_0)))');
  });

  it('emits shifts through the runtime helpers and &, |, ^, ~ as plain 64-bit ops', () => {
    const u = cpp([{ src: 'function b($a, $b) { return ($a << $b) + ($a >> 3) + (($a & $b) | ($a ^ 5)) + ~$b; }', paramTypes: ['int', 'int'] }]);
    expect(u.cpp).toContain('pv::shl_i(v_a_0, v_b_1)');
    expect(u.cpp).toContain('pv::shr_i(v_a_0, int64_t(3LL))');
    expect(u.cpp).toContain(', (v_a_0 & v_b_1) | (v_a_0 ^ int64_t(5LL))), ~v_b_1);');
    const f = cpp([{ src: 'function b($x) { return ~$x; }', paramTypes: ['float'] }]);
    expect(f.cpp).toContain('return ~pv::dval_to_lval_exact(v_x_0);');
  });

  it('evaluates a shift by a possibly negative count before a later call (PHP throws there first)', () => {
    const g = { src: 'function g($x) { return $x * 2; }', paramTypes: ['int'] as const, exported: false };
    const u = cpp([{ src: 'function o($a, $b) { return ($a << $b) + g($a); }', paramTypes: ['int', 'int'] }, g]);
    expect(u.cpp).toContain('const int64_t s0 = pv::shl_i(v_a_0, v_b_1);');
    // A constant non-negative count cannot throw: no temporary.
    const v = cpp([{ src: 'function o($a) { return ($a << 3) + g($a); }', paramTypes: ['int'] }, g]);
    expect(v.cpp).toContain('return pv::add_i(pv::shl_i(v_a_0, int64_t(3LL)), f1_g(pv_sl, v_a_0));');
  });

  it('checks the runtime.h version it was generated for', () => {
    const header = readFileSync(fileURLToPath(new URL('../../cpp-templates/polyvirt/runtime.h', import.meta.url)), 'utf8');
    const version = /#define PV_RUNTIME_VERSION (\d+)u/.exec(header)?.[1];
    expect(Number(version)).toBe(RUNTIME_VERSION);
    expect(cpp([{ src: 'function f($a) { return $a; }', paramTypes: ['int'] }]).cpp).toContain(`#if PV_RUNTIME_VERSION != ${RUNTIME_VERSION}u`);
  });

  it('converts an int guard into a float parameter at the kernel entry', () => {
    const u = cpp([{ src: 'function h(float $x) { return $x / 2; }', paramTypes: ['int'] }]);
    expect(u.cpp).toContain('double(args[0].value.lval)');
  });

  it('uses gotos only for leveled break/continue', () => {
    const u = cpp([{ src: 'function l($n) { $s = 0; for ($i = 0; $i < $n; $i++) { for ($j = 0; $j < $n; $j++) { if ($j > 2) continue 2; if ($s > 9) break 2; $s++; } } return $s; }', paramTypes: ['int'] }]);
    expect(u.cpp).toMatch(/goto cont_0;/);
    expect(u.cpp).toMatch(/goto brk_0;/);
    expect(u.cpp).toMatch(/cont_0:;/);
    expect(u.cpp).toMatch(/brk_0:;/);
  });

  it('updates an element in place with one lookup, unless the right-hand side reads the same array', () => {
    const u = cpp([{ src: 'function f($i, $j) { $a = [1, 2, 3]; $b = [4, 5, 6]; $a[$i] += $b[$i]; $a[$j]++; $a[$i] -= $a[$j]; return $a[0]; }', paramTypes: ['int', 'int'] }]);
    const body = u.cpp.slice(u.cpp.indexOf('f0_f('));
    expect(body.match(/\.at_mut\(/g)?.length).toBe(2);
    expect(body).toMatch(/slot = pv::add_i\(slot, v_b_\d+\.get\(v_i_\d+\)\)/);
    // $a[$i] -= $a[$j]: a read and a write (the value may read the element being written).
    expect(body).toMatch(/\.set\(v_i_\d+, /);
  });
});
