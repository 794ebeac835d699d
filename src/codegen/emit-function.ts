// Emits one IR function as a static native C++ function with typed parameters and named locals.
import { StageError } from '../core/declined.ts';
import type { IrExpr, IrFunction, IrModule, IrStmt, IrType } from '../frontend/types.ts';
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

/**
 * The host's stack limit, threaded by value through every native call (see PV_CHECK_STACK in
 * runtime.h for why not through a pointer or a thread_local). Cannot clash with a local: those
 * are `v_…` and `t<n>`, hoisted temporaries `s<n>`.
 */
export const STACK_LIMIT = 'pv_sl';

export function signatureOf(fn: IrFunction): string {
  const params = fn.params.map((id) => `${cppType(fn.locals[id]!.type)} ${localName(fn, id)}`);
  return `static ${cppType(fn.returnType)} ${nativeName(fn)}(const char *${STACK_LIMIT}${params.map((p) => ', ' + p).join('')})`;
}

interface LoopFrame {
  readonly label: number;
  needsBreakLabel: boolean;
  needsContinueLabel: boolean;
}

/**
 * Temporaries an expression hoists so its parts run in PHP's left-to-right order (C++ leaves the
 * order of operands and arguments unspecified). At statement level they become `const` locals
 * before the statement; inside a conditional part (right of && / ||, ternary branches) they are
 * assigned in a comma expression to locals declared at the top of the function.
 */
interface Seq {
  readonly inline: boolean;
  readonly items: { readonly name: string; readonly type: IrType; readonly code: string }[];
}

export function emitFunction(ir: IrModule, fn: IrFunction): string {
  return new FunctionEmitter(ir, fn).emit();
}

class FunctionEmitter {
  private readonly out: string[] = [];
  private readonly loops: LoopFrame[] = [];
  private labels = 0;
  private temps = 0;
  /** Temporaries of conditional parts, declared with the locals. */
  private readonly predeclared: { readonly name: string; readonly type: IrType }[] = [];

  constructor(private readonly ir: IrModule, private readonly fn: IrFunction) {}

  emit(): string {
    const fn = this.fn;
    this.stmts(fn.body, '  ');
    const head = [`// PHP function #${fn.index}, line ${fn.line}`, `${signatureOf(fn)} {`, `  PV_CHECK_STACK(${STACK_LIMIT});`];
    for (const l of fn.locals) {
      if (l.isParam) continue;
      head.push(`  ${cppType(l.type)} ${localName(fn, l.id)} = ${zeroOf(l.type)};`);
    }
    for (const t of this.predeclared) head.push(`  ${cppType(t.type)} ${t.name} = ${zeroOf(t.type)};`);
    return [...head, ...this.out, '}'].join('\n');
  }

  private stmts(list: readonly IrStmt[], ind: string): void {
    for (const s of list) this.stmt(s, ind);
  }

  /** Emits the hoisted temporaries of a statement-level expression, then returns its code. */
  private top(e: IrExpr, ind: string, line: number): string {
    const seq: Seq = { inline: false, items: [] };
    const code = e.k === 'assign' ? `${localName(this.fn, e.id)} = ${bare(this.expr(e.value, seq))}` : this.expr(e, seq);
    for (const t of seq.items) this.out.push(`${ind}const ${cppType(t.type)} ${t.name} = ${bare(t.code)};  // line ${line}`);
    return code;
  }

