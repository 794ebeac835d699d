import { describe, it, expect } from 'vitest';
import type { IrExpr, IrStmt } from '../../src/frontend/types.ts';
import { verifyIr } from '../../src/passes/index.ts';
import { foldExpr } from '../../src/passes/fold-constants.ts';
import { FULL, RangeProver, stableLocals } from '../../src/passes/int-ranges.ts';
import { markDirectCalls } from '../../src/passes/mark-direct-calls.ts';
import { walkBody, writtenLocals } from '../../src/passes/map-ir.ts';
import { proveNoOverflow } from '../../src/passes/prove-no-overflow.ts';
import { arraysModule, byRefModule, greetModule, mixedModule, worldModule } from '../codegen/value-modules.ts';
import { bin, concat, echo, fn, int, loc, mod, ret, str } from '../codegen/ir-builders.ts';

const callOf = (callee: number, ...args: IrExpr[]): IrExpr => ({ k: 'call', type: 'int', callee, args, direct: false });

describe('passes on ABI 2 nodes', () => {
  it('verifyIr accepts strings, arrays, mixed, output, world slots and by-reference parameters', () => {
    for (const m of [greetModule(), arraysModule(), worldModule(), byRefModule(), mixedModule()]) expect(() => verifyIr(m)).not.toThrow();
  });

  it('verifyIr rejects mistyped new nodes', () => {
    const f = (body: IrStmt[], world = false) =>
      mod(
        [fn({ name: 'f', paramTypes: ['int'], locals: [{ name: 'n', type: 'int', isParam: true }, { name: 'g', type: 'int', isParam: false, world: world ? 0 : undefined }], returnType: 'int', body })],
        world ? [{ kind: 'constant', name: 'C', type: 'int', written: false }] : [],
      );
    expect(() => verifyIr(f([ret({ k: 'concat', type: 'string', parts: [loc(0, 'int')] } as IrExpr)]))).toThrow(/concat part 0: expected string/);
    expect(() => verifyIr(f([{ k: 'foreach', line: 2, subject: loc(0, 'int'), keyId: null, valueId: 1, body: [] }, ret(int(0))]))).toThrow(/foreach over int/);
    expect(() => verifyIr(f([ret(int(0))], true))).toThrow(/bound to constant C/);
    expect(() => verifyIr(f([{ k: 'foreach', line: 2, subject: { k: 'array', type: 'array<int>', items: [] }, keyId: null, valueId: 1, body: [{ k: 'break', line: 3, levels: 2 }] }, ret(int(0))]))).toThrow(/break 2 at loop depth 1/);
  });

  it('foldConstants joins adjacent constant string parts and drops empty ones', () => {
    expect(foldExpr(concat(str('a'), str('b'), loc(0, 'string'), str(''), str('c')))).toEqual(concat(str('ab'), loc(0, 'string'), str('c')));
    expect(foldExpr(concat(str('x\0'), str('y')))).toEqual(str('x\0y'));
    const untouched = concat(loc(0, 'string'), str('c'));
    expect(foldExpr(untouched)).toBe(untouched);
  });

  it('counts foreach bindings, element writes, unset and by-reference arguments as writes', () => {
    const m = arraysModule();
    const w = writtenLocals(m, m.functions[0]!);
    expect([...w].sort()).toEqual([1, 2, 3, 4, 5]);
    const b = byRefModule();
    expect(writtenLocals(b, b.functions[0]!).has(0)).toBe(true);
    // By-reference parameters are never "stable", even where this function does not write them.
    expect(stableLocals(b.functions[1]!, b).size).toBe(0);
  });

  it('does not prove $v + 1 safe from a test that a later foreach binding invalidates', () => {
    // if ($v > 100) return 0; foreach ($a as $v) {} return $v + 1;
    const m = mod([
      fn({
        name: 'f',
        paramTypes: ['array', 'int'],
        locals: [{ name: 'a', type: 'array<int>', isParam: true }, { name: 'v', type: 'int', isParam: true }],
        returnType: 'int',
        body: [
          { k: 'if', line: 2, test: bin('gt', loc(1, 'int'), int(100), 'bool'), then: [ret(int(0))], else: [] },
          { k: 'foreach', line: 3, subject: loc(0, 'array<int>'), keyId: null, valueId: 1, body: [] },
          ret(bin('add', loc(1, 'int'), int(1))),
        ],
      }),
    ]);
    const out = proveNoOverflow(m, {}).ir;
    const r = out.functions[0]!.body[2]!;
    expect(r.k === 'return' && r.value?.k === 'binary' && r.value.noOverflow).toBeFalsy();
  });

  it('range analysis and direct-call marking reach calls inside echo, foreach, concat and array literals', () => {
    const inner = callOf(1, int(-5));
    const body: IrStmt[] = [
      echo({ k: 'convert', type: 'string', mode: 'tostr', arg: inner }),
      { k: 'foreach', line: 4, subject: { k: 'array', type: 'array<int>', items: [{ key: null, value: callOf(1, int(-6)) }] }, keyId: null, valueId: 1, body: [{ k: 'expr', line: 5, expr: callOf(1, int(-7)) }] },
      ret(int(0)),
    ];
    const m = mod([
      fn({ name: 'f', locals: [{ name: 'x', type: 'int', isParam: false }, { name: 'v', type: 'int', isParam: false }], returnType: 'int', body }),
      fn({ name: 'g', index: 1, exported: false, paramTypes: ['int'], locals: [{ name: 'p', type: 'int', isParam: true }], returnType: 'int', body: [ret(loc(0, 'int'))] }),
    ]);
    const seen: bigint[] = [];
    new RangeProver(stableLocals(m.functions[0]!, m), {
      callRange: () => FULL,
      onCall: (_e, args) => seen.push(args[0]!.lo),
    }).stmts(body, new Map());
    expect(seen.sort((a, b) => (a < b ? -1 : 1))).toEqual([-7n, -6n, -5n]);
    const marked = markDirectCalls(m, {}).ir;
    let calls = 0;
    walkBody(marked.functions[0]!.body, (e) => {
      if (e.k === 'call') {
        calls++;
        expect(e.direct).toBe(true);
      }
    });
    expect(calls).toBe(3);
  });
});
