import { describe, it, expect } from 'vitest';
import type { IrExpr, IrModule, IrStmt } from '../../src/frontend/types.ts';
import { checkPrograms, reduceFinding } from '../../src/difftest/index.ts';
import type { Program, Stmt } from '../../src/difftest/index.ts';
import { checkContext } from './harness.ts';

/** The planted miscompilation: every int addition claims it cannot overflow, so it loses its check. */
function dropAddOverflowChecks(ir: IrModule): IrModule {
  const e = (x: IrExpr): IrExpr => {
    switch (x.k) {
      case 'binary': {
        const out = { ...x, left: e(x.left), right: e(x.right) };
        return x.op === 'add' && x.opType === 'int' ? { ...out, noOverflow: true } : out;
      }
      case 'logical':
        return { ...x, left: e(x.left), right: e(x.right) };
      case 'assign':
        return { ...x, value: e(x.value) };
      case 'unary':
      case 'convert':
        return { ...x, arg: e(x.arg) };
      case 'cond':
        return { ...x, test: e(x.test), then: e(x.then), else: e(x.else) };
      case 'call':
      case 'builtin':
        return { ...x, args: x.args.map(e) };
      default:
        return x;
    }
  };
  const s = (x: IrStmt): IrStmt => {
    switch (x.k) {
      case 'expr':
        return { ...x, expr: e(x.expr) };
      case 'return':
        return { ...x, value: x.value ? e(x.value) : null };
      case 'if':
        return { ...x, test: e(x.test), then: x.then.map(s), else: x.else.map(s) };
      case 'loop':
        return { ...x, init: x.init.map(e), test: x.test.map(e), step: x.step.map(e), body: x.body.map(s) };
      default:
        return x;
    }
  };
  return { ...ir, functions: ir.functions.map((f) => ({ ...f, body: f.body.map(s) })) };
}

const line = (text: string): Stmt => ({ kind: 'line', text, tags: [] });

/** A program with plenty of statements besides the one addition that overflows. */
const PROGRAM: Program = {
  name: 'planted_1',
  functions: [
    {
      name: 'planted_1_f0',
      paramTypes: ['int', 'int'],
      byRef: [false, false],
      header: 'function planted_1_f0($a, $b)',
      body: [
        line('$x = $a - 2;'),
        line('$y = $b - 1;'),
        { kind: 'block', head: 'if ($a > $b) {', body: [line('$z = $x - $y;')], mid: '} else {', alt: [line('$z = 3;')], tail: '}', tags: [] },
        { kind: 'block', head: 'for ($i = 0; $i < 3; $i++) {', body: [line('$y = $y - 1;')], tail: '}', tags: [] },
        line('$s = $a + $b;'),
        line('$t = intdiv($y, 3);'),
        line('return $s;'),
      ],
      tags: [],
      callees: [],
    },
    {
      name: 'planted_1_f1',
      paramTypes: ['float'],
      byRef: [false],
      header: 'function planted_1_f1($a)',
      body: [line('$r = $a * 0.5;'), line('return $r - 1.0;')],
      tags: [],
      callees: [],
    },
  ],
  driver: [
    { id: 1, fn: 'planted_1_f0', args: ['1', '2'], tags: [] },
    { id: 2, fn: 'planted_1_f1', args: ['2.5'], tags: [] },
    { id: 3, fn: 'planted_1_f0', args: ['5', '-7'], tags: [] },
    { id: 4, fn: 'planted_1_f1', args: ['INF'], tags: [] },
    { id: 5, fn: 'planted_1_f0', args: ['PHP_INT_MAX', '1'], tags: [] },
    { id: 6, fn: 'planted_1_f0', args: ['true', '1'], tags: [] },
  ],
};

describe('a planted miscompilation (int addition without overflow check)', () => {
  it('agrees with php -n when compiled correctly', async () => {
    const [r] = await checkPrograms([PROGRAM], checkContext(), 'clean');
    expect(r!.findings).toEqual([]);
    expect(r!.nativeCalls).toBeGreaterThan(0);
  });

  it('is reported as a divergence and reduced to a program of a few lines', async () => {
    const ctx = { ...checkContext(), mutateIr: dropAddOverflowChecks };
    const [r] = await checkPrograms([PROGRAM], ctx, 'planted');
    const divergence = r!.findings.find((f) => f.kind === 'divergence');
    expect(divergence?.detail).toMatch(/#5/);
    const reduced = await reduceFinding({ program: PROGRAM, kind: 'divergence', detail: divergence!.detail }, ctx);
    // One function: header, `$s = $a + $b;`, `return $s;`, brace — plus the one driver call.
    expect(reduced.lines).toBeLessThanOrEqual(6);
    expect(reduced.text).toContain('$a + $b');
    expect(reduced.text).toContain('PHP_INT_MAX');
    expect(reduced.text).not.toContain('planted_1_f1(');
    expect(reduced.expected, reduced.text).toContain('9.223372036854776E+18');
  });
});