  private stmt(s: IrStmt, ind: string): void {
    const o = this.out;
    switch (s.k) {
      case 'expr':
        o.push(`${ind}${bare(this.top(s.expr, ind, s.line))};  // line ${s.line}`);
        return;
      case 'return':
        if (!s.value) o.push(`${ind}return;  // line ${s.line}`);
        else this.ret(s.value, ind, s.line);
        return;
      case 'if': {
        o.push(`${ind}if (${bare(this.top(s.test, ind, s.line))}) {  // line ${s.line}`);
        this.stmts(s.then, ind + '  ');
        if (s.else.length) {
          o.push(`${ind}} else {`);
          this.stmts(s.else, ind + '  ');
        }
        o.push(`${ind}}`);
        return;
      }
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

  /**
   * `return c ? a : b` becomes `if (c) return a; return b;`: the same evaluation, but g++ then
   * inlines and tail-calls each branch on its own (fib written with the ternary ran 1.6x slower).
   */
  private ret(value: IrExpr, ind: string, line: number): void {
    if (value.k === 'cond') {
      this.out.push(`${ind}if (${bare(this.top(value.test, ind, line))}) {  // line ${line}`);
      this.ret(value.then, ind + '  ', line);
      this.out.push(`${ind}}`);
      this.ret(value.else, ind, line);
      return;
    }
    this.out.push(`${ind}return ${bare(this.top(value, ind, line))};  // line ${line}`);
  }

  /** Effect-only expressions (init, step, all but the last test). */
  private effects(list: readonly IrExpr[], ind: string, line: number): void {
    for (const e of list) this.out.push(`${ind}${bare(this.top(e, ind, line))};  // line ${line}`);
  }

  private loopTest(s: Extract<IrStmt, { k: 'loop' }>, ind: string): void {
    const tests = s.test;
    if (tests.length === 0) return;
    this.effects(tests.slice(0, -1), ind, s.line);
    const last = tests[tests.length - 1]!;
    this.out.push(`${ind}if (!(${bare(this.top(last, ind, s.line))})) break;`);
  }

  private loop(s: Extract<IrStmt, { k: 'loop' }>, ind: string): void {
    const frame: LoopFrame = { label: this.labels++, needsBreakLabel: false, needsContinueLabel: false };
    const inner = ind + '  ';
    this.effects(s.init, ind, s.line);
    this.out.push(`${ind}for (;;) {  // ${s.kind} loop, line ${s.line}`);
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

  private hoist(type: IrType, code: string, seq: Seq): string {
    const name = `s${this.temps++}`;
    seq.items.push({ name, type, code });
    if (seq.inline) this.predeclared.push({ name, type });
    return name;
  }

  /**
   * Operands in PHP's order where it matters: a part that may throw (see mayThrow) and precedes a
   * part containing a call is evaluated first into a temporary; otherwise the call could run (for
   * very long, or forever) where PHP has already thrown. Any other part may run in whatever order
   * g++ picks: it cannot throw, only DEOPT (and a DEOPT anywhere means PHP re-runs everything),
   * and the frontend declines operands that write a local another operand touches. Hoisting only
   * where needed matters for speed: a check pinned before a call cost Ackermann 20%.
   */
  private ordered(parts: readonly IrExpr[], seq: Seq): string[] {
    let lastCall = -1;
    parts.forEach((p, i) => {
      if (hasCall(p)) lastCall = i;
    });
    return parts.map((p, i) => {
      const code = this.expr(p, seq);
      return i < lastCall && mayThrow(p) ? this.hoist(p.type, code, seq) : code;
    });
  }

  /** A part evaluated only on some paths: its temporaries go into a comma expression. */
  private conditional(e: IrExpr): string {
    const seq: Seq = { inline: true, items: [] };
    const code = this.expr(e, seq);
    if (seq.items.length === 0) return code;
    return `(${seq.items.map((t) => `${t.name} = ${bare(t.code)}`).join(', ')}, ${code})`;
  }

  private expr(e: IrExpr, seq: Seq): string {
    switch (e.k) {
      case 'const':
        return e.type === 'int' ? intLiteral(e.value) : e.type === 'float' ? floatLiteral(e.value) : e.value ? 'true' : 'false';
      case 'local':
        return localName(this.fn, e.id);
      case 'assign':
        return `(${localName(this.fn, e.id)} = ${bare(this.expr(e.value, seq))})`;
      case 'incdec': {
        const v = localName(this.fn, e.id);
        const d = e.op === 'inc' ? 'int64_t(1)' : 'int64_t(-1)';
        if (e.type === 'int') return `pv::${e.prefix ? 'pre' : 'post'}_add_i(${v}, ${d})`;
        if (e.type === 'num') return `pv::${e.prefix ? 'pre' : 'post'}_add_n(${v}, ${d})`;
        if (e.type === 'float') return e.prefix ? `(${e.op === 'inc' ? '++' : '--'}${v})` : `(${v}${e.op === 'inc' ? '++' : '--'})`;
        throw this.bug(`incdec on ${e.type}`);
      }
      case 'unary': {
        const a = this.expr(e.arg, seq);
        if (e.op === 'not') return `(!${a})`;
        if (e.op === 'bnot' && e.type === 'int') return `(~${a})`;
        if (e.type === 'int') return `pv::neg_i(${bare(a)})`;
        // PHP compiles -$x as $x * -1: same result, including the sign of NAN.
        if (e.type === 'float') return `(${a} * -1.0)`;
        if (e.type === 'num') return `pv::neg_n(${bare(a)})`;
        throw this.bug(`negation of ${e.type}`);
      }
      case 'binary':
        return this.binary(e, seq);
      case 'logical': {
        if (e.op === 'xor') {
          const [a, b] = this.ordered([e.left, e.right], seq);
          return `(${a} != ${b})`;
        }
        return `(${this.expr(e.left, seq)} ${e.op === 'and' ? '&&' : '||'} ${this.conditional(e.right)})`;
      }
      case 'cond':
        return `(${this.expr(e.test, seq)} ? ${this.conditional(e.then)} : ${this.conditional(e.else)})`;
      case 'convert':
        return this.convert(e.mode, e.arg.type, e.type, this.expr(e.arg, seq));
      case 'call': {
        const callee = this.ir.functions[e.callee];
        if (!callee) throw this.bug(`call of unknown function ${e.callee}`);
        const args = this.ordered(e.args, seq).map((a) => ', ' + bare(a));
        return `${nativeName(callee)}(${STACK_LIMIT}${args.join('')})`;
      }
      case 'builtin':
        return this.builtin(e, seq);
    }
  }

  private convert(mode: string, from: IrType, to: IrType, a: string): string {
    const key = `${mode}:${from}>${to}`;
    switch (key) {
      case 'widen:bool>int':
        return `int64_t(${bare(a)})`;
      case 'widen:int>float':
        return `double(${bare(a)})`;
      case 'widen:int>num':
        return `pv::num::of_int(${bare(a)})`;
      case 'widen:float>num':
        return `pv::num::of_dbl(${bare(a)})`;
      case 'widen:num>float':
        return `(${a}).as_double()`;
      case 'truthy:int>bool':
        return `(${a} != 0)`;
      case 'truthy:float>bool':
        return `(${a} != 0.0)`;
      case 'truthy:num>bool':
        return `(${a}).truthy()`;
      case 'cast:float>int':
        return `pv::dval_to_lval(${bare(a)})`;
      case 'cast:num>int':
        return `pv::num_to_int_cast(${bare(a)})`;
      case 'exact:float>int':
        return `pv::dval_to_lval_exact(${bare(a)})`;
      case 'exact:num>int':
        return `pv::num_to_int_exact(${bare(a)})`;
      default:
        throw this.bug(`no conversion ${key}`);
    }
  }

  private binary(e: Extract<IrExpr, { k: 'binary' }>, seq: Seq): string {
    const [a, b] = this.ordered([e.left, e.right], seq) as [string, string];
    const t = e.opType;
    const infix = (op: string) => `(${a} ${op} ${b})`;
    const call = (fn: string, x = a, y = b) => `pv::${fn}(${bare(x)}, ${bare(y)})`;
    switch (e.op) {
      case 'add':
      case 'sub':
      case 'mul': {
        const sym = e.op === 'add' ? '+' : e.op === 'sub' ? '-' : '*';
        if (t === 'float') return infix(sym);
        if (t === 'int') return e.noOverflow ? infix(sym) : call(`${e.op}_i`);
        if (t === 'num') return call(`${e.op}_n`);
        break;
      }
      case 'div':
        if (t === 'int' || t === 'float' || t === 'num') return call(`div_${t === 'float' ? 'd' : t[0]}`);
        break;
      case 'mod':
        if (t === 'int') return call('mod_i');
        break;
      case 'shl':
      case 'shr':
        if (t === 'int') return call(`${e.op}_i`);
        break;
      case 'band':
      case 'bor':
      case 'bxor':
        if (t === 'int') return infix({ band: '&', bor: '|', bxor: '^' }[e.op]);
        break;
      case 'pow':
        if (t === 'int' || t === 'float' || t === 'num') return call(`pow_${t === 'float' ? 'd' : t[0]}`);
        break;
      case 'eq':
      case 'ne':
        if (t === 'num') return `${e.op === 'ne' ? '!' : ''}${call('eq_n')}`;
        if (t === 'int' || t === 'float' || t === 'bool') return infix(e.op === 'eq' ? '==' : '!=');
        break;
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge': {
        if (t === 'num') {
          const fn = e.op === 'lt' || e.op === 'gt' ? 'lt_n' : 'le_n';
          return e.op === 'lt' || e.op === 'le' ? call(fn) : call(fn, b, a);
        }
        if (t === 'int' || t === 'float' || t === 'bool') return infix({ lt: '<', le: '<=', gt: '>', ge: '>=' }[e.op]);
        break;
      }
      case 'cmp':
        if (t === 'int' || t === 'float' || t === 'bool' || t === 'num') return call(`cmp_${t === 'float' ? 'd' : t[0]}`);
        break;
      case 'ident':
      case 'nident': {
        const neg = e.op === 'nident';
        if (t === 'null') return call(neg ? 'always_true' : 'always_false');
        if (t === 'num') return `${neg ? '!' : ''}${call('ident_n')}`;
        return infix(neg ? '!=' : '==');
      }
    }
    throw this.bug(`no ${e.op} on ${t}`);
  }

  private builtin(e: Extract<IrExpr, { k: 'builtin' }>, seq: Seq): string {
    const args = this.ordered(e.args, seq).map(bare);
    const [a, b] = args;
    const t = e.opType;
    const sfx = t === 'int' ? 'i' : t === 'float' ? 'd' : 'n';
    switch (e.name) {
      case 'abs':
        return t === 'float' ? `std::fabs(${a})` : `pv::abs_${sfx}(${a})`;
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
        return `pv::intdiv_i(${a}, ${b})`;
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

/** `(x)` → `x` when the parentheses enclose the whole text, for readable statements and arguments. */
export function bare(code: string): string {
  if (!code.startsWith('(') || !code.endsWith(')')) return code;
  let depth = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    if (depth === 0 && i < code.length - 1) return code;
  }
  return code.slice(1, -1);
}

/**
 * Whether evaluating `e` may make PHP throw, or stop at a diagnostic a user error handler can turn
 * into an exception: division and modulo (by zero), intdiv, shifts (by a negative count), the
 * implicit float→int conversions PHP warns about, and calls (of code that may do any of these). Int overflow is not among them:
 * PHP goes on with a float there, so evaluating later operands first changes nothing observable.
 */
export function mayThrow(e: IrExpr): boolean {
  switch (e.k) {
    case 'const':
    case 'local':
    case 'incdec':
      return false;
    case 'assign':
      return mayThrow(e.value);
    case 'unary':
      return mayThrow(e.arg);
    case 'binary':
      return e.op === 'div' || e.op === 'mod' || (isShift(e.op) && !isNonNegConst(e.right)) || mayThrow(e.left) || mayThrow(e.right);
    case 'logical':
      return mayThrow(e.left) || mayThrow(e.right);
    case 'cond':
      return mayThrow(e.test) || mayThrow(e.then) || mayThrow(e.else);
    case 'convert':
      return e.mode === 'exact' || mayThrow(e.arg);
    case 'call':
      return true;
    case 'builtin':
      return e.name === 'intdiv' || e.args.some(mayThrow);
  }
}

const isShift = (op: string): boolean => op === 'shl' || op === 'shr';
const isNonNegConst = (e: IrExpr): boolean => e.k === 'const' && e.type === 'int' && e.value >= 0n;

/** Whether `e` contains a call of a module function (the only thing whose run time is unbounded). */
export function hasCall(e: IrExpr): boolean {
  switch (e.k) {
    case 'const':
    case 'local':
    case 'incdec':
      return false;
    case 'assign':
    case 'unary':
    case 'convert':
      return hasCall(e.k === 'assign' ? e.value : e.arg);
    case 'binary':
    case 'logical':
      return hasCall(e.left) || hasCall(e.right);
    case 'cond':
      return hasCall(e.test) || hasCall(e.then) || hasCall(e.else);
    case 'call':
      return true;
    case 'builtin':
      return e.args.some(hasCall);
  }
}
