// Declines a function that may read a local before assigning it on some path (PHP would warn and read null).
import { declineAt } from './frontend-decline.ts';
import { childrenOf } from '../passes/map-ir.ts';
import type { IrExpr, IrStmt } from './types.ts';

/** Assigned-set flowing through a statement list; `null` = this point is unreachable. */
type Assigned = Set<number> | null;

/**
 * `emptyDefault(id)`: the local is an array PHP only ever creates by writing elements, so "unset"
 * and "empty" coincide for it (nothing removes elements). Its element reads and isset need no
 * assignment (an empty array answers them as PHP does, a missing key DEOPTs where PHP warns);
 * its other reads while maybe unassigned are returned, for the caller to guard, instead of declined.
 */
export function checkDefiniteAssignment(
  params: readonly number[],
  body: readonly IrStmt[],
  names: (id: number) => string,
  emptyDefault: (id: number) => boolean = () => false,
): Set<IrExpr> {
  const checker = new Checker(names, emptyDefault);
  checker.stmts(body, new Set(params));
  return checker.guarded;
}

class Checker {
  readonly guarded = new Set<IrExpr>();

  constructor(
    private readonly names: (id: number) => string,
    private readonly emptyDefault: (id: number) => boolean,
  ) {}

  stmts(list: readonly IrStmt[], inSet: Assigned): Assigned {
    let cur = inSet;
    for (const s of list) {
      if (cur === null) return null;
      cur = this.stmt(s, cur);
    }
    return cur;
  }

  private stmt(s: IrStmt, cur: Set<number>): Assigned {
    switch (s.k) {
      case 'expr':
        this.expr(s.expr, cur, s.line);
        return cur;
      case 'return':
        if (s.value) this.expr(s.value, cur, s.line);
        return null;
      case 'break':
      case 'continue':
        return null;
      case 'if': {
        this.expr(s.test, cur, s.line);
        const a = this.stmts(s.then, new Set(cur));
        const b = this.stmts(s.else, new Set(cur));
        if (a === null) return b;
        if (b === null) return a;
        return new Set([...a].filter((id) => b.has(id)));
      }
      case 'loop': {
        for (const e of s.init) this.expr(e, cur, s.line);
        // The tests run at least once; assignments in the body or step may not happen before a
        // break, so only what was assigned before the loop (and in init/test) is known after it.
        const before = new Set(cur);
        // A `continue` reaches the test (do) or the step (for) with only `before` assigned.
        const viaContinue = (afterBody: Assigned) => (hasContinue(s.body) || afterBody === null ? new Set(before) : afterBody);
        if (s.kind === 'do') {
          const afterBody = viaContinue(this.stmts(s.body, new Set(before)));
          for (const e of s.test) this.expr(e, afterBody, s.line);
        } else {
          for (const e of s.test) this.expr(e, before, s.line);
          const afterBody = viaContinue(this.stmts(s.body, new Set(before)));
          for (const e of s.step) this.expr(e, afterBody, s.line);
        }
        return before;
      }
      case 'echo':
        for (const e of s.args) this.expr(e, cur, s.line);
        return cur;
      case 'foreach': {
        this.expr(s.subject, cur, s.line);
        const inBody = new Set(cur);
        if (s.keyId !== null) inBody.add(s.keyId);
        inBody.add(s.valueId);
        this.stmts(s.body, inBody);
        // The body may run zero times.
        return cur;
      }
      case 'unset':
        this.use(s.id, cur, s.line);
        for (const e of s.path) this.expr(e, cur, s.line);
        return cur;
    }
  }

  private use(id: number, cur: Set<number>, line: number): void {
    if (!cur.has(id)) declineAt(`variable $${this.names(id)} may be read before it is assigned`, line);
  }

  /** Walks in evaluation order; short-circuit and ternary branches don't count after themselves. */
  private expr(e: IrExpr, cur: Set<number>, line: number): void {
    switch (e.k) {
      case 'const':
        return;
      case 'local':
        if (!cur.has(e.id) && this.emptyDefault(e.id)) {
          this.guarded.add(e);
          return;
        }
        if (!cur.has(e.id)) {
          const name = this.names(e.id);
          declineAt(`variable $${name} may be read before it is assigned`, line);
        }
        return;
      case 'index':
        if (e.base.k === 'local' && this.emptyDefault(e.base.id)) this.expr(e.key, cur, line);
        else childrenOf(e).forEach((c) => this.expr(c, cur, line));
        return;
      case 'incdec':
        if (!cur.has(e.id)) {
          const name = this.names(e.id);
          declineAt(`variable $${name} may be read before it is assigned`, line);
        }
        return;
      case 'assign':
        this.expr(e.value, cur, line);
        cur.add(e.id);
        return;
      case 'unary':
      case 'convert':
        this.expr(e.arg, cur, line);
        return;
      case 'binary':
        this.expr(e.left, cur, line);
        this.expr(e.right, cur, line);
        return;
      case 'logical':
        this.expr(e.left, cur, line);
        if (e.op === 'xor') this.expr(e.right, cur, line);
        else this.expr(e.right, new Set(cur), line);
        return;
      case 'cond': {
        this.expr(e.test, cur, line);
        const a = new Set(cur);
        const b = new Set(cur);
        this.expr(e.then, a, line);
        this.expr(e.else, b, line);
        for (const id of a) if (b.has(id)) cur.add(id);
        return;
      }
      case 'elem_assign':
        // `$a[k] = v` creates $a when it is unset (no warning in PHP); the keys and value run first.
        for (const k of e.path) if (k) this.expr(k, cur, line);
        this.expr(e.value, cur, line);
        cur.add(e.id);
        return;
      case 'isset':
        if (!this.emptyDefault(e.id)) this.use(e.id, cur, line);
        for (const k of e.path) this.expr(k, cur, line);
        return;
      default:
        childrenOf(e).forEach((c) => this.expr(c, cur, line));
        return;
    }
  }
}

function hasContinue(list: readonly IrStmt[]): boolean {
  return list.some((s) =>
    s.k === 'continue' ? true : s.k === 'if' ? hasContinue(s.then) || hasContinue(s.else) : s.k === 'loop' || s.k === 'foreach' ? hasContinue(s.body) : false,
  );
}
