// Emits one IR function as a static native C++ function with typed parameters and named locals.
import { StageError } from '../core/declined.ts';
import { classOfType, elemType, isArrayType, isObjectType, type IrExpr, type IrFunction, type IrModule, type IrStmt, type IrType } from '../frontend/types.ts';
import { childrenOf, someExpr } from '../passes/map-ir.ts';
import { floatLiteral, intLiteral, sanitizeName, strLiteral } from './cpp-literals.ts';
import { classStruct, cppType, isTrivialType, zeroOf } from './cpp-types.ts';
import { newOf, propGet, propMut, propSet, propSlot } from './emit-classes.ts';
import { emitBuiltin } from './emit-builtin.ts';
import { slotGet, slotMut, slotSet } from './emit-world.ts';
import type { ModuleFacts } from './module-facts.ts';

export { cppType, zeroOf } from './cpp-types.ts';

/** A construct this code generator cannot emit exactly: emitCpp turns it into a Declined. */
export class Unsupported extends Error {}

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

/** The context parameter's name (cannot clash: locals are `v_…`, `t<n>`, `s<n>`). */
export const CTX = 'cx';

/**
 * By-reference parameters are C++ references; a string, array or tagged parameter the function
 * never writes is taken by const reference (no copy of a PHP by-value argument is needed then).
 */
