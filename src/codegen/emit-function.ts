// Emits one IR function as a static native C++ function with typed parameters and named locals.
import { StageError } from '../core/declined.ts';
import type { IrExpr, IrFunction, IrModule, IrStmt, IrType } from '../frontend/types.ts';
import { effectsOf } from '../frontend/lower-function.ts';
import { floatLiteral, intLiteral, sanitizeName } from './cpp-literals.ts';

export function cppType(t: IrType): string {
  switch (t) {
    case 'int':
      return 'int64_t';
    case 'float':
      return 'double';
    case 'bool':
      return 'bool';
    case 'num':
      return 'pv::num';
    case 'null':
      return 'void';
  }
}

export function zeroOf(t: IrType): string {
  switch (t) {
    case 'int':
      return 'int64_t(0)';
    case 'float':
      return '0.0';
    case 'bool':
      return 'false';
    case 'num':
      return 'pv::num::of_int(0)';
    case 'null':
      return '';
  }
}

export function nativeName(fn: IrFunction): string {
  return `f${fn.index}_${sanitizeName(fn.lcName)}`;
}

export function localName(fn: IrFunction, id: number): string {
  const l = fn.locals[id];
  if (!l) throw new StageError('codegen', fn.regionKey, `unknown local ${id}`);
  return l.name === '' ? `t${id}` : `v_${sanitizeName(l.name)}_${id}`;
}

export function signatureOf(fn: IrFunction): string {
  const params = fn.params.map((id) => `${cppType(fn.locals[id]!.type)} ${localName(fn, id)}`);
  return `static ${cppType(fn.returnType)} ${nativeName(fn)}(pv::ctx &ctx${params.map((p) => ', ' + p).join('')})`;
}

interface LoopFrame {
  readonly label: number;
  needsBreakLabel: boolean;
  needsContinueLabel: boolean;
}

export function emitFunction(ir: IrModule, fn: IrFunction): string {
  return new FunctionEmitter(ir, fn).emit();
}

class FunctionEmitter {
  private readonly out: string[] = [];
  private readonly loops: LoopFrame[] = [];
  private labels = 0;
  private readonly bail: string;
  /** Locals that may hold a value computed after a DEOPT (see call_checked in runtime.h). */
  private readonly tainted: ReadonlySet<number>;

  constructor(private readonly ir: IrModule, private readonly fn: IrFunction) {
    this.tainted = taintedLocals(fn);
    const zero = zeroOf(fn.returnType);
    this.bail = `if (PV_UNLIKELY(ctx.deopt)) return${zero ? ' ' + zero : ''};`;
  }

  emit(): string {
    const fn = this.fn;
    this.out.push(`// PHP function #${fn.index}, line ${fn.line}`);
    this.out.push(`${signatureOf(fn)} {`);
    const zero = zeroOf(fn.returnType);
    this.out.push(`  if (PV_STACK_LOW(ctx)) {`, `    pv::set_deopt(ctx);`, `    return${zero ? ' ' + zero : ''};`, `  }`);
    for (const l of fn.locals) {
      if (l.isParam) continue;
      this.out.push(`  ${cppType(l.type)} ${localName(fn, l.id)} = ${zeroOf(l.type)};`);
    }
    this.stmts(fn.body, '  ');
    this.out.push('}');
    return this.out.join('\n');
  }

  private stmts(list: readonly IrStmt[], ind: string): void {
    for (const s of list) this.stmt(s, ind);
  }

  private stmt(s: IrStmt, ind: string): void {
    const o = this.out;
    switch (s.k) {
      case 'expr':
        o.push(`${ind}${this.expr(s.expr)};  // line ${s.line}`);
        return;
      case 'return':
        // No DEOPT check: the caller's entry and loop checks (and finally the kernel entry) see the sticky flag.
        o.push(s.value ? `${ind}return ${this.expr(s.value)};  // line ${s.line}` : `${ind}return;  // line ${s.line}`);
        return;
      case 'if':
        // A test computed from a value after a DEOPT picks an arbitrary branch, which is harmless: kernels are pure.
        o.push(`${ind}if (${this.expr(s.test)}) {  // line ${s.line}`);
        this.ifBody(s, ind);
        return;
      case 'loop':
        this.loop(s, ind);
        return;
      case 'break': {
        if (s.levels === 1) {
          o.push(`${ind}break;  // line ${s.line}`);
          return;
        }
        const target = this.loops[this.loops.length - s.levels]!;
        target.needsBreakLabel = true;
        o.push(`${ind}goto brk_${target.label};  // line ${s.line}`);
        return;
      }
      case 'continue': {
        const target = this.loops[this.loops.length - s.levels]!;
        target.needsContinueLabel = true;
        o.push(`${ind}goto cont_${target.label};  // line ${s.line}`);
        return;
      }
    }
  }

