// Counted loops: recognizes `for ($i = a; $i < b; $i += c)` shapes (see CountedLoop) and builds trip-count expressions for them.
import type { CountedLoop, IrExpr, IrFunction, IrModule, IrStmt } from '../frontend/types.ts';
import { MAX, MIN } from './int-ranges.ts';
import { writtenIn } from './map-ir.ts';

export type LoopStmt = Extract<IrStmt, { k: 'loop' }>;
type Cmp = CountedLoop['cmp'];

const FLIP: Record<Cmp, Cmp> = { lt: 'gt', le: 'ge', gt: 'lt', ge: 'le' };
const isCmp = (op: string): op is Cmp => op === 'lt' || op === 'le' || op === 'gt' || op === 'ge';

/** An int local living in the frame: not bound to a global/static, not a by-reference parameter (those can change behind a call). */
export function isPlainIntLocal(fn: IrFunction, id: number): boolean {
  const l = fn.locals[id];
  return !!l && l.type === 'int' && l.world === undefined && !l.byRef;
}

/** An int whose value cannot change while only the locals in `written` are written: an int constant or a plain local outside it. */
export function isInvariant(e: IrExpr, fn: IrFunction, written: ReadonlySet<number>): boolean {
  if (e.k === 'const') return e.type === 'int';
  return e.k === 'local' && isPlainIntLocal(fn, e.id) && !written.has(e.id);
}

/** Locals a loop may change from its first test on: body, test and step (the init runs before). */
export function loopWrites(ir: IrModule, s: LoopStmt): Set<number> {
  return writtenIn(ir, [{ ...s, init: [] }]);
}

/**
 * `e` as an update `local += by` with a constant `by`: `$i++`, `$i--` (either form: the value is
 * unused where steps are read), `$i = $i + c`, `$i = c + $i`, `$i = $i - c`. Null otherwise, and
 * for a `by` whose negation is no int (PHP_INT_MIN), which no caller needs.
 */
export function constStep(e: IrExpr): { id: number; by: bigint } | null {
  if (e.k === 'incdec' && e.type === 'int') return { id: e.id, by: e.op === 'inc' ? 1n : -1n };
  if (e.k !== 'assign' || e.type !== 'int' || e.value.k !== 'binary' || e.value.opType !== 'int') return null;
  const { op, left, right } = e.value;
  const self = (x: IrExpr) => x.k === 'local' && x.id === e.id;
  const c = (x: IrExpr) => (x.k === 'const' && x.type === 'int' && x.value > MIN ? x.value : null);
  let by: bigint | null = null;
  if (op === 'add' && self(left)) by = c(right);
  else if (op === 'add' && self(right)) by = c(left);
  else if (op === 'sub' && self(left)) by = c(right) === null ? null : -c(right)!;
  return by === null ? null : { id: e.id, by };
}

/** The loop's CountedLoop, or null when it is not one (see CountedLoop for the conditions). */
export function recognizeCountedLoop(ir: IrModule, fn: IrFunction, s: LoopStmt): CountedLoop | null {
  if (s.kind === 'do' || s.test.length !== 1 || s.step.length !== 1) return null;
  const st = constStep(s.step[0]!);
  if (!st || st.by === 0n || !isPlainIntLocal(fn, st.id)) return null;
  const t = s.test[0]!;
  if (t.k !== 'binary' || t.opType !== 'int' || !isCmp(t.op)) return null;
  let cmp: Cmp;
  let bound: IrExpr;
  if (t.left.k === 'local' && t.left.id === st.id) [cmp, bound] = [t.op, t.right];
  else if (t.right.k === 'local' && t.right.id === st.id) [cmp, bound] = [FLIP[t.op], t.left];
  else return null;
  if ((cmp === 'lt' || cmp === 'le') !== st.by > 0n) return null;
  // The step writes the counter; the body must not (and nothing may write the bound).
  if (writtenIn(ir, s.body).has(st.id)) return null;
  if ((bound.k === 'local' && bound.id === st.id) || !isInvariant(bound, fn, loopWrites(ir, s))) return null;
  const init = s.init.length === 1 ? s.init[0]! : null;
  const start =
    init && init.k === 'assign' && init.id === st.id && (init.value.k === 'const' || init.value.k === 'local') && init.value.type === 'int' && isInvariant(init.value, fn, new Set([st.id]))
      ? init.value
      : null;
  return { counter: st.id, start, cmp, bound, step: st.by };
}

/** Whether two CountedLoop records say the same (verifyIr compares a recorded one with a fresh recognition). */
export function sameCountedLoop(a: CountedLoop | null | undefined, b: CountedLoop | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  const same = (x: IrExpr | null, y: IrExpr | null): boolean =>
    x === null || y === null ? x === y : x.k === y.k && x.type === y.type && (x.k === 'const' ? y.k === 'const' && x.value === y.value : x.k === 'local' && y.k === 'local' && x.id === y.id);
  return a.counter === b.counter && a.cmp === b.cmp && a.step === b.step && same(a.start, b.start) && same(a.bound, b.bound);
}

