import { describe, it, expect } from 'vitest';
import { isDeclined, type Declined } from '../../src/core/declined.ts';
import { emitCpp } from '../../src/codegen/index.ts';
import { buildIr, showIr } from '../../src/frontend/index.ts';
import type { IrModule } from '../../src/frontend/types.ts';
import type { ParamType } from '../../src/core/php-value.ts';
import { verifyIr } from '../../src/passes/index.ts';
import { planOf } from '../fixtures/compiler/plan-of.ts';

function ir(src: string, paramTypes: ParamType[] = ['int']): IrModule {
  const r = buildIr(planOf([{ src, paramTypes }]));
  if (isDeclined(r)) throw new Error(r.reason);
  verifyIr(r);
  return r;
}

function declined(src: string, paramTypes: ParamType[] = ['int']): Declined {
  const r = buildIr(planOf([{ src, paramTypes }]));
  if (!isDeclined(r)) throw new Error(`expected a decline, got\n${showIr(r)}`);
  expect(r.stage).toBe('frontend');
  return r;
}

describe('buildIr: typing', () => {
  it('types a recursive int function from its guard', () => {
    const m = ir('function fib($n) {\n  return $n < 2 ? $n : fib($n - 1) + fib($n - 2);\n}');
    const fn = m.functions[0]!;
    expect(fn.returnType).toBe('int');
    expect(fn.locals[0]!.type).toBe('int');
    expect(showIr(m)).toContain('call fn0');
  });

  it('gives int / int the num type and propagates it', () => {
    const fn = ir('function d($a, $b) { $r = $a / $b; return $r; }', ['int', 'int']).functions[0]!;
    expect(fn.returnType).toBe('num');
    expect(fn.locals.find((l) => l.name === 'r')!.type).toBe('num');
  });

  it('joins int and float assignments of one variable into num', () => {
    const fn = ir('function f($a) { $x = 1; if ($a) { $x = 2.5; } return $x; }').functions[0]!;
    expect(fn.locals.find((l) => l.name === 'x')!.type).toBe('num');
  });

  it('widens an int argument into a float parameter, and an int return into a float return type', () => {
    const fn = ir('function f(float $x): float { return 1; }').functions[0]!;
    expect(fn.locals[0]!.type).toBe('float');
    expect(fn.returnType).toBe('float');
  });

  it('makes int ** int a num and float arithmetic a float', () => {
    expect(ir('function f($a) { return $a ** 2; }').functions[0]!.returnType).toBe('num');
    expect(ir('function f($a) { return $a * 1.5; }').functions[0]!.returnType).toBe('float');
  });

  it('types shifts and bitwise ops int: bools widen to 0/1, floats convert like % operands (exact or DEOPT)', () => {
    const m = ir('function f($a, $b, $c) { return ($a << $b) + ($a >> $c) + ($b & $c) + ($a | 1) + ($c ^ true) + ~$a + ~$b; }', ['int', 'float', 'bool']);
    expect(m.functions[0]!.returnType).toBe('int');
    const show = showIr(m);
    expect(show).toContain('shl.int($a#0, exact<int>($b#1)):int');
    expect(show).toContain('shr.int($a#0, widen<int>($c#2)):int');
    expect(show).toContain('band.int(exact<int>($b#1), widen<int>($c#2)):int');
    expect(show).toContain('bxor.int(widen<int>($c#2), widen<int>(true:bool)):int');
    expect(show).toContain('bnot($a#0)');
    expect(show).toContain('bnot(exact<int>($b#1))');
  });

  it('lowers the compound assignments <<= >>= &= |= ^=, a float variable becoming num', () => {
    const fn = ir('function f($a) { $x = $a; $x <<= 2; $x >>= 1; $x &= 7; $x |= 8; $x ^= 3; $y = 1.5; $y |= 1; return $x; }').functions[0]!;
    expect(fn.returnType).toBe('int');
    expect(fn.locals.find((l) => l.name === 'y')!.type).toBe('num');
    const show = showIr(buildIr(planOf([{ src: 'function f($a) { $a <<= 2; $a >>= 1; $a &= 7; $a |= 8; $a ^= 3; return $a; }', paramTypes: ['int'] }])) as IrModule);
    for (const op of ['shl', 'shr', 'band', 'bor', 'bxor']) expect(show).toContain(`($a#0 = ${op}.int($a#0, `);
  });

  it('treats a function that falls off the end as returning null', () => {
    expect(ir('function f($a) { $a++; }').functions[0]!.returnType).toBe('null');
  });

  it('supports loops with multiple init/step expressions and leveled break/continue', () => {
    const m = ir('function f($n) { $s = 0; for ($i = 0, $j = 0; $i < $n; $i++, $j += 2) { while (true) { if ($j > 5) break 2; continue 2; } } return $s; }');
    expect(showIr(m)).toContain('break 2');
    expect(showIr(m)).toContain('continue 2');
  });

  it('supports defaults for parameters the plan does not pass', () => {
    const fn = ir('function f($a, $b = -3) { return $a + $b; }').functions[0]!;
    expect(fn.params).toHaveLength(1);
    expect(fn.returnType).toBe('int');
  });

  it('resolves calls between functions of the plan and reaches a fixed point for mutual recursion', () => {
    const r = buildIr(
      planOf([
        { src: 'function even($n) { return $n == 0 ? true : odd($n - 1); }', paramTypes: ['int'] },
        { src: 'function odd($n) { return $n == 0 ? false : even($n - 1); }', paramTypes: ['int'], exported: false },
      ]),
    );
    if (isDeclined(r)) throw new Error(r.reason);
    expect(r.functions.map((f) => f.returnType)).toEqual(['bool', 'bool']);
  });

  it('uses absolute source lines', () => {
    const r = buildIr(planOf([{ src: 'function f($a) {\n\n  return $a;\n}', paramTypes: ['int'], lineStart: 40 }]));
    if (isDeclined(r)) throw new Error(r.reason);
    expect(r.functions[0]!.line).toBe(40);
    expect(showIr(r)).toContain('; 42');
  });
});

