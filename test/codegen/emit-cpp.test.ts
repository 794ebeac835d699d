import { describe, it, expect } from 'vitest';
import { isDeclined } from '../../src/core/declined.ts';
import { emitCpp } from '../../src/codegen/index.ts';
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
    expect(u.cpp).toContain('static int64_t f0_sum(pv::ctx &ctx, int64_t v_n_0)');
    expect(u.cpp).toMatch(/int64_t v_total_\d+ = int64_t\(0\);/);
    expect(u.cpp).toContain('// line 13');
    expect(u.cpp).toContain('PV_STACK_LOW(ctx)');
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
    expect(u.cpp).toContain('pv::add_i(ctx, f0_fib(ctx, (v_n_0 - int64_t(1LL))), f0_fib(ctx, (v_n_0 - int64_t(2LL))))');
  });

  it('tests the DEOPT flag before calls whose arguments may come from after a DEOPT', () => {
    const u = cpp([{ src: 'function ack($m, $n) {\n  if ($m == 0) return $n + 1;\n  if ($n == 0) return ack($m - 1, 1);\n  return ack($m - 1, ack($m, $n - 1));\n}', paramTypes: ['int', 'int'] }]);
    expect(u.cpp).toContain('pv::call_checked(ctx, &f0_ack, pv::sub_i(ctx, v_m_0, int64_t(1LL)), pv::call_checked(ctx, &f0_ack, v_m_0, pv::sub_i(ctx, v_n_1, int64_t(1LL))))');
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
});