  private ifBody(s: Extract<IrStmt, { k: 'if' }>, ind: string): void {
    this.stmts(s.then, ind + '  ');
    if (s.else.length) {
      this.out.push(`${ind}} else {`);
      this.stmts(s.else, ind + '  ');
    }
    this.out.push(`${ind}}`);
  }

  /** Effect-only expressions (init, step, all but the last test). */
  private effects(list: readonly IrExpr[], ind: string, line: number): void {
    for (const e of list) this.out.push(`${ind}${this.expr(e)};  // line ${line}`);
  }

  private loopTest(s: Extract<IrStmt, { k: 'loop' }>, ind: string): void {
    const tests = s.test;
    if (tests.length === 0) return;
    this.effects(tests.slice(0, -1), ind, s.line);
    const last = tests[tests.length - 1]!;
    this.out.push(`${ind}if (!(${this.expr(last)})) break;`);
  }

  private loop(s: Extract<IrStmt, { k: 'loop' }>, ind: string): void {
    const frame: LoopFrame = { label: this.labels++, needsBreakLabel: false, needsContinueLabel: false };
    const inner = ind + '  ';
    this.effects(s.init, ind, s.line);
    this.out.push(`${ind}for (;;) {  // ${s.kind} loop, line ${s.line}`);
    // Once per iteration, so a loop whose bound was computed after a DEOPT stops at once.
    this.out.push(`${inner}${this.bail}`);
    if (s.kind !== 'do') this.loopTest(s, inner);
    this.loops.push(frame);
    // The body gets its own scope so a `goto cont_N` never jumps over an initialization.
    this.out.push(`${inner}{`);
    this.stmts(s.body, inner + '  ');
    this.out.push(`${inner}}`);
    this.loops.pop();
    if (frame.needsContinueLabel) this.out.push(`${inner}cont_${frame.label}:;`);
    if (s.kind === 'do') this.loopTest(s, inner);
    this.effects(s.step, inner, s.line);
    this.out.push(`${ind}}`);
    if (frame.needsBreakLabel) this.out.push(`${ind}brk_${frame.label}:;`);
  }

  // ---- expressions ----

  private expr(e: IrExpr): string {
    const x = (a: IrExpr) => this.expr(a);
    switch (e.k) {
      case 'const':
        return e.type === 'int' ? intLiteral(e.value) : e.type === 'float' ? floatLiteral(e.value) : e.value ? 'true' : 'false';
      case 'local':
        return localName(this.fn, e.id);
      case 'assign':
        return `(${localName(this.fn, e.id)} = ${x(e.value)})`;
      case 'incdec': {
        const v = localName(this.fn, e.id);
        const d = e.op === 'inc' ? 'int64_t(1)' : 'int64_t(-1)';
        if (e.type === 'int') return `pv::${e.prefix ? 'pre' : 'post'}_add_i(ctx, ${v}, ${d})`;
        if (e.type === 'num') return `pv::${e.prefix ? 'pre' : 'post'}_add_n(ctx, ${v}, ${d})`;
        if (e.type === 'float') return e.prefix ? `(${e.op === 'inc' ? '++' : '--'}${v})` : `(${v}${e.op === 'inc' ? '++' : '--'})`;
        throw this.bug(`incdec on ${e.type}`);
      }
      case 'unary':
        if (e.op === 'not') return `(!${x(e.arg)})`;
        if (e.type === 'int') return `pv::neg_i(ctx, ${x(e.arg)})`;
        // PHP compiles -$x as $x * -1: same result, including the sign of NAN.
        if (e.type === 'float') return `(${x(e.arg)} * -1.0)`;
        if (e.type === 'num') return `pv::neg_n(ctx, ${x(e.arg)})`;
        throw this.bug(`negation of ${e.type}`);
      case 'binary':
        return this.binary(e);
      case 'logical':
        return `(${x(e.left)} ${e.op === 'and' ? '&&' : e.op === 'or' ? '||' : '!='} ${x(e.right)})`;
      case 'cond':
        return `(${x(e.test)} ? ${x(e.then)} : ${x(e.else)})`;
      case 'convert':
        return this.convert(e.mode, e.arg.type, e.type, x(e.arg));
      case 'call': {
        const callee = this.ir.functions[e.callee];
        if (!callee) throw this.bug(`call of unknown function ${e.callee}`);
        const args = e.args.map((a) => ', ' + x(a)).join('');
        // Arguments that may come from after a DEOPT could start unbounded work: test the flag first.
        if (e.args.some((a) => isTainted(a, this.tainted))) return `pv::call_checked(ctx, &${nativeName(callee)}${args})`;
        return `${nativeName(callee)}(ctx${args})`;
      }
      case 'builtin':
        return this.builtin(e);
    }
  }

