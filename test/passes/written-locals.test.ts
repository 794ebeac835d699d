import { describe, it, expect } from 'vitest';
import type { IrFunction, IrModule, IrStmt } from '../../src/frontend/types.ts';
import { writtenIn } from '../../src/passes/map-ir.ts';
import { irOf } from './loop-helpers.ts';

describe('writtenIn', () => {
  it('sees writes in a part of a body: assignments, steps, foreach bindings, by-reference arguments', () => {
    const m = irOf('function f($n, $k) { $a = 0; for ($i = 0; $i < $n; $i++) { $a += $k; } foreach ([1] as $q => $v) {} return $a; }', ['int', 'int']);
    const body = m.functions[0]!.body;
    const ids = (list: readonly IrStmt[]) => [...writtenIn(m, list)].map((id) => m.functions[0]!.locals[id]!.name).sort();
    const loop = body.find((s) => s.k === 'loop')!;
    expect(ids([loop])).toEqual(['a', 'i']);
    expect(ids(loop.k === 'loop' ? loop.body : [])).toEqual(['a']);
    expect(ids(body)).toEqual(['a', 'i', 'q', 'v']);
  });

  it('counts a by-reference constructor parameter (after the object parameter) as a write of its argument', () => {
    const m = irOf('function f($n, $k) { return $n + $k; }', ['int', 'int']);
    const f = m.functions[0]!;
    // A stand-in constructor: parameter 0 receives the object, parameter 1 is by reference.
    const ctor: IrFunction = { ...f, index: 1, exported: false, locals: [f.locals[0]!, { ...f.locals[1]!, byRef: true }] };
    const make = (ctorIndex: number | null): IrStmt => ({
      k: 'expr',
      line: 1,
      expr: { k: 'new', type: 'object<C>', cls: 'C', ctor: ctorIndex, args: [{ k: 'local', type: 'int', id: 0 }] },
    });
    const mod: IrModule = { ...m, functions: [f, ctor] };
    expect([...writtenIn(mod, [make(1)])]).toEqual([0]);
    expect([...writtenIn(mod, [make(null)])]).toEqual([]);
  });
});
