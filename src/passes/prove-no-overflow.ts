// proveNoOverflow: drops overflow checks on int +, -, * whose operand ranges are bounded by a dominating comparison.
// Sound by construction: facts come only from `if`/ternary tests on locals that are never written
// in the function (typically parameters), so a fact holds everywhere its branch runs.
import type { IrExpr, IrFunction, IrStmt } from '../frontend/types.ts';
import { effectsOf } from '../frontend/lower-function.ts';
import type { PassFn } from './types.ts';

const MIN = -(2n ** 63n);
const MAX = 2n ** 63n - 1n;

interface Range {
  readonly lo: bigint;
  readonly hi: bigint;
}
type Facts = ReadonlyMap<number, Range>;

const FULL: Range = { lo: MIN, hi: MAX };

export const proveNoOverflow: PassFn = (ir) => {
  let changed = false;
  const functions = ir.functions.map((fn) => {
    const stable = stableLocals(fn);
    const p = new Prover(stable);
    const body = p.stmts(fn.body, new Map());
    if (p.changed) changed = true;
    return p.changed ? { ...fn, body } : fn;
  });
  return { ir: changed ? { ...ir, functions } : ir, changed };
};

/** Int locals never assigned or incremented anywhere in the function. */
function stableLocals(fn: IrFunction): Set<number> {
  const writes = new Set<number>();
  const reads = new Set<number>();
  const walk = (list: readonly IrStmt[]): void => {
    for (const s of list) {
      if (s.k === 'expr') effectsOf(s.expr, reads, writes);
      else if (s.k === 'return' && s.value) effectsOf(s.value, reads, writes);
      else if (s.k === 'if') {
        effectsOf(s.test, reads, writes);
        walk(s.then);
        walk(s.else);
      } else if (s.k === 'loop') {
        for (const e of [...s.init, ...s.test, ...s.step]) effectsOf(e, reads, writes);
        walk(s.body);
      }
    }
  };
  walk(fn.body);
  return new Set(fn.locals.filter((l) => l.type === 'int' && !writes.has(l.id)).map((l) => l.id));
}

class Prover {
  changed = false;
  constructor(private readonly stable: ReadonlySet<number>) {}

  stmts(list: readonly IrStmt[], facts: Facts): IrStmt[] {
    return list.map((s): IrStmt => {
      switch (s.k) {
        case 'expr':
          return { ...s, expr: this.expr(s.expr, facts) };
        case 'return':
          return { ...s, value: s.value ? this.expr(s.value, facts) : null };
        case 'if':
          return {
            ...s,
            test: this.expr(s.test, facts),
            then: this.stmts(s.then, this.refine(s.test, true, facts)),
            else: this.stmts(s.else, this.refine(s.test, false, facts)),
          };
        case 'loop':
          return {
            ...s,
            init: s.init.map((e) => this.expr(e, facts)),
            test: s.test.map((e) => this.expr(e, facts)),
            step: s.step.map((e) => this.expr(e, facts)),
            body: this.stmts(s.body, facts),
          };
        default:
          return s;
      }
    });
  }

  private expr(e: IrExpr, facts: Facts): IrExpr {
    const x = (a: IrExpr) => this.expr(a, facts);
    switch (e.k) {
      case 'assign':
        return { ...e, value: x(e.value) };
      case 'unary':
      case 'convert':
        return { ...e, arg: x(e.arg) } as IrExpr;
      case 'logical':
        if (e.op === 'and') return { ...e, left: x(e.left), right: this.expr(e.right, this.refine(e.left, true, facts)) };
        if (e.op === 'or') return { ...e, left: x(e.left), right: this.expr(e.right, this.refine(e.left, false, facts)) };
        return { ...e, left: x(e.left), right: x(e.right) };
      case 'cond':
        return { ...e, test: x(e.test), then: this.expr(e.then, this.refine(e.test, true, facts)), else: this.expr(e.else, this.refine(e.test, false, facts)) };
      case 'call':
      case 'builtin':
        return { ...e, args: e.args.map(x) } as IrExpr;
      case 'binary': {
        const out = { ...e, left: x(e.left), right: x(e.right) };
        if (e.opType === 'int' && !e.noOverflow && (e.op === 'add' || e.op === 'sub' || e.op === 'mul')) {
          const r = combine(e.op, this.range(out.left, facts), this.range(out.right, facts));
          if (r.lo >= MIN && r.hi <= MAX) {
            this.changed = true;
            return { ...out, noOverflow: true };
          }
        }
        return out;
      }
      default:
        return e;
    }
  }

  private range(e: IrExpr, facts: Facts): Range {
    if (e.k === 'const' && e.type === 'int') return { lo: e.value, hi: e.value };
    if (e.k === 'local') return facts.get(e.id) ?? FULL;
    return FULL;
  }

  /** Facts that hold where `test` evaluated to `truth`. */
  private refine(test: IrExpr, truth: boolean, facts: Facts): Facts {
    if (test.k === 'unary' && test.op === 'not') return this.refine(test.arg, !truth, facts);
    if (test.k === 'logical' && test.op === (truth ? 'and' : 'or')) return this.refine(test.right, truth, this.refine(test.left, truth, facts));
    if (test.k !== 'binary' || test.opType !== 'int') return facts;
    let { op, left, right } = test;
    if (left.k === 'const' && right.k === 'local') {
      const swap: Record<string, typeof op> = { lt: 'gt', le: 'ge', gt: 'lt', ge: 'le', eq: 'eq', ne: 'ne', ident: 'ident', nident: 'nident' };
      [left, right] = [right, left];
      op = swap[op] ?? op;
    }
    if (left.k !== 'local' || !this.stable.has(left.id) || right.k !== 'const' || right.type !== 'int') return facts;
    const c = right.value;
    const negate: Record<string, typeof op> = { lt: 'ge', le: 'gt', gt: 'le', ge: 'lt', eq: 'ne', ne: 'eq', ident: 'nident', nident: 'ident' };
    const eff = truth ? op : negate[op];
    const cur = facts.get(left.id) ?? FULL;
    let next: Range = cur;
    if (eff === 'lt') next = { lo: cur.lo, hi: min(cur.hi, c - 1n) };
    else if (eff === 'le') next = { lo: cur.lo, hi: min(cur.hi, c) };
    else if (eff === 'gt') next = { lo: max(cur.lo, c + 1n), hi: cur.hi };
    else if (eff === 'ge') next = { lo: max(cur.lo, c), hi: cur.hi };
    else if (eff === 'eq' || eff === 'ident') next = { lo: max(cur.lo, c), hi: min(cur.hi, c) };
    else return facts;
    const out = new Map(facts);
    out.set(left.id, next);
    return out;
  }
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);

function combine(op: 'add' | 'sub' | 'mul', a: Range, b: Range): Range {
  if (op === 'add') return { lo: a.lo + b.lo, hi: a.hi + b.hi };
  if (op === 'sub') return { lo: a.lo - b.hi, hi: a.hi - b.lo };
  const p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
  return { lo: p.reduce(min), hi: p.reduce(max) };
}
