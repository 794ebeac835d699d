import { describe, it, expect } from 'vitest';
import { isDeclined } from '../../src/core/declined.ts';
import { buildIr, showIr } from '../../src/frontend/index.ts';
import type { IrExpr, IrModule } from '../../src/frontend/types.ts';
import { checkPassOrder, ORDER_RULES, PASSES, runPasses, runPassTable, verifyIr } from '../../src/passes/index.ts';
import { foldConstants } from '../../src/passes/fold-constants.ts';
import { markDirectCalls } from '../../src/passes/mark-direct-calls.ts';
import { mapStmts } from '../../src/passes/map-ir.ts';
import { proveNoOverflow } from '../../src/passes/prove-no-overflow.ts';
import type { Pass } from '../../src/passes/types.ts';
import { planOf } from '../fixtures/compiler/plan-of.ts';

function ir(src: string): IrModule {
  const r = buildIr(planOf([{ src, paramTypes: ['int'] }]));
  if (isDeclined(r)) throw new Error(r.reason);
  return r;
}

function returned(m: IrModule): IrExpr {
  const s = m.functions[0]!.body.find((x) => x.k === 'return');
  if (!s || s.k !== 'return' || !s.value) throw new Error('no return');
  return s.value;
}

const noop = (name: string): Pass => ({ name, required: false, run: (x) => ({ ir: x, changed: false }) });

describe('pass table', () => {
  it('satisfies its own order rules', () => {
    expect(() => checkPassOrder(PASSES, ORDER_RULES)).not.toThrow();
  });

  it('rejects a table that breaks an order rule or names an unknown pass', () => {
    expect(() => checkPassOrder([noop('b'), noop('a')], [{ before: 'a', after: 'b' }])).toThrow(/a must run before b/);
    expect(() => checkPassOrder([noop('a')], [{ before: 'a', after: 'zzz' }])).toThrow(/unknown pass/);
    expect(() => checkPassOrder([noop('a'), noop('a')], [])).toThrow(/duplicate/);
  });

  it('runs verifyIr between passes and names the pass that broke the IR', () => {
    const breaker: Pass = {
      name: 'breaker',
      required: false,
      run: (m) => ({ ir: { ...m, functions: m.functions.map((f) => ({ ...f, returnType: 'float' as const })) }, changed: true }),
    };
    expect(() => runPassTable([breaker], ir('function f($a) { return $a; }'), { verify: true })).toThrow(/verifyIr after breaker/);
  });

  it('dumps the IR after the named passes', () => {
    const lines: string[] = [];
    runPasses(ir('function f($a) { return 1 + 2; }'), { dumpAfter: ['fold-constants'], log: (l) => lines.push(l) });
    expect(lines.join('\n')).toContain('IR after fold-constants');
    expect(lines.join('\n')).toContain('return 3:int');
  });
});

describe('verifyIr', () => {
  it('accepts what the frontend builds', () => {
    expect(() => verifyIr(ir('function f($n) { $s = 0.5; for ($i = 0; $i < $n; $i++) { $s += $i / 2; } return $s; }'))).not.toThrow();
  });

  it('rejects a read of a local with the wrong type', () => {
    const m = ir('function f($a) { return $a; }');
    const fn = m.functions[0]!;
    const bad = { ...m, functions: [{ ...fn, body: [{ k: 'return' as const, line: 1, value: { k: 'local' as const, id: 0, type: 'float' as const } }] }] };
    expect(() => verifyIr(bad)).toThrow(/local 0 read as float/);
  });

  it('rejects break levels beyond the loop depth', () => {
    const m = ir('function f($a) { return $a; }');
    const bad = { ...m, functions: [{ ...m.functions[0]!, body: [{ k: 'break' as const, line: 3, levels: 1 }, ...m.functions[0]!.body] }] };
    expect(() => verifyIr(bad)).toThrow(/break 1 at loop depth 0/);
  });
});