  private convert(mode: string, from: IrType, to: IrType, a: string): string {
    const key = `${mode}:${from}>${to}`;
    switch (key) {
      case 'widen:bool>int':
        return `int64_t(${a})`;
      case 'widen:int>float':
        return `double(${a})`;
      case 'widen:int>num':
        return `pv::num::of_int(${a})`;
      case 'widen:float>num':
        return `pv::num::of_dbl(${a})`;
      case 'widen:num>float':
        return `(${a}).as_double()`;
      case 'truthy:int>bool':
        return `(${a} != 0)`;
      case 'truthy:float>bool':
        return `(${a} != 0.0)`;
      case 'truthy:num>bool':
        return `(${a}).truthy()`;
      case 'cast:float>int':
        return `pv::dval_to_lval(${a})`;
      case 'cast:num>int':
        return `pv::num_to_int_cast(${a})`;
      case 'exact:float>int':
        return `pv::dval_to_lval_exact(ctx, ${a})`;
      case 'exact:num>int':
        return `pv::num_to_int_exact(ctx, ${a})`;
      default:
        throw this.bug(`no conversion ${key}`);
    }
  }

  private binary(e: Extract<IrExpr, { k: 'binary' }>): string {
    const a = this.expr(e.left);
    const b = this.expr(e.right);
    const t = e.opType;
    const infix = (op: string) => `(${a} ${op} ${b})`;
    switch (e.op) {
      case 'add':
      case 'sub':
      case 'mul': {
        const sym = e.op === 'add' ? '+' : e.op === 'sub' ? '-' : '*';
        if (t === 'float') return infix(sym);
        if (t === 'int') return e.noOverflow ? infix(sym) : `pv::${e.op}_i(ctx, ${a}, ${b})`;
        if (t === 'num') return `pv::${e.op}_n(ctx, ${a}, ${b})`;
        break;
      }
      case 'div':
        if (t === 'int') return `pv::div_i(ctx, ${a}, ${b})`;
        if (t === 'float') return `pv::div_d(ctx, ${a}, ${b})`;
        if (t === 'num') return `pv::div_n(ctx, ${a}, ${b})`;
        break;
      case 'mod':
        if (t === 'int') return `pv::mod_i(ctx, ${a}, ${b})`;
        break;
      case 'pow':
        if (t === 'int' || t === 'float' || t === 'num') return `pv::pow_${t[0]}(${a}, ${b})`;
        break;
      case 'eq':
      case 'ne':
        if (t === 'num') return `${e.op === 'ne' ? '!' : ''}pv::eq_n(${a}, ${b})`;
        if (t === 'int' || t === 'float' || t === 'bool') return infix(e.op === 'eq' ? '==' : '!=');
        break;
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge': {
        if (t === 'num') {
          const fn = e.op === 'lt' || e.op === 'gt' ? 'lt_n' : 'le_n';
          return e.op === 'lt' || e.op === 'le' ? `pv::${fn}(${a}, ${b})` : `pv::${fn}(${b}, ${a})`;
        }
        if (t === 'int' || t === 'float' || t === 'bool') return infix({ lt: '<', le: '<=', gt: '>', ge: '>=' }[e.op]);
        break;
      }
      case 'cmp':
        if (t === 'int' || t === 'float' || t === 'bool' || t === 'num') return `pv::cmp_${t === 'float' ? 'd' : t[0]}(${a}, ${b})`;
        break;
      case 'ident':
      case 'nident': {
        const neg = e.op === 'nident';
        if (t === 'null') return `pv::${neg ? 'always_true' : 'always_false'}(${a}, ${b})`;
        if (t === 'num') return `${neg ? '!' : ''}pv::ident_n(${a}, ${b})`;
        return infix(neg ? '!=' : '==');
      }
    }
    throw this.bug(`no ${e.op} on ${t}`);
  }

  private builtin(e: Extract<IrExpr, { k: 'builtin' }>): string {
    const args = e.args.map((a) => this.expr(a));
    const [a, b] = args;
    const t = e.opType;
    const sfx = t === 'int' ? 'i' : t === 'float' ? 'd' : 'n';
    switch (e.name) {
      case 'abs':
        return t === 'float' ? `std::fabs(${a})` : `pv::abs_${sfx}(ctx, ${a})`;
      case 'min':
      case 'max':
        return `pv::${e.name}_${sfx}(${a}, ${b})`;
      case 'sqrt':
      case 'floor':
      case 'ceil':
      case 'fmod':
        return `std::${e.name}(${args.join(', ')})`;
      case 'round':
        return `pv::round_${sfx}(${a}, ${b ?? 'int64_t(0)'})`;
      case 'intdiv':
        return `pv::intdiv_i(ctx, ${a}, ${b})`;
      case 'pi':
        return floatLiteral(Math.PI);
      case 'pow':
        return `pv::pow_${sfx}(${a}, ${b})`;
      case 'is_int':
        return t === 'num' ? `(${a}).is_int` : `pv::${t === 'int' ? 'always_true' : 'always_false'}(${a})`;
      case 'is_float':
        return t === 'num' ? `(!(${a}).is_int)` : `pv::${t === 'float' ? 'always_true' : 'always_false'}(${a})`;
      case 'is_nan':
        return `std::isnan(${a})`;
      case 'is_infinite':
        return `std::isinf(${a})`;
      case 'is_finite':
        return `std::isfinite(${a})`;
    }
  }

  private bug(msg: string): StageError {
    return new StageError('codegen', this.fn.regionKey, msg);
  }
}

