// versionOverflowChecks: loop versioning — one overflow test before a counted loop decides between a copy whose accumulations (`$x++`, `$x += $k`) are unchecked and the original, checked loop.
//
// Why: `$x++` six loops deep (test/php/bench/everyday/nestedloop.php) keeps an overflow check
// per iteration, and the check stops g++ from turning the innermost loop into `x += n`.
//
// When it is exact: in a counted loop V (see CountedLoop) an accumulator is a plain int local
// whose every write inside V is a statement `$x++`, `$x--`, `$x = $x ± v` or `$x = v + $x` with v
// an int constant or a local V never writes, each such site sitting in V's body or in the bodies
// of counted loops nested in V whose start and bound V never writes. A site then runs at most
// T(V) * T(L1) * … * T(Lk) times (tripCount of each loop around it, all computable before V), so
// every value $x takes inside V lies between x0 + T·Σ(negative parts) and x0 + T·Σ(positive
// parts), x0 being its value before V. The guard estimates both ends with floats (see
// GUARD_LIMIT: this runtime's int arithmetic DEOPTs on overflow, a guard must not) and takes the
// unchecked copy only when both lie within ±2^62; then no site can overflow, and both copies
// compute the same values. Counters of V and of its counted loops whose step only fits for some
// bounds (`$i <= $n`) join the guard with an exact test of the bound (stepFitsTest) and are
// unchecked in the copy too. The init of V runs once before the guard, as it ran once before the
// first test.
//
// Only the outermost loop that has something to gain is versioned, and only its unchecked copy
// is searched further (for accumulators of inner loops), so the checked code is never duplicated.
import type { CountedLoop, IrExpr, IrFunction, IrModule, IrStmt } from '../frontend/types.ts';
import { MAX } from './int-ranges.ts';
import {
  and,
  compare,
  floatConst,
  floatOp,
  GUARD_LIMIT,
  intConst,
  isInvariant,
  isPlainIntLocal,
  isUnchecked,
  loopWrites,
  sameCountedLoop,
  stepAlwaysFits,
  stepFitsTest,
  toFloat,
  tripCount,
  uncheckedStep,
  type LoopStmt,
} from './counted-loops.ts';
import { mapBodies, mapStmtTree, stmtExprs, writtenIn } from './map-ir.ts';
import type { PassFn } from './types.ts';

export const versionOverflowChecks: PassFn = (ir) => {
  let changed = false;
  const functions = ir.functions.map((fn) => {
    const count = { versions: 0 };
    const body = versionIn(ir, fn, fn.body, count);
    if (count.versions === 0) return fn;
    changed = true;
    return { ...fn, body };
  });
  return { ir: changed ? { ...ir, functions } : ir, changed };
};

function versionIn(ir: IrModule, fn: IrFunction, list: readonly IrStmt[], count: { versions: number }): IrStmt[] {
  return mapStmtTree(list, (s, recurse) => {
    // A version made before: search its fast copy only, as when it was made.
    if (isVersionPair(s)) return { ...s, then: versionIn(ir, fn, s.then, count) };
    if (s.k === 'loop' && s.counted) {
      const v = versionLoop(ir, fn, s, s.counted, count);
      if (v) {
        count.versions++;
        return v;
      }
    }
    return mapBodies(s, recurse);
  });
}

/** `if (guard) { loop } else { loop }` with both loops the same counted loop: what versionLoop makes. */
function isVersionPair(s: IrStmt): s is Extract<IrStmt, { k: 'if' }> {
  if (s.k !== 'if' || s.then.length !== 1 || s.else.length !== 1) return false;
  const [a, b] = [s.then[0]!, s.else[0]!];
  return a.k === 'loop' && b.k === 'loop' && a.line === b.line && a.init.length === 0 && b.init.length === 0 && sameCountedLoop(a.counted, b.counted);
}

/** One accumulation statement: `$x` changes by `delta` per run, and runs once per iteration of the counted loops `mult` around it inside V. */
interface Site {
  readonly stmt: IrStmt;
  readonly x: number;
  /** The change: a constant, or ± an invariant local. */
  readonly delta: { readonly k: 'const'; readonly value: bigint } | { readonly k: 'local'; readonly id: number; readonly negate: boolean };
  readonly mult: readonly CountedLoop[];
}

