// Interval analysis of int expressions: marks int +, -, * that cannot overflow, and reports the ranges of call arguments and returned values.
// Sound by construction: facts come only from tests on locals that are never written in the
// function (typically parameters) and from assumed parameter ranges, so a fact holds everywhere
// its branch runs. A checked op that overflows DEOPTs, so any value it yields lies in int64.
import type { IrExpr, IrFunction, IrModule, IrStmt } from '../frontend/types.ts';
import { mapChildren, writtenLocals } from './map-ir.ts';

export const MIN = -(2n ** 63n);
export const MAX = 2n ** 63n - 1n;

export interface Range {
  readonly lo: bigint;
  readonly hi: bigint;
}
export type Facts = ReadonlyMap<number, Range>;

export const FULL: Range = { lo: MIN, hi: MAX };
export const NONNEG: Range = { lo: 0n, hi: MAX };

export const within = (r: Range, outer: Range): boolean => r.lo >= outer.lo && r.hi <= outer.hi;
const min = (a: bigint, b: bigint) => (a < b ? a : b);
const max = (a: bigint, b: bigint) => (a > b ? a : b);
const clamp = (r: Range): Range => ({ lo: max(r.lo, MIN), hi: min(r.hi, MAX) });

export interface RangeHooks {
  /** Range of the result of an int call of module function `callee`. */
  callRange(callee: number): Range;
  /** Every call, with the range of each int argument (undefined for other types) where it runs. */
  onCall?(e: Extract<IrExpr, { k: 'call' }>, args: readonly (Range | undefined)[]): void;
  /** Every returned value's range (undefined when not an int, or for a bare return). */
  onReturn?(range: Range | undefined): void;
}

/**
 * Int locals never written anywhere in the function (see writtenLocals). By-reference parameters
 * and locals bound to a global or static are never stable: they live outside the frame.
 */
export function stableLocals(fn: IrFunction, ir: IrModule): Set<number> {
  const writes = writtenLocals(ir, fn);
  return new Set(fn.locals.filter((l) => l.type === 'int' && !l.byRef && l.world === undefined && !writes.has(l.id)).map((l) => l.id));
}

/** Whether control can reach the end of a statement list (conservative: loops may always fall through). */
function fallsThrough(list: readonly IrStmt[]): boolean {
  return list.every((s) => {
    if (s.k === 'return' || s.k === 'break' || s.k === 'continue') return false;
    if (s.k === 'if') return fallsThrough(s.then) || fallsThrough(s.else);
    return true;
  });
}

/** Rewrites one function body, setting `noOverflow` where the operand ranges allow; `changed` says whether it did. */
export class RangeProver {
  changed = false;
  /** How many int add/sub/mul of the rewritten body carry noOverflow. */
  proven = 0;

  constructor(
    private readonly stable: ReadonlySet<number>,
    private readonly hooks: RangeHooks,
  ) {}

  stmts(list: readonly IrStmt[], facts: Facts): IrStmt[] {
    const out: IrStmt[] = [];
    let cur = facts;
    for (const s of list) {
      out.push(this.stmt(s, cur));
      // After `if (t) { …return; }` the rest of the list runs only where t was false (and vice versa).
      if (s.k === 'if') {
        const thenFalls = fallsThrough(s.then);
        const elseFalls = fallsThrough(s.else);
        if (!thenFalls && elseFalls) cur = this.refine(s.test, false, cur);
        else if (thenFalls && !elseFalls) cur = this.refine(s.test, true, cur);
      }
    }
    return out;
  }