// ---- IR builders for guards ----
// Guards estimate with floats: this runtime's int (and num) arithmetic DEOPTs on overflow, and
// a guard must never DEOPT (its failure only picks the checked copy). A float estimate of a few
// products and sums of int64 values is off by far less than 2^40 whenever it is below 2^63, so
// comparing it with GUARD_LIMIT = 2^62 leaves a margin of 2^62 for rounding.

export const GUARD_LIMIT = 2 ** 62;
export const intConst = (value: bigint): IrExpr => ({ k: 'const', type: 'int', value });
export const floatConst = (value: number): IrExpr => ({ k: 'const', type: 'float', value });
export const toFloat = (e: IrExpr): IrExpr => ({ k: 'convert', type: 'float', mode: 'widen', arg: e });
export const floatOp = (op: 'add' | 'sub' | 'mul', left: IrExpr, right: IrExpr): IrExpr => ({ k: 'binary', type: 'float', op, opType: 'float', left, right });
export const compare = (op: Cmp, opType: 'int' | 'float', left: IrExpr, right: IrExpr): IrExpr => ({ k: 'binary', type: 'bool', op, opType, left, right });
export const and = (left: IrExpr, right: IrExpr): IrExpr => ({ k: 'logical', type: 'bool', op: 'and', left, right });

/**
 * The trip count as a float, when the counter's value at the first test is `from` (an int
 * expression without effects): |bound - from| (+1 when inclusive) when the test holds at first,
 * else 0, divided by |step| (+1 for the rounding up) for larger steps. The exact count for steps
 * of ±1 and an upper bound (less than one above it) for larger steps, both up to the float
 * rounding of values beyond 2^53.
 */
export function tripCount(c: CountedLoop, from: IrExpr): IrExpr {
  const up = c.cmp === 'lt' || c.cmp === 'le';
  let d = up ? floatOp('sub', toFloat(c.bound), toFloat(from)) : floatOp('sub', toFloat(from), toFloat(c.bound));
  if (c.cmp === 'le' || c.cmp === 'ge') d = floatOp('add', d, floatConst(1));
  // ceil(d / |step|) <= d / |step| + 1 (a division by a nonzero constant: no DEOPT).
  const by = c.step < 0n ? -c.step : c.step;
  if (by > 1n) d = floatOp('add', { k: 'binary', type: 'float', op: 'div', opType: 'float', left: d, right: floatConst(Number(by)) }, floatConst(1));
  return { k: 'cond', type: 'float', test: compare(c.cmp, 'int', from, c.bound), then: d, else: floatConst(0) };
}

/**
 * Whether the counter's step can never overflow, whatever the bound's value: the test held just
 * before the step (the body does not write the counter), so with `i < b` the step yields at most
 * b - 1 + step. False also when that depends on the bound's value at run time (see stepFitsTest).
 */
export function stepAlwaysFits(c: CountedLoop): boolean {
  const b = c.bound.k === 'const' && c.bound.type === 'int' ? c.bound.value : null;
  switch (c.cmp) {
    case 'lt':
      return c.step === 1n || (b !== null && b - 1n + c.step <= MAX);
    case 'le':
      return b !== null && b + c.step <= MAX;
    case 'gt':
      return c.step === -1n || (b !== null && b + 1n + c.step >= MIN);
    case 'ge':
      return b !== null && b + c.step >= MIN;
  }
}

/**
 * A bool that holds exactly when the step can never overflow at run time, an int comparison of
 * the bound with a constant (no arithmetic to overflow): `$i <= $n; $i++` needs $n <= MAX - 1.
 */
export function stepFitsTest(c: CountedLoop): IrExpr {
  const inclusive = c.cmp === 'le' || c.cmp === 'ge';
  const slack = inclusive ? 0n : c.step > 0n ? -1n : 1n;
  // The last value is bound + step + slack: bound <= MAX - (step + slack) upward, >= MIN - … downward.
  const reach = c.step + slack;
  return c.step > 0n ? compare('le', 'int', c.bound, intConst(MAX - reach)) : compare('ge', 'int', c.bound, intConst(MIN - reach));
}

/** An update already written as an unchecked `$i = $i ± c` (a step, or an accumulation a version unchecked). */
export function isUnchecked(e: IrExpr): boolean {
  return e.k === 'assign' && e.value.k === 'binary' && e.value.noOverflow === true;
}

/** The counter's step as an unchecked `counter = counter ± |step|` (to be used only where it cannot overflow). */
export function uncheckedStep(c: CountedLoop): IrExpr {
  const neg = c.step < 0n;
  return {
    k: 'assign',
    type: 'int',
    id: c.counter,
    value: {
      k: 'binary',
      type: 'int',
      op: neg ? 'sub' : 'add',
      opType: 'int',
      left: { k: 'local', type: 'int', id: c.counter },
      right: intConst(neg ? -c.step : c.step),
      noOverflow: true,
    },
  };
}