/** Whether evaluating `e` can set ctx.deopt (checked ops, calls, exact conversions). */
export function mayDeopt(e: IrExpr): boolean {
  switch (e.k) {
    case 'const':
    case 'local':
      return false;
    case 'assign':
      return mayDeopt(e.value);
    case 'incdec':
      return e.type !== 'float';
    case 'unary':
      return (e.op === 'neg' && e.type !== 'float') || mayDeopt(e.arg);
    case 'binary': {
      const own =
        ((e.op === 'add' || e.op === 'sub' || e.op === 'mul') && e.opType !== 'float' && !e.noOverflow) || e.op === 'div' || e.op === 'mod';
      return own || mayDeopt(e.left) || mayDeopt(e.right);
    }
    case 'logical':
      return mayDeopt(e.left) || mayDeopt(e.right);
    case 'cond':
      return mayDeopt(e.test) || mayDeopt(e.then) || mayDeopt(e.else);
    case 'convert':
      return e.mode === 'exact' || mayDeopt(e.arg);
    case 'call':
      return true;
    case 'builtin':
      return ((e.name === 'abs' && e.opType !== 'float') || e.name === 'intdiv') || e.args.some(mayDeopt);
  }
}

/** Whether `e` may yield a value computed after a DEOPT: it has a fallible part or reads such a local. */
export function isTainted(e: IrExpr, tainted: ReadonlySet<number>): boolean {
  if (mayDeopt(e)) return true;
  const reads = new Set<number>();
  effectsOf(e, reads, new Set());
  for (const id of reads) if (tainted.has(id)) return true;
  return false;
}

/** Fixed point: a local is tainted when some assignment or ++/-- to it may be. */
export function taintedLocals(fn: IrFunction): Set<number> {
  const tainted = new Set<number>();
  const visitExpr = (e: IrExpr): boolean => {
    let grew = false;
    const walk = (x: IrExpr): void => {
      switch (x.k) {
        case 'assign':
          walk(x.value);
          if (!tainted.has(x.id) && isTainted(x.value, tainted)) {
            tainted.add(x.id);
            grew = true;
          }
          return;
        case 'incdec':
          if (x.type !== 'float' && !tainted.has(x.id)) {
            tainted.add(x.id);
            grew = true;
          }
          return;
        case 'unary':
        case 'convert':
          return walk(x.arg);
        case 'binary':
        case 'logical':
          walk(x.left);
          return walk(x.right);
        case 'cond':
          walk(x.test);
          walk(x.then);
          return walk(x.else);
        case 'call':
        case 'builtin':
          return x.args.forEach(walk);
        default:
          return;
      }
    };
    walk(e);
    return grew;
  };
  const visit = (list: readonly IrStmt[]): boolean => {
    let grew = false;
    for (const s of list) {
      if (s.k === 'expr') grew = visitExpr(s.expr) || grew;
      else if (s.k === 'return' && s.value) grew = visitExpr(s.value) || grew;
      else if (s.k === 'if') grew = [visitExpr(s.test), visit(s.then), visit(s.else)].some(Boolean) || grew;
      else if (s.k === 'loop') grew = [...[...s.init, ...s.test, ...s.step].map(visitExpr), visit(s.body)].some(Boolean) || grew;
    }
    return grew;
  };
  while (visit(fn.body)) {
    // until no local joins the set
  }
  return tainted;
}