/** The statement's accumulation of a plain int local by an invariant int, or null. */
function siteOf(fn: IrFunction, s: IrStmt, written: ReadonlySet<number>): Omit<Site, 'stmt' | 'mult'> | null {
  if (s.k !== 'expr') return null;
  const e = s.expr;
  if (e.k === 'incdec' && e.type === 'int') return isPlainIntLocal(fn, e.id) ? { x: e.id, delta: { k: 'const', value: e.op === 'inc' ? 1n : -1n } } : null;
  if (e.k !== 'assign' || e.type !== 'int' || !isPlainIntLocal(fn, e.id) || e.value.k !== 'binary' || e.value.opType !== 'int') return null;
  const { op, left, right } = e.value;
  const self = (a: IrExpr) => a.k === 'local' && a.id === e.id;
  let v: IrExpr;
  if (op === 'add' && self(left)) v = right;
  else if (op === 'add' && self(right)) v = left;
  else if (op === 'sub' && self(left)) v = right;
  else return null;
  if (!isInvariant(v, fn, written)) return null;
  const negate = op === 'sub';
  if (v.k === 'const' && v.type === 'int') {
    const value = negate ? -v.value : v.value;
    return value > MAX ? null : { x: e.id, delta: { k: 'const', value } };
  }
  return v.k === 'local' ? { x: e.id, delta: { k: 'local', id: v.id, negate } } : null;
}

/** What V's body holds: accumulation sites, locals written otherwise, inner counted loops whose steps need a guard. */
interface Scan {
  readonly sites: Site[];
  readonly other: Set<number>;
  readonly counters: CountedLoop[];
}

function scan(ir: IrModule, fn: IrFunction, list: readonly IrStmt[], written: ReadonlySet<number>, mult: readonly CountedLoop[] | null, out: Scan): void {
  const writesOf = (e: IrExpr) => writtenIn(ir, [{ k: 'expr', line: 0, expr: e }]);
  for (const s of list) {
    const site = siteOf(fn, s, written);
    if (site) {
      // Unknown multiplicity (inside a while or foreach): the local cannot be bounded.
      if (mult) out.sites.push({ ...site, stmt: s, mult });
      else out.other.add(site.x);
      continue;
    }
    for (const e of stmtExprs(s)) for (const id of writesOf(e)) out.other.add(id);
    if (s.k === 'foreach') {
      out.other.add(s.valueId);
      if (s.keyId !== null) out.other.add(s.keyId);
    }
    if (s.k === 'unset') out.other.add(s.id);
    if (s.k === 'if') {
      scan(ir, fn, s.then, written, mult, out);
      scan(ir, fn, s.else, written, mult, out);
    } else if (s.k === 'loop') {
      const c = s.counted;
      if (c && !stepAlwaysFits(c) && !isUnchecked(s.step[0]!) && isInvariant(c.bound, fn, written)) out.counters.push(c);
      const counts = mult && c && c.start && isInvariant(c.start, fn, written) && isInvariant(c.bound, fn, written);
      scan(ir, fn, s.body, written, counts ? [...mult, c] : null, out);
    } else if (s.k === 'foreach') {
      scan(ir, fn, s.body, written, null, out);
    }
  }
}