describe('fold-constants', () => {
  const fold = (src: string) => returned(foldConstants(ir(src), {}).ir);

  it('folds int arithmetic that cannot overflow', () => {
    expect(fold('function f($a) { return 2 * 3 + 4; }')).toEqual({ k: 'const', type: 'int', value: 10n });
  });

  it('leaves overflowing int arithmetic to the runtime (PHP gives a float)', () => {
    expect(fold('function f($a) { return PHP_INT_MAX + 1; }').k).toBe('binary');
    expect(fold('function f($a) { return -PHP_INT_MIN; }').k).toBe('unary');
  });

  it('never folds division or modulo by zero', () => {
    expect(fold('function f($a) { return 1 % 0; }').k).toBe('binary');
    expect(fold('function f($a) { return 1.0 / 0.0; }').k).toBe('binary');
  });

  it('folds PHP_INT_MIN % -1 to 0 and keeps C remainder signs', () => {
    expect(fold('function f($a) { return PHP_INT_MIN % -1; }')).toEqual({ k: 'const', type: 'int', value: 0n });
    expect(fold('function f($a) { return -7 % 3; }')).toEqual({ k: 'const', type: 'int', value: -1n });
  });

  it('folds float arithmetic and comparisons exactly, NAN included', () => {
    expect(fold('function f($a) { return 0.1 + 0.2; }')).toEqual({ k: 'const', type: 'float', value: 0.1 + 0.2 });
    expect(fold('function f($a) { return NAN == NAN; }')).toEqual({ k: 'const', type: 'bool', value: false });
    expect(fold('function f($a) { return NAN >= 1.0; }')).toEqual({ k: 'const', type: 'bool', value: false });
    expect(fold('function f($a) { return 1 < 1.5; }')).toEqual({ k: 'const', type: 'bool', value: true });
  });

  it('picks the live branch of a constant ternary and keeps operands with effects', () => {
    expect(fold('function f($a) { return true ? 1 : 2; }')).toEqual({ k: 'const', type: 'int', value: 1n });
    expect(fold('function f($a) { return $a + 1; }').k).toBe('binary');
  });

  it('folds shifts and bitwise ops as PHP computes them (64-bit wrap, counts >= 64), never a negative count', () => {
    const c = (value: bigint) => ({ k: 'const', type: 'int', value });
    expect(fold('function f($a) { return 1 << 64; }')).toEqual(c(0n));
    expect(fold('function f($a) { return 1 << 63; }')).toEqual(c(-(2n ** 63n)));
    expect(fold('function f($a) { return PHP_INT_MAX << 1; }')).toEqual(c(-2n));
    expect(fold('function f($a) { return -1 >> 64; }')).toEqual(c(-1n));
    expect(fold('function f($a) { return 5 >> PHP_INT_MAX; }')).toEqual(c(0n));
    expect(fold('function f($a) { return -7 >> 1; }')).toEqual(c(-4n));
    expect(fold('function f($a) { return (PHP_INT_MIN & -1) | (6 ^ 3); }')).toEqual(c(-(2n ** 63n) | 5n));
    expect(fold('function f($a) { return ~PHP_INT_MIN; }')).toEqual(c(2n ** 63n - 1n));
    expect(fold('function f($a) { return true << 2; }')).toEqual(c(4n));
    // Integral floats convert silently; -0.0 is 0.
    expect(fold('function f($a) { return 3.0 << 1; }')).toEqual(c(6n));
    expect(fold('function f($a) { return ~-0.0; }')).toEqual(c(-1n));
    // PHP throws (ArithmeticError) or warns (deprecation) here: left to the kernel, which DEOPTs.
    expect(fold('function f($a) { return 1 << -1; }').k).toBe('binary');
    expect(fold('function f($a) { return 1 >> PHP_INT_MIN; }').k).toBe('binary');
    expect(fold('function f($a) { return 3.5 << 1; }').k).toBe('binary');
    expect(fold('function f($a) { return ~NAN; }').k).toBe('unary');
    expect(fold('function f($a) { return 1e20 & 1; }').k).toBe('binary');
  });

  it('reports whether it changed anything', () => {
    expect(foldConstants(ir('function f($a) { return $a; }'), {}).changed).toBe(false);
    expect(foldConstants(ir('function f($a) { return 1 + 1; }'), {}).changed).toBe(true);
  });
});

describe('mark-direct-calls', () => {
  it('marks calls inside the module as direct', () => {
    const m = ir('function fib($n) { return $n < 2 ? $n : fib($n - 1) + fib($n - 2); }');
    expect(showIr(m)).not.toContain('call.direct');
    const r = markDirectCalls(m, {});
    expect(r.changed).toBe(true);
    expect(showIr(r.ir)).toContain('call.direct fn0');
    expect(markDirectCalls(r.ir, {}).changed).toBe(false);
  });
});

/** The int add/sub/mul nodes of a function body, in source order, with their noOverflow flags. */
function arith(m: IrModule, fn: number): boolean[] {
  const out: boolean[] = [];
  const walk = (e: IrExpr): void => {
    if (e.k === 'binary') {
      walk(e.left);
      walk(e.right);
      if (e.opType === 'int' && (e.op === 'add' || e.op === 'sub' || e.op === 'mul')) out.push(e.noOverflow === true);
    } else if (e.k === 'call' || e.k === 'builtin') e.args.forEach(walk);
    else if (e.k === 'unary' || e.k === 'convert') walk(e.arg);
    else if (e.k === 'assign') walk(e.value);
    else if (e.k === 'cond') [e.test, e.then, e.else].forEach(walk);
    else if (e.k === 'logical') [e.left, e.right].forEach(walk);
  };
  mapStmts(m.functions[fn]!.body, (e) => e).forEach(function visit(s): void {
    if (s.k === 'expr') walk(s.expr);
    else if (s.k === 'return' && s.value) walk(s.value);
    else if (s.k === 'if') {
      walk(s.test);
      s.then.forEach(visit);
      s.else.forEach(visit);
    } else if (s.k === 'loop') {
      [...s.init, ...s.test, ...s.step].forEach(walk);
      s.body.forEach(visit);
    }
  });
  return out;
}

