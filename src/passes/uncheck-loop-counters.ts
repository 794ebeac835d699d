// uncheckLoopCounters: drops the overflow check of a loop counter's step (`$i++` under `$i < $n`) where no bound value can make it overflow.
//
// Why: the step runs only after the test held and the body never writes the counter, so with
// `$i < $n` the step yields at most $n - 1 + 1 <= PHP_INT_MAX whatever $n is. The checks it
// drops are the ones that stop g++ from vectorizing or collapsing a loop. Counters whose safety
// depends on the bound's run-time value (`$i <= $n`) are left to version-overflow-checks.
// The same holds for a counter stepped in the body of a while loop (`while ($i < $max && …) {
// …; $i++; }`) when that statement is the counter's only write in the loop and runs at most once
// per iteration (not inside a nested loop): before it, the counter still has the value that
// passed the test. A counter stepped by an enclosing loop's counter (`$k += $i`) is unchecked
// when the ranges of both bound the sum.
import type { CountedLoop, IrExpr, IrFunction, IrModule, IrStmt } from '../frontend/types.ts';
import { constStep, isInvariant, isPlainIntLocal, isUnchecked, loopWrites, stepAlwaysFits, uncheckedStep, type LoopStmt } from './counted-loops.ts';
import { MAX, MIN, type Range } from './int-ranges.ts';
import { mapBodies, mapStmtTree, writtenIn } from './map-ir.ts';
import type { PassFn } from './types.ts';

export const uncheckLoopCounters: PassFn = (ir) => {
  let changed = false;
  const functions = ir.functions.map((fn) => {
    let here = false;
    const rewrite = (list: readonly IrStmt[], ranges: Ranges): IrStmt[] =>
      list.map((s): IrStmt => {
        if (s.k === 'if') return { ...s, then: rewrite(s.then, ranges), else: rewrite(s.else, ranges) };
        if (s.k === 'foreach') return { ...s, body: rewrite(s.body, ranges) };
        if (s.k !== 'loop') return s;
        const out: LoopStmt = { ...s, body: rewrite(s.body, s.counted ? withCounter(ranges, s.counted) : ranges) };
        if (out.counted && !isUnchecked(out.step[0]!) && stepAlwaysFits(out.counted)) {
          here = true;
          return { ...out, step: [uncheckedStep(out.counted)] };
        }
        const byLocal = uncheckLocalStep(ir, fn, out, ranges);
        const inBody = uncheckBodyCounters(ir, fn, byLocal ?? out);
        if (byLocal || inBody) here = true;
        return inBody ?? byLocal ?? out;
      });
    const body = rewrite(fn.body, new Map());
    if (here) changed = true;
    return here ? { ...fn, body } : fn;
  });
  return { ir: changed ? { ...ir, functions } : ir, changed };
};

/** Ranges of the counters of the counted loops around a statement (valid in their bodies, where nothing writes them). */
type Ranges = ReadonlyMap<number, Range>;

const lowOf = (e: IrExpr | null, ranges: Ranges): bigint => (e?.k === 'const' && e.type === 'int' ? e.value : e?.k === 'local' ? (ranges.get(e.id)?.lo ?? MIN) : MIN);
const highOf = (e: IrExpr | null, ranges: Ranges): bigint => (e?.k === 'const' && e.type === 'int' ? e.value : e?.k === 'local' ? (ranges.get(e.id)?.hi ?? MAX) : MAX);

/**
 * `ranges` plus the counter's range inside the loop's body: from its start (it only moves
 * toward the bound, a step that overflowed would have DEOPTed) to the last value passing the test.
 */
function withCounter(ranges: Ranges, c: CountedLoop): Ranges {
  const out = new Map(ranges);
  if (c.step > 0n) out.set(c.counter, { lo: lowOf(c.start, ranges), hi: highOf(c.bound, ranges) - (c.cmp === 'lt' ? 1n : 0n) });
  else out.set(c.counter, { lo: lowOf(c.bound, ranges) + (c.cmp === 'gt' ? 1n : 0n), hi: highOf(c.start, ranges) });
  return out;
}

/**
 * `for (…; $k <= B; $k += $v)` (or `$k -= $v` downward) with $v loop-invariant and known to be
 * >= 0 (the counter of an enclosing loop, as in the sieve's `$k += $i`): after the test,
 * $k + $v <= max(B) + max($v). Returns the loop with that step unchecked, or null.
 */