describe('buildIr: declines with a precise reason', () => {
  const cases: [string, string, RegExp][] = [
    ['by-ref params the plan does not know', 'function f(&$a) { return 1; }', /parameter \$a is by reference but the plan says otherwise/],
    ['variadics', 'function f(...$a) { return 1; }', /variadic/],
    ['closures', 'function f($a) { $g = function () { return 1; }; return 1; }', /unsupported construct 'closure'/],
    ['exceptions', 'function f($a) { throw new Exception("x"); }', /unsupported construct 'throw'/],
    ['unknown calls', 'function f($a) { return foo_bar($a); }', /unsupported call of foo_bar\(\), a function outside the plan/],
    ['read before assignment', 'function f($a) { if ($a) { $x = 1; } return $x; }', /\$x may be read before it is assigned/],
    ['order-dependent effects', 'function f($a) { return $a + ($a = 5); }', /order-dependent/],
    ['bitwise not of a bool', 'function f($a) { return ~($a > 1); }', /bitwise not of a bool \(PHP throws TypeError\)/],
    ['array casts', 'function f($a) { return (array)$a; }', /unsupported cast/],
    ['declared type mismatch', 'function f(int $a) { return $a; }', /declared int but specialized on float/],
    ['int return with a float value', 'function f($a): int { return 1.5; }', /returning float from a function declared int/],
    ['methods / classes', 'class A { function f($a) { return 1; } }', /unsupported construct 'class'/],
  ];
  for (const [name, src, reason] of cases) {
    it(name, () => {
      const paramTypes: ParamType[] = name === 'declared type mismatch' ? ['float'] : ['int'];
      expect(declined(src, paramTypes).reason).toMatch(reason);
    });
  }

  it('namespaced functions', () => {
    const plan = planOf([{ src: 'function f($a) { return 1; }', paramTypes: ['int'] }]);
    const ns = { ...plan, functions: [{ ...plan.functions[0]!, lcName: 'ns\\f' }] };
    const r = buildIr(ns);
    expect(isDeclined(r) && r.reason).toMatch(/namespaced function/);
  });
});

describe('buildIr: hostile sources never reach the C++ text', () => {
  const hostile = [
    'function f($a) { /* */ #include <stdlib.h> \n system("x"); // */ return $a; }',
    'function f($a) {\n  // ); system("rm -rf /"); //\n  $evil_x = $a * 2; /* "*/ return $evil_x;\n}',
    "function f($a) { $x = 'x\\\"); system(\"id\"); //'; return 1; }",
    'function f($a) { return $a + 0x7fffffffffffffff; } // \n#include "/etc/passwd"',
  ];
  for (const src of hostile) {
    it(JSON.stringify(src.slice(0, 40)), () => {
      const r = buildIr(planOf([{ src, paramTypes: ['int'] }]));
      if (isDeclined(r)) return;
      const unit = emitCpp(r);
      if (isDeclined(unit)) return;
      for (const bad of ['system', '*/', '/etc/passwd', 'rm -rf', 'stdlib', 'evil_x"', '"x"']) {
        expect(unit.cpp).not.toContain(bad);
      }
      // Only the fixed headers are included.
      expect(unit.cpp.match(/#include.*/g)).toEqual(['#include "polyvirt/abi.h"', '#include "polyvirt/runtime.h"']);
    });
  }

  it('escapes hostile plan names and hashes as bytes', () => {
    const plan = planOf([{ src: 'function f($a) { return $a; }', paramTypes: ['int'] }]);
    const evil = '"); system("x"); //';
    const r = buildIr({ ...plan, functions: [{ ...plan.functions[0]!, lcName: 'f', functionName: evil, source: { ...plan.functions[0]!.source, sha256: evil } }] });
    if (isDeclined(r)) throw new Error(r.reason);
    const unit = emitCpp(r);
    if (isDeclined(unit)) throw new Error(unit.reason);
    expect(unit.cpp).not.toContain('system');
    expect(unit.cpp).toContain('\\x22\\x29\\x3b');
  });
});