  private stmt(s: IrStmt, facts: Facts): IrStmt {
    switch (s.k) {
      case 'expr':
        return { ...s, expr: this.expr(s.expr, facts) };
      case 'return': {
        const value = s.value ? this.expr(s.value, facts) : null;
        this.hooks.onReturn?.(value && value.type === 'int' ? this.range(value, facts) : undefined);
        return { ...s, value };
      }
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
      case 'echo':
        return { ...s, args: s.args.map((e) => this.expr(e, facts)) };
      case 'foreach':
        return { ...s, subject: this.expr(s.subject, facts), body: this.stmts(s.body, facts) };
      case 'unset':
        return { ...s, path: s.path.map((e) => this.expr(e, facts)) };
      case 'break':
      case 'continue':
        return s;
    }
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
      case 'call': {
        const out = { ...e, args: e.args.map(x) };
        this.hooks.onCall?.(out, out.args.map((a) => (a.type === 'int' ? this.range(a, facts) : undefined)));
        return out;
      }
      case 'builtin':
        return { ...e, args: e.args.map(x) };
      case 'binary': {
        const out = { ...e, left: x(e.left), right: x(e.right) };
        if (e.opType === 'int' && (e.op === 'add' || e.op === 'sub' || e.op === 'mul')) {
          if (out.noOverflow) {
            this.proven++;
          } else if (within(combine(e.op, this.range(out.left, facts), this.range(out.right, facts)), FULL)) {
            this.changed = true;
            this.proven++;
            return { ...out, noOverflow: true };
          }
        }
        return out;
      }
      default:
        // Every other node: its parts in the same facts (calls inside must reach onCall).
        return mapChildren(e, x);
    }
  }

  /** A range containing every int value `e` can yield where `facts` hold. */
  range(e: IrExpr, facts: Facts): Range {
    switch (e.k) {
      case 'const':
        return e.type === 'int' ? { lo: e.value, hi: e.value } : FULL;
      case 'local':
        return (this.stable.has(e.id) && facts.get(e.id)) || FULL;
      case 'assign':
        return this.range(e.value, facts);
      case 'binary':
        if (e.opType === 'int' && (e.op === 'add' || e.op === 'sub' || e.op === 'mul')) {
          // Checked: an out-of-range result DEOPTs instead of being yielded.
          return clamp(combine(e.op, this.range(e.left, facts), this.range(e.right, facts)));
        }
        if (e.opType === 'int' && e.op === 'band') {
          // x & m with m >= 0 lies in [0, m] whatever x is (two's complement).
          const a = this.range(e.left, facts);
          const b = this.range(e.right, facts);
          if (a.lo >= 0n && b.lo >= 0n) return { lo: 0n, hi: min(a.hi, b.hi) };
          if (a.lo >= 0n) return { lo: 0n, hi: a.hi };
          if (b.lo >= 0n) return { lo: 0n, hi: b.hi };
          return FULL;
        }
        if (e.opType === 'int' && e.op === 'shr') {
          // An arithmetic shift is monotonic in x for a fixed count; counts >= 64 act as 63.
          const b = this.range(e.right, facts);
          if (b.lo < 0n || b.lo !== b.hi) return FULL;
          const k = b.lo >= 64n ? 63n : b.lo;
          const a = this.range(e.left, facts);
          return { lo: a.lo >> k, hi: a.hi >> k };
        }
        return FULL;
      case 'unary':
        if (e.op === 'neg' && e.type === 'int') {
          const a = this.range(e.arg, facts);
          return clamp({ lo: -a.hi, hi: -a.lo });
        }
        if (e.op === 'bnot') {
          // ~x is -x - 1: decreasing, never overflows.
          const a = this.range(e.arg, facts);
          return { lo: -a.hi - 1n, hi: -a.lo - 1n };
        }
        return FULL;
      case 'convert':
        return e.mode === 'widen' && e.arg.type === 'bool' ? { lo: 0n, hi: 1n } : FULL;
      case 'cond': {
        const a = this.range(e.then, this.refine(e.test, true, facts));
        const b = this.range(e.else, this.refine(e.test, false, facts));
        return { lo: min(a.lo, b.lo), hi: max(a.hi, b.hi) };
      }
      case 'call':
        return e.type === 'int' ? this.hooks.callRange(e.callee) : FULL;
      default:
        return FULL;
    }
  }

  /** Facts that hold where `test` evaluated to `truth`. */
  refine(test: IrExpr, truth: boolean, facts: Facts): Facts {
    if (test.k === 'unary' && test.op === 'not') return this.refine(test.arg, !truth, facts);
    if (test.k === 'logical' && test.op === (truth ? 'and' : 'or')) return this.refine(test.right, truth, this.refine(test.left, truth, facts));
    if (test.k !== 'binary' || test.opType !== 'int') return facts;
    const swap: Record<string, string> = { lt: 'gt', le: 'ge', gt: 'lt', ge: 'le', eq: 'eq', ne: 'ne', ident: 'eq', nident: 'ne' };
    const negate: Record<string, string> = { lt: 'ge', le: 'gt', gt: 'le', ge: 'lt', eq: 'ne', ne: 'eq', ident: 'ne', nident: 'eq' };
    const op = test.op === 'ident' ? 'eq' : test.op === 'nident' ? 'ne' : test.op;
    const eff = truth ? op : negate[op];
    if (!eff) return facts;
    let out = facts;
    // Both sides may be stable locals; each learns from the other's range.
    if (test.left.k === 'local' && this.stable.has(test.left.id)) out = this.narrow(out, test.left.id, eff, this.range(test.right, facts));
    if (test.right.k === 'local' && this.stable.has(test.right.id)) out = this.narrow(out, test.right.id, swap[eff]!, this.range(test.left, facts));
    return out;
  }

  /** Facts with local `id` narrowed by `id <op> r`. */
  private narrow(facts: Facts, id: number, op: string, r: Range): Facts {
    const cur = facts.get(id) ?? FULL;
    let next: Range = cur;
    if (op === 'lt') next = { lo: cur.lo, hi: min(cur.hi, r.hi - 1n) };
    else if (op === 'le') next = { lo: cur.lo, hi: min(cur.hi, r.hi) };
    else if (op === 'gt') next = { lo: max(cur.lo, r.lo + 1n), hi: cur.hi };
    else if (op === 'ge') next = { lo: max(cur.lo, r.lo), hi: cur.hi };
    else if (op === 'eq') next = { lo: max(cur.lo, r.lo), hi: min(cur.hi, r.hi) };
    else if (op === 'ne' && r.lo === r.hi) {
      // A hole only shrinks a range at its ends (x != 0 with x >= 0 gives x >= 1).
      if (r.lo === cur.lo) next = { lo: cur.lo + 1n, hi: cur.hi };
      else if (r.hi === cur.hi) next = { lo: cur.lo, hi: cur.hi - 1n };
    }
    if (next === cur) return facts;
    const out = new Map(facts);
    out.set(id, next);
    return out;
  }
}

export function combine(op: 'add' | 'sub' | 'mul', a: Range, b: Range): Range {
  if (op === 'add') return { lo: a.lo + b.lo, hi: a.hi + b.hi };
  if (op === 'sub') return { lo: a.lo - b.hi, hi: a.hi - b.lo };
  const p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
  return { lo: p.reduce(min), hi: p.reduce(max) };
}
