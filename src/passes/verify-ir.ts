// verifyIr: checks the IR's invariants (types agree, locals and callees exist, loop levels fit); run between passes.
import { StageError } from '../core/declined.ts';
import type { IrExpr, IrFunction, IrModule, IrStmt, IrType } from '../frontend/types.ts';

const SCALARS: ReadonlySet<string> = new Set(['int', 'float', 'bool', 'num']);

/** Throws a StageError naming the broken invariant; returns normally for well-formed IR. */
export function verifyIr(ir: IrModule, after = 'frontend'): void {
  for (const fn of ir.functions) new Verifier(ir, fn, after).run();
}

class Verifier {
  constructor(private readonly ir: IrModule, private readonly fn: IrFunction, private readonly after: string) {}

  private fail(msg: string): never {
    throw new StageError('passes', this.fn.regionKey, `verifyIr after ${this.after}: ${this.fn.lcName}: ${msg}`);
  }

  run(): void {
    const fn = this.fn;
    fn.locals.forEach((l, i) => {
      if (l.id !== i) this.fail(`local ${i} has id ${l.id}`);
      if (!SCALARS.has(l.type)) this.fail(`local ${i} has type ${l.type}`);
    });
    if (fn.params.length !== fn.paramTypes.length) this.fail('params and paramTypes differ in length');
    for (const id of fn.params) if (!fn.locals[id]?.isParam) this.fail(`param ${id} is not a parameter local`);
    this.stmts(fn.body, 0);
  }

  private stmts(list: readonly IrStmt[], depth: number): void {
    for (const s of list) this.stmt(s, depth);
  }

  private stmt(s: IrStmt, depth: number): void {
    switch (s.k) {
      case 'expr':
        this.expr(s.expr);
        return;
      case 'return':
        if (s.value === null) {
          if (this.fn.returnType !== 'null') this.fail(`line ${s.line}: bare return in a ${this.fn.returnType} function`);
        } else {
          this.expect(s.value, this.fn.returnType, `return at line ${s.line}`);
        }
        return;
      case 'if':
        this.expect(s.test, 'bool', `if at line ${s.line}`);
        this.stmts(s.then, depth);
        this.stmts(s.else, depth);
        return;
      case 'loop':
        s.init.forEach((e) => this.expr(e));
        s.step.forEach((e) => this.expr(e));
        s.test.forEach((e, i) => (i === s.test.length - 1 ? this.expect(e, 'bool', `loop test at line ${s.line}`) : this.expr(e)));
        this.stmts(s.body, depth + 1);
        return;
      case 'break':
      case 'continue':
        if (s.levels < 1 || s.levels > depth) this.fail(`line ${s.line}: ${s.k} ${s.levels} at loop depth ${depth}`);
        return;
    }
  }

  private expect(e: IrExpr, t: IrType, where: string): void {
    this.expr(e);
    if (e.type !== t) this.fail(`${where}: expected ${t}, got ${e.type}`);
  }

  private local(id: number): IrType {
    const l = this.fn.locals[id];
    if (!l) return this.fail(`unknown local ${id}`);
    return l.type;
  }

  private expr(e: IrExpr): void {
    switch (e.k) {
      case 'const':
        if (e.type === 'int' && (typeof e.value !== 'bigint' || e.value < -(2n ** 63n) || e.value >= 2n ** 63n)) this.fail('int constant out of range');
        return;
      case 'local':
        if (this.local(e.id) !== e.type) this.fail(`local ${e.id} read as ${e.type}`);
        return;
      case 'assign':
        if (this.local(e.id) !== e.type) this.fail(`local ${e.id} assigned as ${e.type}`);
        this.expect(e.value, e.type, 'assignment');
        return;
      case 'incdec':
        if (this.local(e.id) !== e.type || !['int', 'float', 'num'].includes(e.type)) this.fail(`++/-- on ${e.type}`);
        return;
      case 'unary':
        this.expect(e.arg, e.op === 'not' ? 'bool' : e.type, `unary ${e.op}`);
        return;
      case 'binary':
        if (e.opType !== 'null') {
          this.expect(e.left, e.opType, `${e.op} left`);
          this.expect(e.right, e.opType, `${e.op} right`);
        } else if (e.op !== 'ident' && e.op !== 'nident') {
          this.fail(`${e.op} without operand type`);
        } else {
          this.expr(e.left);
          this.expr(e.right);
        }
        return;
      case 'logical':
        this.expect(e.left, 'bool', e.op);
        this.expect(e.right, 'bool', e.op);
        return;
      case 'cond':
        this.expect(e.test, 'bool', 'ternary test');
        this.expect(e.then, e.type, 'ternary then');
        this.expect(e.else, e.type, 'ternary else');
        return;
      case 'convert':
        this.expr(e.arg);
        if (e.arg.type === e.type) this.fail(`no-op conversion to ${e.type}`);
        return;
      case 'call': {
        const callee = this.ir.functions[e.callee];
        if (!callee) return this.fail(`call of unknown function ${e.callee}`);
        if (callee.returnType !== e.type) this.fail(`call of ${callee.lcName} typed ${e.type}, returns ${callee.returnType}`);
        if (e.args.length !== callee.params.length) this.fail(`call of ${callee.lcName} with ${e.args.length} args`);
        e.args.forEach((a, i) => this.expect(a, callee.locals[callee.params[i]!]!.type, `arg ${i} of ${callee.lcName}`));
        return;
      }
      case 'builtin':
        e.args.forEach((a, i) => (e.name === 'round' && i === 1 ? this.expect(a, 'int', 'round precision') : this.expect(a, e.opType, `${e.name} arg ${i}`)));
        return;
    }
  }
}