export function signatureOf(fn: IrFunction, facts?: ModuleFacts): string {
  const written = facts?.written[fn.index];
  const params = fn.params.map((id) => {
    const l = fn.locals[id]!;
    const t = cppType(l.type);
    if (l.byRef) return `${t} &${localName(fn, id)}`;
    if (!isTrivialType(l.type) && written && !written.has(id)) return `const ${t} &${localName(fn, id)}`;
    return `${t} ${localName(fn, id)}`;
  });
  const cx = facts?.ctx[fn.index] ? `, ${facts.ctxType} &${CTX}` : '';
  return `static ${cppType(fn.returnType)} ${nativeName(fn)}(const char *${STACK_LIMIT}${cx}${params.map((p) => ', ' + p).join('')})`;
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

export function emitFunction(ir: IrModule, fn: IrFunction, facts: ModuleFacts): string {
  return new FunctionEmitter(ir, fn, facts).emit();
}

/** A constant expression (a property default: literals, arrays of literals) as C++, outside any function. */
export function emitConstant(ir: IrModule, e: IrExpr, facts: ModuleFacts): string {
  const none: IrFunction = { index: -1, regionKey: ir.rootKey, name: '', lcName: '', sourceSha256: '', exported: false, paramTypes: [], params: [], locals: [], returnType: 'null', line: 0, body: [] };
  return new FunctionEmitter(ir, none, facts).constant(e);
}

class FunctionEmitter {
  private readonly out: string[] = [];
  private readonly loops: LoopFrame[] = [];
  private labels = 0;
  private temps = 0;
  /** While elemUpdate emits its value: the element read that `slot` replaces. */
  private subst: { readonly node: IrExpr; readonly code: string } | null = null;
  /** Temporaries of conditional parts, declared with the locals. */
  private readonly predeclared: { readonly name: string; readonly type: IrType }[] = [];

  constructor(
    private readonly ir: IrModule,
    private readonly fn: IrFunction,
    private readonly facts: ModuleFacts,
  ) {}

  emit(): string {
    const fn = this.fn;
    this.stmts(fn.body, '  ');
    const head = [`// PHP function #${fn.index}, line ${fn.line}`, `${signatureOf(fn, this.facts)} {`, `  PV_CHECK_STACK(${STACK_LIMIT});`];
    for (const l of fn.locals) {
      // `global $x` sits at the top of its function (the frontend declines it elsewhere): entering
      // the function binds the global, which creates it in PHP (see emit-world.ts checkBound).
      if (l.world !== undefined && this.ir.world[l.world]?.kind === 'global') head.push(`  ${CTX}.w${l.world}_bound = true;`);
      // Parameters arrive as arguments; globals and statics live in the context.
      if (l.isParam || l.world !== undefined) continue;
      head.push(isTrivialType(l.type) ? `  ${cppType(l.type)} ${localName(fn, l.id)} = ${zeroOf(l.type)};` : `  ${cppType(l.type)} ${localName(fn, l.id)};`);
    }
    for (const t of this.predeclared) head.push(isTrivialType(t.type) ? `  ${cppType(t.type)} ${t.name} = ${zeroOf(t.type)};` : `  ${cppType(t.type)} ${t.name};`);
    return [...head, ...this.out, '}'].join('\n');
  }

  constant(e: IrExpr): string {
    const seq: Seq = { inline: false, items: [] };
    const code = this.expr(e, seq);
    if (seq.items.length > 0 || this.predeclared.length > 0) throw new Unsupported('property default that is not a constant expression');
    return bare(code);
  }

  private stmts(list: readonly IrStmt[], ind: string): void {
    for (const s of list) this.stmt(s, ind);
  }

  /** Emits the hoisted temporaries of a statement-level expression, then returns its code. */
  private top(e: IrExpr, ind: string, line: number): string {
    const seq: Seq = { inline: false, items: [] };
    const code = e.k === 'assign' ? this.assignCode(e, seq) : e.k === 'elem_assign' ? (this.elemUpdate(e, seq) ?? this.elemAssign(e, seq, false)) : this.expr(e, seq);
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
      case 'echo':
        // One statement per argument: PHP prints each before evaluating the next.
        for (const a of s.args) o.push(`${ind}pv::echo(${CTX}, ${bare(this.top(a, ind, s.line))});  // line ${s.line}`);
        return;
      case 'foreach':
        this.foreach(s, ind);
        return;
      case 'unset':
        this.unset(s, ind);
        return;
    }
  }

  /**
   * foreach by value iterates a snapshot: a copy of the array value (a refcount bump), so writes
   * to the subject inside the body separate it and never disturb the iteration.
   */
  private foreach(s: Extract<IrStmt, { k: 'foreach' }>, ind: string): void {
    const subjectType = s.subject.type;
    if (!isArrayType(subjectType)) throw new Unsupported(`foreach over ${subjectType}`);
    const frame: LoopFrame = { label: this.labels++, needsBreakLabel: false, needsContinueLabel: false };
    const inner = ind + '  ';
    const it = `it${frame.label}`;
    const subject = this.top(s.subject, ind, s.line);
    // The iterator holds its own copy of the array value: the snapshot.
    this.out.push(`${ind}{  // foreach, line ${s.line}`);
    this.out.push(`${inner}for (auto ${it} = ${subject}.iter(); ${it}.valid(); ${it}.next()) {`);
    const elem = elemType(subjectType);
    if (s.keyId !== null) {
      const kt = this.fn.locals[s.keyId]!.type;
      // A key of the other kind than the local's type: the types the kernel was built on no longer hold.
      const key =
        kt === 'int' ? `(${it}.key_is_str() ? (pv::deopt(), int64_t(0)) : ${it}.key_int())`
        : kt === 'string' ? `(${it}.key_is_str() ? ${it}.key_str() : (pv::deopt(), ${it}.key_str()))`
        : kt === 'mixed' ? `${it}.key_val()`
        : undefined;
      if (!key) throw new Unsupported(`foreach key of type ${kt}`);
      this.out.push(`${inner}  ${this.store(s.keyId, key)};`);
    }
    const vt = this.fn.locals[s.valueId]!.type;
    this.out.push(`${inner}  ${this.store(s.valueId, coerce(loadStored(`${it}.value()`, elem), elem, vt))};`);
    this.loops.push(frame);
    this.out.push(`${inner}  {`);
    this.stmts(s.body, inner + '    ');
    this.out.push(`${inner}  }`);
    this.loops.pop();
    if (frame.needsContinueLabel) this.out.push(`${inner}  cont_${frame.label}:;`);
    this.out.push(`${inner}}`, `${ind}}`);
    if (frame.needsBreakLabel) this.out.push(`${ind}brk_${frame.label}:;`);
  }

  /** unset($a[k1]…[kn]): a missing intermediate key means there is nothing to remove, as in PHP. */
  private unset(s: Extract<IrStmt, { k: 'unset' }>, ind: string): void {
    const seq: Seq = { inline: false, items: [] };
    // Each key appears twice below (the existence test and the write): evaluated once, first.
    const keys = s.path.map((k) => (k.k === 'const' || k.k === 'local' ? this.expr(k, seq) : this.hoist(k.type, this.expr(k, seq), seq)));
    for (const t of seq.items) this.out.push(`${ind}const ${cppType(t.type)} ${t.name} = ${bare(t.code)};  // line ${s.line}`);
    let t = this.fn.locals[s.id]!.type;
    let base = this.lvalue(s.id);
    const conds: string[] = [];
    for (let i = 0; i < keys.length - 1; i++) {
      if (!isArrayType(t)) throw new Unsupported(`unset below a ${t} element`);
      conds.push(`${base}.exists(${bare(keys[i]!)})`);
      base = `${base}.at_mut(${bare(keys[i]!)})`;
      t = elemType(t);
    }
    if (!isArrayType(t)) throw new Unsupported(`unset in a ${t}`);
    const call = `${base}.unset(${bare(keys[keys.length - 1]!)});  // line ${s.line}`;
    if (conds.length === 0) {
      this.out.push(`${ind}${call}`);
      return;
    }
    // Each level is tested before it is entered (at_mut of a missing key would DEOPT); && runs
    // `a.at_mut(k1).exists(k2)` only where `a.exists(k1)` held.
    this.out.push(`${ind}if (${conds.join(' && ')}) {`, `${ind}  ${call}`, `${ind}}`);
  }

  /** A C++ lvalue for local `id` being changed in place (world slots are marked written). */
  private lvalue(id: number): string {
    const l = this.fn.locals[id]!;
    return l.world !== undefined ? `${slotMut(l.world)}(${CTX})` : localName(this.fn, id);
  }

  /** `local = code` as C++ (world slots through their setter, which records the write). */
  private store(id: number, code: string): string {
    const l = this.fn.locals[id]!;
    return l.world !== undefined ? `${slotSet(l.world)}(${CTX}) = ${bare(code)}` : `${localName(this.fn, id)} = ${bare(code)}`;
  }

  /** Statement-level `$x = v`, and `$s = $s . a . b` as appends to $s when no later part reads it. */
  private assignCode(e: Extract<IrExpr, { k: 'assign' }>, seq: Seq): string {
    const v = e.value;
    const l = this.fn.locals[e.id]!;
    if (v.k === 'concat' && l.world === undefined && v.parts.length >= 2) {
      const [first, ...rest] = v.parts;
      if (first!.k === 'local' && first!.id === e.id && !rest.some((p) => someExpr(p, (x) => 'id' in x && x.id === e.id))) {
        const parts = this.ordered(rest, seq);
        const name = localName(this.fn, e.id);
        // Not `(s += a) += b`: C++17 evaluates b first there. cat_to appends in place (no temporary
        // string); its arguments follow the `ordered` rule like any call's.
        return parts.length === 1 ? `${name} += ${bare(parts[0]!)}` : `pv::cat_to(${name}, ${parts.map(bare).join(', ')})`;
      }
    }
    return this.store(e.id, this.expr(v, seq));
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
    if (this.subst !== null && e === this.subst.node) return this.subst.code;
    switch (e.k) {
      case 'const':
        if (e.type === 'string') return strLiteral(e.value);
        return e.type === 'int' ? intLiteral(e.value) : e.type === 'float' ? floatLiteral(e.value) : e.value ? 'true' : 'false';
      case 'null':
        return 'pv::Val()';
      case 'local': {
        const w = this.fn.locals[e.id]?.world;
        return w !== undefined ? `${slotGet(w)}(${CTX})` : localName(this.fn, e.id);
      }
      case 'assign':
        return `(${this.store(e.id, this.expr(e.value, seq))})`;
      case 'incdec': {
        const v = this.lvalue(e.id);
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
        if (e.op === 'neg' && e.type === 'mixed') return `pv::neg(${bare(a)})`;
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
        const byRef = callee.params.map((id) => callee.locals[id]!.byRef === true);
        // A by-reference argument is the caller's variable itself (a C++ reference to it).
        const args = this.ordered(e.args, seq).map((a, i) => {
          if (!byRef[i]) return ', ' + bare(a);
          const arg = e.args[i]!;
          if (arg.k !== 'local') throw new Unsupported('by-reference argument that is not a variable');
          return ', ' + this.lvalue(arg.id);
        });
        const cx = this.facts.ctx[callee.index] ? `, ${CTX}` : '';
        return `${nativeName(callee)}(${STACK_LIMIT}${cx}${args.join('')})`;
      }
      case 'builtin':
        return this.builtin(e, seq);
      case 'constant': {
        const w = this.ir.world.findIndex((s) => s.kind === 'constant' && s.name === e.name);
        if (w < 0) throw this.bug(`constant without a world slot`);
        return `${slotGet(w)}(${CTX})`;
      }
      case 'print':
        return `(pv::echo(${CTX}, ${bare(this.expr(e.arg, seq))}), int64_t(1))`;
      case 'concat': {
        const parts = this.ordered(e.parts, seq).map(bare);
        return parts.length === 1 ? parts[0]! : `pv::cat(${parts.join(', ')})`;
      }
      case 'array':
        return this.arrayLiteral(e, seq);
      case 'index': {
        const [base, key] = this.ordered([e.base, e.key], seq);
        if (!isArrayType(e.base.type)) throw new Unsupported(`index on ${e.base.type}`);
        return loadStored(`${base}.get(${bare(key!)})`, elemType(e.base.type));
      }
      case 'str_index': {
        const [base, index] = this.ordered([e.base, e.index], seq);
        return `pv::str_offset(${bare(base!)}, ${bare(index!)})`;
      }
      case 'elem_assign':
        return this.elemAssign(e, seq, true);
      case 'isset':
        return this.isset(e, seq);
      case 'new': {
        if (e.ctor === null) return `pv::make_obj<${classStruct(e.cls)}>()`;
        const ctor = this.ir.functions[e.ctor];
        if (!ctor) throw this.bug(`constructor fn${e.ctor} missing`);
        const args = this.ordered(e.args, seq).map((a) => ', ' + bare(a));
        const cx = this.facts.ctx[ctor.index] ? `, ${CTX}` : '';
        return `${newOf(e.cls)}${ctor.index}(${STACK_LIMIT}${cx}${args.join('')})`;
      }
      case 'prop': {
        const cls = this.objClass(e.obj);
        return `${propGet(cls, propSlot(this.ir, cls, e.name, this.fn.regionKey))}(${this.objPtr(this.expr(e.obj, seq))})`;
      }
      case 'prop_isset':
        return this.propIsset(e, seq);
      case 'prop_assign': {
        const cls = this.objClass(e.obj);
        const slot = propSlot(this.ir, cls, e.name, this.fn.regionKey);
        if (!e.path || e.path.length === 0) {
          const [obj, value] = this.ordered([e.obj, e.value], seq) as [string, string];
          return `${propSet(cls, slot)}(${this.objPtr(obj)}, ${bare(value)})`;
        }
        // obj, keys, value in PHP's order; the value is computed before the property is touched (it may read it).
        const codes = this.ordered([e.obj, ...e.path.filter((p): p is IrExpr => p !== null), e.value], seq);
        const obj = codes.shift()!;
        let value = codes.pop()!;
        if (e.value.k !== 'const' && e.value.k !== 'null') value = this.hoist(e.value.type, value, seq);
        const propType = this.ir.classes!.find((c) => c.lcName === cls)!.props[slot]!.type;
        return `(${this.writeThrough(`${propMut(cls, slot)}(${this.objPtr(obj)})`, propType, e.path, codes, value)}, ${value})`;
      }
    }
  }

  /**
   * A native body without the property's value holds null (or nothing): not set. A host body loads
   * it (a null or unset one DEOPTs unless the property is mixed: PHP decides). Then each level with find.
   */
  private propIsset(e: Extract<IrExpr, { k: 'prop_isset' }>, seq: Seq): string {
    const cls = this.objClass(e.obj);
    const slot = propSlot(this.ir, cls, e.name, this.fn.regionKey);
    const [obj, ...keys] = this.ordered([e.obj, ...e.path], seq).map(bare);
    let t: IrType = this.ir.classes!.find((c) => c.lcName === cls)!.props[slot]!.type;
    const steps: string[] = [`auto *o = ${this.objPtr(obj!)};`, `if (!(o->have & (1ull << ${slot})) && !o->is_host) return false;`, `const auto &v = ${propGet(cls, slot)}(o);`];
    let cur = 'v';
    keys.forEach((k, i) => {
      if (!isArrayType(t)) throw new Unsupported(`isset below a ${t}`);
      steps.push(`const auto *p${i} = ${cur === 'v' ? 'v.' : `${cur.slice(1)}->`}find(${k}); if (!p${i}) return false;`);
      cur = `(*p${i})`;
      t = elemType(t);
    });
    const stored = t === 'num' ? 'mixed' : t;
    const test = stored === 'mixed' ? (e.empty ? `pv::truthy(${cur})` : `!pv::is_null(${cur})`) : e.empty ? truthyOf(cur, stored) : 'true';
    const lambda = `[&]() -> bool { ${steps.join(' ')} return ${test}; }()`;
    return e.empty ? `(!${lambda})` : lambda;
  }

  private objClass(e: IrExpr): string {
    if (!isObjectType(e.type)) throw this.bug(`property of a ${e.type}`);
    return classOfType(e.type);
  }

  /** The body pointer of a handle (a temporary handle lives to the end of the full expression). */
  private objPtr(code: string): string {
    return `${code}.get()`;
  }

  /** `[k => v, …]` built in PHP's order inside a lambda (keys and values interleaved as PHP evaluates them). */
  private arrayLiteral(e: Extract<IrExpr, { k: 'array' }>, seq: Seq): string {
    const t = cppType(e.type);
    if (e.items.length === 0) return `${t}()`;
    const el = elemType(e.type);
    const parts = this.ordered(
      e.items.flatMap((it) => (it.key ? [it.key, it.value] : [it.value])),
      seq,
    );
    const ops: string[] = [];
    let i = 0;
    for (const it of e.items) {
      if (it.key) {
        const k = parts[i++]!;
        ops.push(`a.set(${bare(k)}, ${storeOf(parts[i++]!, el)});`);
      } else {
        ops.push(`a.append(${storeOf(parts[i++]!, el)});`);
      }
    }
    return `[&]() { ${t} a; ${ops.join(' ')} return a; }()`;
  }

  /**
   * `$a[k1]…[kn] = v`: keys, then the value, then the writes: lval_mut creates missing
   * intermediate arrays as PHP does without a warning, set/append at the last level.
   */
  private elemAssign(e: Extract<IrExpr, { k: 'elem_assign' }>, seq: Seq, yields: boolean): string {
    const l = this.fn.locals[e.id]!;
    const keyExprs = e.path.filter((p): p is IrExpr => p !== null);
    const codes = this.ordered([...keyExprs, e.value], seq);
    let value = codes.pop()!;
    // The value is read before the write (it may read the array itself), and once when the
    // assignment's result is used too.
    const simple = e.value.k === 'const' || e.value.k === 'null' || (e.value.k === 'local' && e.value.id !== e.id && this.fn.locals[e.value.id]!.world === undefined);
    if (!simple && (yields || someExpr(e.value, (x) => 'id' in x && x.id === e.id))) value = this.hoist(e.value.type, value, seq);
    const base = this.writeThrough(this.lvalue(e.id), l.type, e.path, codes, value);
    return yields ? `(${base}, ${value})` : base;
  }

  /**
   * Statement `$a[k1]…[kn] = f($a[k1]…[kn], rhs)` (what the frontend makes of `$a[k] op= v`,
   * `$a[k]++`, …) as one lookup: `{ auto &slot = a.at_mut(k1)….at_mut(kn); slot = f(slot, rhs); }`.
   * at_mut DEOPTs on a missing key at any level, where PHP warns. PHP evaluates the keys, then
   * rhs, then reads the element; here the element is found before rhs runs, which is the same
   * only when rhs cannot touch the array or a key: so rhs must not mention the array and must not
   * write anything or call (a DEOPT or a journaled print in rhs is fine either way: DEOPT
   * discards everything). Keys with side effects arrive as hoisted locals; the other ones (pure,
   * like `$i % 3`) are computed once into temporaries before the statement, first as in PHP.
   * Null when the statement has another shape: the caller then emits the read and the write.
   */
  private elemUpdate(e: Extract<IrExpr, { k: 'elem_assign' }>, seq: Seq): string | null {
    const l = this.fn.locals[e.id]!;
    if (l.world !== undefined || e.path.length === 0) return null;
    const keys: IrExpr[] = [];
    for (const k of e.path) {
      if (k === null || someExpr(k, (x) => ('id' in x && x.id === e.id) || writesOrCalls(x))) return null;
      keys.push(k);
    }
    const isRead = (x: IrExpr): boolean => {
      let cur = x;
      for (let i = keys.length - 1; i >= 0; i--) {
        if (cur.k !== 'index' || !sameKey(cur.key, keys[i]!)) return false;
        cur = cur.base;
      }
      return cur.k === 'local' && cur.id === e.id;
    };
    let read: IrExpr | null = null;
    let reads = 0;
    let mentions = 0;
    let unsafe = false;
    someExpr(e.value, (x) => {
      if (isRead(x)) {
        read = x;
        reads++;
      }
      if ('id' in x && x.id === e.id) mentions++;
      if (writesOrCalls(x)) unsafe = true;
      return false;
    });
    // Exactly one mention of the array: the element read itself.
    if (read === null || reads !== 1 || mentions !== 1 || unsafe) return null;
    let t: IrType = l.type;
    for (let i = 0; i < keys.length; i++) {
      if (!isArrayType(t)) return null;
      t = elemType(t);
    }
    if (t !== e.type) return null;
    const scratch: Seq = { inline: false, items: [] };
    this.subst = { node: read, code: loadStored('slot', t) };
    let value: string;
    try {
      value = this.expr(e.value, scratch);
    } finally {
      this.subst = null;
    }
    if (scratch.items.length > 0) return null;
    let slot = this.lvalue(e.id);
    for (const k of keys) {
      const code = this.expr(k, seq);
      slot = `${slot}.at_mut(${bare(k.k === 'const' || k.k === 'local' ? code : this.hoist(k.type, code, seq))})`;
    }
    return `{ auto &slot = ${slot}; slot = ${storeOf(value, t)}; }`;
  }

  /** The writes of `base[k1]…[kn] = value` on an array lvalue of type `t` (`codes`: the non-null keys' code). */
  private writeThrough(lvalue: string, t0: IrType, path: readonly (IrExpr | null)[], codes: readonly string[], value: string): string {
    let t = t0;
    let base = lvalue;
    let ki = 0;
    for (let i = 0; i < path.length; i++) {
      if (!isArrayType(t)) throw new Unsupported(`element assignment into a ${t}`);
      const last = i === path.length - 1;
      const key = path[i] === null ? null : bare(codes[ki++]!);
      const el = elemType(t);
      if (last) {
        base = key === null ? `${base}.append(${storeOf(value, el)})` : `${base}.set(${key}, ${storeOf(value, el)})`;
      } else {
        if (key === null) throw new Unsupported('append in the middle of an element path');
        base = `${base}.lval_mut(${key})`;
      }
      t = el;
    }
    return base;
  }

  /** isset/empty of a local or an element path: each level looked up with find (a missing level is simply "not set"). */
  private isset(e: Extract<IrExpr, { k: 'isset' }>, seq: Seq): string {
    const l = this.fn.locals[e.id]!;
    const keys = this.ordered(e.path, seq).map(bare);
    const base = l.world !== undefined ? `${slotGet(l.world)}(${CTX})` : localName(this.fn, e.id);
    if (keys.length === 0) {
      if (l.type === 'mixed') return e.empty ? `(!pv::truthy(${base}))` : `(!pv::is_null(${base}))`;
      if (e.empty) return `(!${truthyOf(base, l.type)})`;
      // A typed global is loaded for its guard (unset: DEOPT); a typed local always holds a value.
      return l.world !== undefined ? `(static_cast<void>(${base}), true)` : 'true';
    }
    if (l.type === 'string' && keys.length === 1 && e.path[0]!.type === 'int') {
      // Negative offsets count from the end, as for reads.
      const body = `const pv::Str &s = ${base}; const int64_t n = pv::strlen_(s), i = ${keys[0]}; `;
      return e.empty
        ? `[&]() -> bool { ${body}return !(i >= -n && i < n) || !pv::truthy(pv::str_offset(s, i)); }()`
        : `[&]() -> bool { ${body}return i >= -n && i < n; }()`;
    }
    let t: IrType = l.type;
    const steps: string[] = [];
    let cur = base;
    keys.forEach((k, i) => {
      if (!isArrayType(t)) throw new Unsupported(`isset below a ${t}`);
      steps.push(`const auto *p${i} = ${i === 0 ? `${cur}.find(${k})` : `p${i - 1}->find(${k})`}; if (!p${i}) return false;`);
      cur = `(*p${i})`;
      t = elemType(t);
    });
    const lastStored = t === 'num' ? 'mixed' : t;
    const test =
      lastStored === 'mixed' ? (e.empty ? `pv::truthy(${cur})` : `!pv::is_null(${cur})`) : e.empty ? truthyOf(cur, lastStored) : 'true';
    const lambda = `[&]() -> bool { ${steps.join(' ')} return ${test}; }()`;
    return e.empty ? `(!${lambda})` : lambda;
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
    }
    switch (mode) {
      case 'tostr':
        // An array converts with a warning: the runtime DEOPTs on an array inside a tagged value.
        return isArrayType(from) ? `pv::str_of(pv::Val(pv::to_val(${bare(a)})))` : `pv::str_of(${bare(a)})`;
      case 'box':
      case 'unbox':
        return coerce(a, from, to);
      case 'truthy':
        return truthyOf(a, from);
      case 'exact':
        if (to === 'int' && (from === 'mixed' || from === 'string')) return `pv::to_int_exact(${bare(a)})`;
        if (to === 'float' && (from === 'mixed' || from === 'string')) return `pv::to_double_exact(${bare(a)})`;
        break;
      case 'cast':
        if (to === 'int' && (from === 'mixed' || from === 'string')) return `pv::to_int_cast(${bare(a)})`;
        if (to === 'float' && (from === 'mixed' || from === 'string')) return `pv::to_double_cast(${bare(a)})`;
        if (to === 'int' && from === 'bool') return `int64_t(${bare(a)})`;
        break;
      case 'widen':
        return coerce(a, from, to);
    }
    throw new Unsupported(`conversion ${key}`);
  }

  private binary(e: Extract<IrExpr, { k: 'binary' }>, seq: Seq): string {
    const [a, b] = this.ordered([e.left, e.right], seq) as [string, string];
    const t = e.opType;
    if (t === 'string' || t === 'mixed' || isArrayType(t)) return this.dynamicBinary(e, a, b);
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

  /**
   * Operators on strings and tagged values follow PHP 8's dynamic rules (runtime str.h/val.h).
   * `a > b` is `b < a` as PHP compiles it, which matters where neither is smaller (NAN, uncomparable arrays).
   */
  private dynamicBinary(e: Extract<IrExpr, { k: 'binary' }>, a: string, b: string): string {
    const t = e.opType;
    const x = bare(a);
    const y = bare(b);
    switch (e.op) {
      case 'eq':
        return `pv::loose_eq(${x}, ${y})`;
      case 'ne':
        return `(!pv::loose_eq(${x}, ${y}))`;
      case 'ident':
        return t === 'mixed' ? `pv::identical(${x}, ${y})` : `(${a} == ${b})`;
      case 'nident':
        return t === 'mixed' ? `(!pv::identical(${x}, ${y}))` : `(${a} != ${b})`;
      case 'cmp':
        return `pv::cmp(${x}, ${y})`;
      case 'lt':
        return `(pv::cmp(${x}, ${y}) < 0)`;
      case 'le':
        return `(pv::cmp(${x}, ${y}) <= 0)`;
      case 'gt':
        return `(pv::cmp(${y}, ${x}) < 0)`;
      case 'ge':
        return `(pv::cmp(${y}, ${x}) <= 0)`;
    }
    if (t !== 'mixed' || e.type !== 'mixed') throw new Unsupported(`${e.op} on ${t}`);
    switch (e.op) {
      case 'add':
      case 'sub':
      case 'mul':
      case 'div':
      case 'mod':
      case 'pow':
        return `pv::${e.op}(${x}, ${y})`;
    }
    throw new Unsupported(`${e.op} on ${t}`);
  }

  private builtin(e: Extract<IrExpr, { k: 'builtin' }>, seq: Seq): string {
    if (!SCALAR_BUILTINS.has(e.name) || !isTrivialType(e.opType) || e.args.some((a) => !isTrivialType(a.type))) {
      const args = this.ordered(e.args, seq).map(bare);
      return emitBuiltin(e, args, {
        ctx: CTX,
        lvalue: (i) => {
          const a = e.args[i]!;
          if (a.k !== 'local') throw new Unsupported(`${e.name}: by-reference argument that is not a variable`);
          return this.lvalue(a.id);
        },
      });
    }
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
    throw new Unsupported(`builtin ${e.name}`);
  }

  private bug(msg: string): StageError {
    return new StageError('codegen', this.fn.regionKey, msg);
  }
}