function uncheckLocalStep(ir: IrModule, fn: IrFunction, loop: LoopStmt, ranges: Ranges): LoopStmt | null {
  const step = loop.step[0];
  const test = loop.test[0];
  if (loop.kind === 'do' || loop.step.length !== 1 || loop.test.length !== 1 || !step || !test) return null;
  if (step.k !== 'assign' || step.value.k !== 'binary' || step.value.opType !== 'int' || step.value.noOverflow || !isPlainIntLocal(fn, step.id)) return null;
  const k = step.id;
  const { op, left, right } = step.value;
  const self = (e: IrExpr) => e.k === 'local' && e.id === k;
  const v = op === 'add' && self(left) ? right : op === 'add' && self(right) ? left : op === 'sub' && self(left) ? right : null;
  const written = loopWrites(ir, loop);
  if (!v || v.k !== 'local' || v.id === k || !isInvariant(v, fn, written) || writtenIn(ir, loop.body).has(k)) return null;
  if (test.k !== 'binary' || test.opType !== 'int' || !(test.op === 'lt' || test.op === 'le' || test.op === 'gt' || test.op === 'ge')) return null;
  const [cmp, bound] = self(test.left) ? [test.op, test.right] : self(test.right) ? [FLIP[test.op], test.left] : [null, null];
  if (!cmp || !bound || self(bound) || !isInvariant(bound, fn, written)) return null;
  const vr = ranges.get(v.id);
  if (!vr || vr.lo < 0n) return null;
  const fits =
    op === 'add'
      ? (cmp === 'lt' || cmp === 'le') && highOf(bound, ranges) - (cmp === 'lt' ? 1n : 0n) + vr.hi <= MAX
      : (cmp === 'gt' || cmp === 'ge') && lowOf(bound, ranges) + (cmp === 'gt' ? 1n : 0n) - vr.hi >= MIN;
  return fits ? { ...loop, step: [{ ...step, value: { ...step.value, noOverflow: true } }] } : null;
}

const FLIP = { lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' } as const;

/** The loop with its body's safe counter statements unchecked (see the file comment), or null when it has none. */
function uncheckBodyCounters(ir: IrModule, fn: IrFunction, loop: LoopStmt): LoopStmt | null {
  const last = loop.test[loop.test.length - 1];
  if (loop.kind === 'do' || !last) return null;
  const conjuncts: IrExpr[] = [];
  const split = (e: IrExpr): void => {
    if (e.k === 'logical' && e.op === 'and') {
      split(e.left);
      split(e.right);
    } else conjuncts.push(e);
  };
  split(last);
  const outside = writtenIn(ir, [...loop.test, ...loop.step].map((expr): IrStmt => ({ k: 'expr', line: loop.line, expr })));
  const written = loopWrites(ir, loop);
  const safe = new Map<IrStmt, CountedLoop>();
  for (const s of onceStatements(loop.body)) {
    const st = s.k === 'expr' ? constStep(s.expr) : null;
    if (!st || st.by === 0n || s.k !== 'expr' || isUnchecked(s.expr) || !isPlainIntLocal(fn, st.id) || outside.has(st.id)) continue;
    if (writtenIn(ir, without(loop.body, s)).has(st.id)) continue;
    for (const c of conjuncts) {
      if (c.k !== 'binary' || c.opType !== 'int' || !(c.op === 'lt' || c.op === 'le' || c.op === 'gt' || c.op === 'ge')) continue;
      const [cmp, bound] = c.left.k === 'local' && c.left.id === st.id ? [c.op, c.right] : c.right.k === 'local' && c.right.id === st.id ? [FLIP[c.op], c.left] : [null, null];
      if (!cmp || !bound || (cmp === 'lt' || cmp === 'le') !== st.by > 0n || !isInvariant(bound, fn, written)) continue;
      const counted: CountedLoop = { counter: st.id, start: null, cmp, bound, step: st.by };
      if (stepAlwaysFits(counted)) {
        safe.set(s, counted);
        break;
      }
    }
  }
  if (safe.size === 0) return null;
  const body = mapStmtTree(loop.body, (s, recurse): IrStmt => {
    const c = safe.get(s);
    return c && s.k === 'expr' ? { ...s, expr: uncheckedStep(c) } : mapBodies(s, recurse);
  });
  return { ...loop, body };
}

/** Statements of a loop body that run at most once per iteration: at its top level or in its ifs, not in nested loops. */
function onceStatements(list: readonly IrStmt[]): IrStmt[] {
  return list.flatMap((s) => (s.k === 'if' ? [...onceStatements(s.then), ...onceStatements(s.else)] : [s]));
}

/** The list without statement `drop` (compared by identity), at any depth. */
function without(list: readonly IrStmt[], drop: IrStmt): IrStmt[] {
  return mapStmtTree(list, (s, recurse) => (s === drop ? [] : mapBodies(s, recurse)));
}
