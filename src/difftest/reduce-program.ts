// Delta debugging over statements: shrinks a program while it still shows the same kind of finding.
import type { DriverCall, FnDef, Program, Stmt } from './program.ts';

/** Tests candidates together (one compile for all of them); true where the candidate is still interesting. */
export type BatchPredicate = (candidates: readonly Program[]) => Promise<boolean[]>;

export interface ReduceStats {
  readonly rounds: number;
  readonly candidates: number;
  readonly unitsBefore: number;
  readonly unitsAfter: number;
}

/**
 * Renames `old_fK` (functions) and `old_CK`, `old_Box` (classes) to `name_…` everywhere, so
 * candidates can share one module without clashing.
 */
export function renameProgram(p: Program, name: string): Program {
  const re = new RegExp(`\\b${p.name}_(f\\d+|C\\d+|Box)\\b`, 'g');
  const r = (s: string): string => s.replace(re, `${name}_$1`);
  const stmt = (s: Stmt): Stmt =>
    s.kind === 'line'
      ? { ...s, text: r(s.text) }
      : { ...s, head: r(s.head), tail: r(s.tail), body: s.body.map(stmt), ...(s.alt ? { alt: s.alt.map(stmt) } : {}) };
  return {
    ...p,
    name,
    functions: p.functions.map((f) => ({
      ...f,
      name: r(f.name),
      header: r(f.header),
      body: f.body.map(stmt),
      callees: f.callees.map(r),
      ...(f.className !== undefined ? { className: r(f.className) } : {}),
      ...(f.paramClasses ? { paramClasses: f.paramClasses.map(r) } : {}),
      ...(f.argKinds ? { argKinds: f.argKinds.map(r) } : {}),
    })),
    ...(p.classes ? { classes: p.classes.map((c) => ({ name: r(c.name), head: r(c.head), members: c.members.map(r) })) } : {}),
    driver: p.driver.map((c) => ({ ...c, fn: r(c.fn), args: c.args.map(r), ...(c.setup ? { setup: c.setup.map(r) } : {}) })),
  };
}

/** Numbers every removable unit (function, statement at any depth, driver call, class) depth first. */
function countUnits(p: Program): number {
  let n = 0;
  const stmts = (list: readonly Stmt[]): void => {
    for (const s of list) {
      n++;
      if (s.kind === 'block') {
        stmts(s.body);
        stmts(s.alt ?? []);
      }
    }
  };
  for (const f of p.functions) {
    n++;
    stmts(f.body);
  }
  n += p.driver.length + (p.classes ?? []).length;
  return n;
}

/** The program with only the units in `keep` (a removed unit takes its children along). */
function restrict(p: Program, keep: ReadonlySet<number>): Program {
  let id = 0;
  // A pinned block is kept whole, children included.
  const stmts = (list: readonly Stmt[], pinned = false): Stmt[] => {
    const out: Stmt[] = [];
    for (const s of list) {
      const mine = id++;
      if (s.kind === 'line') {
        if (keep.has(mine) || pinned) out.push(s);
        continue;
      }
      const pin = pinned || s.pinned === true;
      const body = stmts(s.body, pin);
      const alt = s.alt ? stmts(s.alt, pin) : undefined;
      if (keep.has(mine) || pin) out.push({ ...s, body, ...(alt ? { alt } : {}) });
    }
    return out;
  };
  const functions: FnDef[] = [];
  for (const f of p.functions) {
    const mine = id++;
    const body = stmts(f.body);
    if (keep.has(mine)) functions.push({ ...f, body });
  }
  const driver: DriverCall[] = [];
  for (const c of p.driver) if (keep.has(id++)) driver.push(c);
  // A class goes with its methods (and its subclasses fail to declare: such candidates are simply not interesting).
  const classes = (p.classes ?? []).filter(() => keep.has(id++));
  const names = new Set(classes.map((c) => c.name));
  const kept = functions.filter((f) => f.className === undefined || names.has(f.className));
  return { ...p, functions: kept, driver, ...(p.classes ? { classes } : {}) };
}

/**
 * ddmin (complements only, which is what removes statements): split the kept units into n
 * chunks, try every "all but one chunk" candidate in one batch, keep the first that is still
 * interesting; otherwise refine the split. Ends 1-minimal: no single unit can be removed.
 */
export async function reduceProgram(p: Program, interesting: BatchPredicate, maxRounds = 60): Promise<{ program: Program; stats: ReduceStats }> {
  const total = countUnits(p);
  let kept = Array.from({ length: total }, (_, i) => i);
  let n = 2;
  let rounds = 0;
  let candidates = 0;
  while (kept.length >= 1 && rounds < maxRounds) {
    rounds++;
    const size = Math.ceil(kept.length / n);
    const chunks: number[][] = [];
    for (let i = 0; i < kept.length; i += size) chunks.push(kept.slice(i, i + size));
    const trials = chunks.map((c) => {
      const drop = new Set(c);
      return kept.filter((u) => !drop.has(u));
    });
    const programs = trials.map((t, i) => renameProgram(restrict(p, new Set(t)), `${p.name}_r${rounds}_${i}`));
    candidates += programs.length;
    const ok = await interesting(programs);
    const hit = ok.findIndex(Boolean);
    if (hit >= 0) {
      kept = trials[hit]!;
      n = Math.max(n - 1, 2);
      continue;
    }
    if (size <= 1) break;
    n = Math.min(n * 2, kept.length);
  }
  return { program: restrict(p, new Set(kept)), stats: { rounds, candidates, unitsBefore: total, unitsAfter: kept.length } };
}