/** The scalar builtins of ABI 1 (math on int/float/num), emitted by FunctionEmitter.builtin itself. */
const SCALAR_BUILTINS: ReadonlySet<string> = new Set(['abs', 'min', 'max', 'sqrt', 'floor', 'ceil', 'round', 'fmod', 'intdiv', 'pi', 'pow', 'is_int', 'is_float', 'is_nan', 'is_infinite', 'is_finite']);

/** An element read from an array of IR element type `t` (num elements are stored tagged). */
export function loadStored(code: string, t: IrType): string {
  return t === 'num' ? `pv::as_num(${bare(code)})` : code;
}

/** A value of IR type `t` as an array stores it. */
export function storeOf(code: string, t: IrType): string {
  return t === 'num' ? `pv::Val(${bare(code)})` : bare(code);
}

/** PHP's truthiness of a value of type `t`. */
export function truthyOf(code: string, t: IrType): string {
  switch (t) {
    case 'bool':
      return code;
    case 'int':
      return `(${code} != 0)`;
    case 'float':
      return `(${code} != 0.0)`;
    case 'num':
      return `(${code}).truthy()`;
    case 'string':
    case 'mixed':
      return `pv::truthy(${bare(code)})`;
  }
  if (isArrayType(t)) return `(${code}.count() != 0)`;
  throw new Unsupported(`truthiness of ${t}`);
}

