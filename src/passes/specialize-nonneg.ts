// specializeNonNeg: a second copy of the module for int parameters that provably stay >= 0 through its own calls, where more overflow checks drop; kernels dispatch on their arguments.
//
// Why: a recursive function such as Ackermann decrements its parameters after testing them
// against 0 (`$m - 1` where `$m != 0`). With no sign known, `$m - 1` can overflow (at PHP_INT_MIN)
// and keeps a check, and those checks made g++ give up the recursive inlining that makes the
// hand-written C++ fast (44 ms vs 20 ms for ack(3, 10)). Assuming `$m >= 0` makes it `>= 1` there.
//
// How, soundly: hypothesize "param >= 0" for every never-written int parameter and "result >= 0"
// for every int function, then drop each hypothesis some call site or return in the module
// cannot prove under the remaining ones (interval analysis, int-ranges.ts), until nothing drops:
// what is left is inductive. The S copy of each function reachable from a kernel is proven under
// it; an exported function becomes a dispatcher that calls its S copy when its arguments satisfy
// the surviving parameter hypotheses, else a copy of its original body (all checks kept). Both
// copies compute exactly what PHP computes, so the choice only affects speed. Nothing changes
// unless the S copies drop at least one check.
import type { IrExpr, IrFunction, IrModule, IrStmt } from '../frontend/types.ts';
import { FULL, NONNEG, RangeProver, stableLocals, within, type Range } from './int-ranges.ts';
import { mapStmts } from './map-ir.ts';
import type { PassFn } from './types.ts';

export const specializeNonNeg: PassFn = (ir) => {
  const fns = ir.functions;
  const stable = fns.map((fn) => stableLocals(fn, ir));
  /** Per function: parameter positions assumed >= 0. */
  const paramHyp = fns.map((fn, i) => new Set(fn.params.flatMap((id, pos) => (stable[i]!.has(id) && fn.locals[id]!.type === 'int' ? [pos] : []))));
  const retHyp = new Set(fns.filter((f) => f.returnType === 'int').map((f) => f.index));

  const factsOf = (fn: IrFunction): Map<number, Range> => new Map([...paramHyp[fn.index]!].map((pos) => [fn.params[pos]!, NONNEG]));
  const prove = (fn: IrFunction, onDrop: () => void): RangeProver => {
    const p = new RangeProver(stable[fn.index]!, {
      callRange: (c) => (retHyp.has(c) ? NONNEG : FULL),
      onCall: (e, args) => {
        for (const pos of paramHyp[e.callee] ?? []) {
          const r = args[pos];
          if (!r || !within(r, NONNEG)) {
            paramHyp[e.callee]!.delete(pos);
            onDrop();
          }
        }
      },
      onReturn: (r) => {
        if (retHyp.has(fn.index) && (!r || !within(r, NONNEG))) {
          retHyp.delete(fn.index);
          onDrop();
        }
      },
    });
    return p;
  };

  // Greatest fixed point: hypotheses only ever drop, so this ends.
  for (let dropped = true; dropped; ) {
    dropped = false;
    for (const fn of fns) prove(fn, () => (dropped = true)).stmts(fn.body, factsOf(fn));
  }

  // The S copies: every function a kernel can reach, proven under the surviving hypotheses.
  const sBody = new Map<number, IrStmt[]>();
  let gain = 0;
  const reach = (i: number): void => {
    if (sBody.has(i)) return;
    const fn = fns[i]!;
    const p = prove(fn, () => {
      throw new Error('specialize-nonneg: a hypothesis dropped after the fixed point');
    });
    const body = p.stmts(fn.body, factsOf(fn));
    const general = new RangeProver(stable[i]!, { callRange: () => FULL });
    general.stmts(fn.body, new Map());
    gain += p.proven - general.proven;
    sBody.set(i, body);
    for (const c of calleesOf(body)) reach(c);
  };
  fns.filter((f) => f.exported).forEach((f) => reach(f.index));
  if (gain <= 0) return { ir, changed: false };

  let next = fns.length;
  const sIndex = new Map([...sBody.keys()].map((i) => [i, next++]));
  const sCopies: IrFunction[] = [...sBody].map(([i, body]) => ({
    ...fns[i]!,
    index: sIndex.get(i)!,
    exported: false,
    body: mapStmts(body, (e) => (e.k === 'call' ? { ...e, callee: sIndex.get(e.callee)! } : e)),
  }));
  const gCopies: IrFunction[] = [];
  const functions = fns.map((fn) => {
    if (!fn.exported) return fn;
    const guard = [...paramHyp[fn.index]!].sort((a, b) => a - b);
    let general: number | undefined;
    if (guard.length > 0) {
      general = next++;
      gCopies.push({ ...fn, index: general, exported: false });
    }
    return { ...fn, body: dispatcher(fn, guard, sIndex.get(fn.index)!, general) };
  });
  return { ir: { ...ir, functions: [...functions, ...sCopies, ...gCopies] }, changed: true };
};

/** `if (p >= 0 && …) return S(params); return G(params);` (just `return S(params)` without a guard). */
function dispatcher(fn: IrFunction, guard: readonly number[], s: number, g: number | undefined): IrStmt[] {
  const line = fn.line;
  const args: IrExpr[] = fn.params.map((id) => ({ k: 'local', type: fn.locals[id]!.type, id }));
  const call = (callee: number): IrExpr => ({ k: 'call', type: fn.returnType, callee, args, direct: true });
  const exit = (callee: number): IrStmt[] =>
    fn.returnType === 'null'
      ? [{ k: 'expr', line, expr: call(callee) }, { k: 'return', line, value: null }]
      : [{ k: 'return', line, value: call(callee) }];
  if (g === undefined) return exit(s);
  const tests: IrExpr[] = guard.map((pos) => ({
    k: 'binary',
    type: 'bool',
    op: 'ge',
    opType: 'int',
    left: { k: 'local', type: 'int', id: fn.params[pos]! },
    right: { k: 'const', type: 'int', value: 0n },
  }));
  const test = tests.reduce((a, b) => ({ k: 'logical', type: 'bool', op: 'and', left: a, right: b }));
  return [{ k: 'if', line, test, then: exit(s), else: [] }, ...exit(g)];
}

function calleesOf(body: readonly IrStmt[]): Set<number> {
  const out = new Set<number>();
  mapStmts(body, (e) => {
    if (e.k === 'call') out.add(e.callee);
    return e;
  });
  return out;
}