function irOf(src: string, paramTypes: ('int' | 'float' | 'bool')[]): IrModule {
  const r = buildIr(planOf([{ src, paramTypes }]));
  if (isDeclined(r)) throw new Error(r.reason);
  return r;
}

describe('prove-no-overflow', () => {
  it('uses the tests that dominate an operation, including an if whose branch returns', () => {
    const m = proveNoOverflow(irOf('function p($n) { if ($n < 0) return 0; if ($n == 0) return 1; return ($n - 1) + ($n + 1); }', ['int']), {}).ir;
    // n >= 0 after the first if: n - 1 is safe, n + 1 is not (n may be PHP_INT_MAX), nor the sum.
    expect(arith(m, 0)).toEqual([true, false, false]);
  });

  it('narrows a range at its end on !=, and learns from a comparison with another bounded local', () => {
    const m = proveNoOverflow(irOf('function p($a, $b) { if ($a < 0 || $b < 0) return 0; if ($a != 0 && $a < $b) return $b - 1 - $a; return 0; }', ['int', 'int']), {}).ir;
    expect(arith(m, 0)).toEqual([true, true]);
  });

  it('bounds x & m by a non-negative m, x >> k by the shifted range, and ~x', () => {
    const m = proveNoOverflow(irOf('function p($a, $b) { return (($a & 255) + 1) + (($a >> 2) + 1) + ((~($b & 15)) - 1) + ($a | 1) + 1; }', ['int', 'int']), {}).ir;
    // ($a & 255) + 1, ($a >> 2) + 1, ~(...) - 1 and the sums of these bounded terms are safe; anything with $a | 1 is not.
    expect(arith(m, 0)).toEqual([true, true, true, true, true, false, false]);
  });

  it('keeps every check without facts', () => {
    const r = proveNoOverflow(irOf('function p($a, $b) { return $a * $b - 1; }', ['int', 'int']), {});
    expect(r.changed).toBe(false);
    expect(arith(r.ir, 0)).toEqual([false, false]);
  });
});

describe('specialize-nonneg', () => {
  const ack = 'function ack($m, $n) {\n  if ($m == 0) return $n + 1;\n  if ($n == 0) return ack($m - 1, 1);\n  return ack($m - 1, ack($m, $n - 1));\n}';

  it('splits Ackermann into a dispatcher, a copy for m, n >= 0 without decrement checks, and the original', () => {
    const r = runPassTable([PASSES.find((p) => p.name === 'specialize-nonneg')!], irOf(ack, ['int', 'int']), { verify: true });
    expect(r.functions.map((f) => [f.index, f.exported])).toEqual([
      [0, true],
      [1, false],
      [2, false],
    ]);
    const show = showIr(r);
    expect(show).toContain('if and(ge.int($m#0, 0:int):bool, ge.int($n#1, 0:int):bool)');
    expect(show).toContain('return call.direct fn1($m#0, $n#1):int');
    expect(show).toContain('return call.direct fn2($m#0, $n#1):int');
    // S copy: n + 1 keeps its check (n may be PHP_INT_MAX); the three decrements lose theirs.
    expect(arith(r, 1)).toEqual([false, true, true, true]);
    // The general copy calls back through the dispatcher and keeps every check.
    expect(arith(r, 2)).toEqual([false, false, false, false]);
    expect(showIr({ ...r, functions: [r.functions[2]!] })).toMatch(/call(\.direct)? fn0\(/);
  });

  it('changes nothing when the copy would drop no check (fib)', () => {
    const m = irOf('function fib($n) { return $n < 2 ? $n : fib($n - 1) + fib($n - 2); }', ['int']);
    const r = runPassTable([PASSES.find((p) => p.name === 'specialize-nonneg')!], m);
    expect(r).toBe(m);
  });

  it('drops a hypothesis a call site breaks, and then has nothing to gain', () => {
    const m = irOf('function h($n) {\n  if ($n == 0) return 0;\n  if ($n == 1) return h(-3);\n  return h($n - 1);\n}', ['int']);
    expect(runPassTable([PASSES.find((p) => p.name === 'specialize-nonneg')!], m)).toBe(m);
  });

  it('runs in the full pipeline with verifyIr between passes', () => {
    const r = runPasses(irOf(ack, ['int', 'int']), { verify: true });
    expect(r.functions).toHaveLength(3);
    expect(r.functions.filter((f) => f.exported)).toHaveLength(1);
  });
});