/**
 * A value of type `from` as type `to` where PHP's value does not change: exact widening, boxing
 * into a tagged value, or unboxing with a guard (DEOPT when the tagged value holds another type).
 */
export function coerce(code: string, from: IrType, to: IrType): string {
  if (from === to) return code;
  const a = bare(code);
  if (to === 'mixed') return isArrayType(from) ? `pv::Val(pv::to_val(${a}))` : `pv::Val(${a})`;
  if (from === 'mixed') {
    switch (to) {
      case 'int':
        return `pv::as_int(${a})`;
      case 'float':
        return `pv::as_double(${a})`;
      case 'bool':
        return `pv::as_bool(${a})`;
      case 'string':
        return `pv::as_str(${a})`;
      case 'num':
        return `pv::as_num(${a})`;
    }
    if (isArrayType(to)) return `pv::as_array<${storedTypeOfArray(to)}>(${a})`;
  }
  if (isArrayType(from) && isArrayType(to)) {
    // array<T> ↔ array<mixed>: through a tagged value (element-wise, with guards when unboxing).
    if (elemType(to) === 'mixed') return `pv::to_val(${a})`;
    return `pv::as_array<${storedTypeOfArray(to)}>(pv::Val(${elemType(from) === 'mixed' ? a : `pv::to_val(${a})`}))`;
  }
  switch (`${from}>${to}`) {
    case 'bool>int':
      return `int64_t(${a})`;
    case 'int>float':
      return `double(${a})`;
    case 'int>num':
      return `pv::num::of_int(${a})`;
    case 'float>num':
      return `pv::num::of_dbl(${a})`;
    case 'num>float':
      return `(${code}).as_double()`;
  }
  throw new Unsupported(`no exact conversion ${from} → ${to}`);
}

