import { describe, it, expect } from 'vitest';
import { isDeclined } from '../../src/core/declined.ts';
import { buildIr, showIr } from '../../src/frontend/index.ts';
import type { IrExpr, IrModule } from '../../src/frontend/types.ts';
import { checkPassOrder, ORDER_RULES, PASSES, runPasses, runPassTable, verifyIr } from '../../src/passes/index.ts';
import { foldConstants } from '../../src/passes/fold-constants.ts';
import { markDirectCalls } from '../../src/passes/mark-direct-calls.ts';
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