/** `[init…, if (guard) { unchecked V } else { V }]`, or null when V has nothing to gain. */
function versionLoop(ir: IrModule, fn: IrFunction, v: LoopStmt, c: CountedLoop, count: { versions: number }): IrStmt[] | null {
  const written = loopWrites(ir, v);
  const found: Scan = { sites: [], other: new Set(), counters: [] };
  scan(ir, fn, v.body, written, [], found);
  const byX = new Map<number, Site[]>();
  for (const s of found.sites) if (!found.other.has(s.x)) byX.set(s.x, [...(byX.get(s.x) ?? []), s]);
  // Accumulators whose sites are all unchecked already (an enclosing version did it) gain nothing.
  for (const [x, sites] of byX) if (sites.every((s) => s.stmt.k === 'expr' && isUnchecked(s.stmt.expr))) byX.delete(x);
  const ownStep = !stepAlwaysFits(c) && !isUnchecked(v.step[0]!);
  if (byX.size === 0 && !ownStep) return null;

  const counter: IrExpr = { k: 'local', type: 'int', id: c.counter };
  const trips = tripCount(c, counter);
  const terms: IrExpr[] = [];
  for (const [x, sites] of byX) {
    for (const sign of [1, -1] as const) {
      const parts = sites.flatMap((s) => {
        const p = part(s, sign);
        if (!p) return [];
        // Runs per iteration of V: the trip counts of the loops around the site (scan saw their starts).
        const runs = s.mult.map((l) => tripCount(l, l.start!));
        const factors = s.delta.k === 'const' && s.delta.value === 1n && runs.length > 0 ? runs : [p, ...runs];
        return [factors.reduce((x, y) => floatOp('mul', x, y))];
      });
      if (parts.length === 0) continue;
      const sum = parts.reduce((a, b) => floatOp('add', a, b));
      const end = floatOp('add', toFloat({ k: 'local', type: 'int', id: x }), floatOp('mul', trips, sum));
      terms.push(sign === 1 ? compare('le', 'float', end, floatConst(GUARD_LIMIT)) : compare('ge', 'float', end, floatConst(-GUARD_LIMIT)));
    }
  }
  const counters = [...(ownStep ? [c] : []), ...found.counters];
  for (const l of counters) terms.push(stepFitsTest(l));
  // Accumulations whose every part is zero (a body folded away) leave nothing to check.
  if (terms.length === 0) return null;
  const guard = terms.reduce(and);

  const sites = new Set(found.sites.filter((s) => byX.has(s.x)).map((s) => s.stmt));
  const unchecked = new Set(counters);
  // The init moves before the guard, so the copies no longer say where the counter starts.
  const counted: CountedLoop = { ...c, start: null };
  const fast: LoopStmt = {
    ...v,
    init: [],
    counted,
    step: ownStep ? [uncheckedStep(counted)] : v.step,
    body: versionIn(ir, fn, uncheckBody(v.body, sites, unchecked), count),
  };
  const inits: IrStmt[] = v.init.map((expr) => ({ k: 'expr', line: v.line, expr }));
  return [...inits, { k: 'if', line: v.line, test: guard, then: [fast], else: [{ ...v, init: [], counted }] }];
}

/** The site's positive (sign 1) or negative (sign -1) part per run as a float, or null when it has none. */
function part(s: Site, sign: 1 | -1): IrExpr | null {
  const d = s.delta;
  if (d.k === 'const') return d.value * BigInt(sign) > 0n ? toFloat({ k: 'const', type: 'int', value: d.value }) : null;
  const local: IrExpr = { k: 'local', type: 'int', id: d.id };
  // The change is v (add) or -v (sub; a float, so -PHP_INT_MIN needs no care).
  const change = d.negate ? floatOp('sub', floatConst(0), toFloat(local)) : toFloat(local);
  // The change has the sign asked for where v > 0 (add, positive part; sub, negative part), else where v < 0.
  const whenVPositive = (sign === 1) !== d.negate;
  return { k: 'cond', type: 'float', test: compare(whenVPositive ? 'gt' : 'lt', 'int', local, { k: 'const', type: 'int', value: 0n }), then: change, else: floatConst(0) };
}

/** The body with the given accumulation statements and counted-loop steps made unchecked. */
function uncheckBody(list: readonly IrStmt[], sites: ReadonlySet<IrStmt>, counters: ReadonlySet<CountedLoop>): IrStmt[] {
  return mapStmtTree(list, (s, recurse): IrStmt => {
    if (sites.has(s) && s.k === 'expr') return { ...s, expr: uncheckedAccumulation(s.expr) };
    const out = mapBodies(s, recurse);
    if (out.k === 'loop' && out.counted && counters.has(out.counted)) return { ...out, step: [uncheckedStep(out.counted)] };
    return out;
  });
}

/** `$x++` / `$x = $x + v` … as the same assignment without its overflow check. */
function uncheckedAccumulation(e: IrExpr): IrExpr {
  if (e.k === 'incdec') {
    const self: IrExpr = { k: 'local', type: 'int', id: e.id };
    return { k: 'assign', type: 'int', id: e.id, value: { k: 'binary', type: 'int', op: e.op === 'inc' ? 'add' : 'sub', opType: 'int', left: self, right: intConst(1n), noOverflow: true } };
  }
  if (e.k === 'assign' && e.value.k === 'binary') return { ...e, value: { ...e.value, noOverflow: true } };
  return e;
}