function storedTypeOfArray(t: IrType): string {
  if (!isArrayType(t)) throw new Unsupported(`not an array: ${t}`);
  const el = elemType(t);
  return el === 'num' ? 'pv::Val' : cppType(el);
}

/** `(x)` → `x` when the parentheses enclose the whole text, for readable statements and arguments. */
/** Whether `x` itself writes a variable, a property or an element, or calls (builtins included). */
function writesOrCalls(x: IrExpr): boolean {
  return x.k === 'assign' || x.k === 'incdec' || x.k === 'elem_assign' || x.k === 'prop_assign' || x.k === 'call' || x.k === 'new' || x.k === 'builtin';
}

/** Whether two element keys are the same key (the frontend reuses one key node for the read and the write). */
function sameKey(a: IrExpr, b: IrExpr): boolean {
  if (a === b) return true;
  if (a.k === 'local' && b.k === 'local') return a.id === b.id;
  return a.k === 'const' && b.k === 'const' && a.type === b.type && a.value === b.value;
}

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
      return e.type === 'mixed' || mayThrow(e.arg);
    case 'binary':
      return e.op === 'div' || e.op === 'mod' || (isShift(e.op) && !isNonNegConst(e.right)) || !isTrivialType(e.opType) || mayThrow(e.left) || mayThrow(e.right);
    case 'logical':
      return mayThrow(e.left) || mayThrow(e.right);
    case 'cond':
      return mayThrow(e.test) || mayThrow(e.then) || mayThrow(e.else);
    case 'convert':
      return e.mode === 'exact' || e.mode === 'unbox' || (e.mode === 'tostr' && !isTrivialType(e.arg.type)) || (e.mode === 'cast' && !isTrivialType(e.arg.type)) || mayThrow(e.arg);
    case 'call':
      return true;
    case 'builtin':
      return e.name === 'intdiv' || !SCALAR_BUILTINS.has(e.name) || e.args.some(mayThrow);
    case 'null':
      return false;
    // Missing keys and offsets, undefined constants, conversions and operators on strings and
    // tagged values all warn or throw in PHP on some input.
    case 'constant':
    case 'index':
    case 'str_index':
    case 'elem_assign':
    case 'print':
      return true;
    case 'concat':
    case 'array':
    case 'isset':
    case 'prop':
    case 'prop_assign':
    case 'prop_isset':
      return childrenOf(e).some(mayThrow);
    case 'new':
      return e.ctor !== null || e.args.some(mayThrow);
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
    case 'new':
      return e.ctor !== null || e.args.some(hasCall);
    case 'builtin':
      return e.args.some(hasCall);
    default:
      return childrenOf(e).some(hasCall);
  }
}
