// verifyIr: checks the IR's invariants (types agree, locals and callees exist, loop levels fit); run between passes.
import { StageError } from '../core/declined.ts';
import { elemType, isArrayType, isObjectType, classOfType, type IrExpr, type IrFunction, type IrModule, type IrStmt, type IrType } from '../frontend/types.ts';
import { recognizeCountedLoop, sameCountedLoop } from './counted-loops.ts';

const BASIC: ReadonlySet<string> = new Set(['int', 'float', 'bool', 'num', 'string', 'mixed']);
const KEY_TYPES: ReadonlySet<string> = new Set(['int', 'string', 'mixed']);
const ECHOABLE: ReadonlySet<string> = new Set(['int', 'float', 'bool', 'num', 'string', 'mixed']);

/** A type a local or an array element can have (everything but `null`). */
export function isValueType(t: string): boolean {
  return BASIC.has(t) || isObjectType(t) || (isArrayType(t) && isValueType(elemType(t)));
}

/** Throws a StageError naming the broken invariant; returns normally for well-formed IR. */
export function verifyIr(ir: IrModule, after = 'frontend'): void {
  for (const fn of ir.functions) new Verifier(ir, fn, after).run();
}

/** The scalar builtins of ABI 1, whose arguments all have type opType (round's precision and intdiv's divisor may be int). */
const BASIC_BUILTINS: ReadonlySet<string> = new Set(['abs', 'min', 'max', 'sqrt', 'floor', 'ceil', 'round', 'fmod', 'intdiv', 'pi', 'is_int', 'is_float', 'is_nan', 'is_infinite', 'is_finite', 'pow']);

class Verifier {
  constructor(private readonly ir: IrModule, private readonly fn: IrFunction, private readonly after: string) {}

  private fail(msg: string): never {
    throw new StageError('passes', this.fn.regionKey, `verifyIr after ${this.after}: ${this.fn.lcName}: ${msg}`);
  }

  run(): void {
    const fn = this.fn;
    fn.locals.forEach((l, i) => {
      if (l.id !== i) this.fail(`local ${i} has id ${l.id}`);
      if (!isValueType(l.type)) this.fail(`local ${i} has type ${l.type}`);
      if (l.byRef && !l.isParam) this.fail(`local ${i} is by-reference but not a parameter`);
      if (l.world !== undefined) {
        const slot = this.ir.world[l.world];
        if (!slot) this.fail(`local ${i} bound to unknown world slot ${l.world}`);
        else if (slot.kind === 'constant') this.fail(`local ${i} bound to constant ${slot.name}`);
        else if (slot.type !== l.type) this.fail(`local ${i} typed ${l.type}, its world slot ${slot.type}`);
      }
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
        // A pass that changes a counted loop must keep its record true (or drop it).
        if (s.counted && !sameCountedLoop(s.counted, recognizeCountedLoop(this.ir, this.fn, s))) this.fail(`line ${s.line}: loop recorded as counted no longer counts`);
        return;
      case 'echo':
        for (const a of s.args) {
          this.expr(a);
          if (!ECHOABLE.has(a.type)) this.fail(`line ${s.line}: echo of ${a.type}`);
        }
        return;
      case 'foreach': {
        this.expr(s.subject);
        if (!isArrayType(s.subject.type)) this.fail(`line ${s.line}: foreach over ${s.subject.type}`);
        if (s.keyId !== null && !KEY_TYPES.has(this.local(s.keyId))) this.fail(`line ${s.line}: foreach key local typed ${this.local(s.keyId)}`);
        this.local(s.valueId);
        this.stmts(s.body, depth + 1);
        return;
      }
      case 'unset':
        if (s.path.length === 0) this.fail(`line ${s.line}: unset without a path`);
        this.path(s.id, s.path, `unset at line ${s.line}`);
        return;
      case 'break':
      case 'continue':
        if (s.levels < 1 || s.levels > depth) this.fail(`line ${s.line}: ${s.k} ${s.levels} at loop depth ${depth}`);
        return;
    }
  }

  /** A local indexed by `path`: an array (or a string read with one offset), keys of key types. */
  private path(id: number, path: readonly (IrExpr | null)[], where: string): void {
    const t = this.local(id);
    if (!isArrayType(t) && !(t === 'mixed' || (t === 'string' && path.length === 1))) this.fail(`${where}: indexes a ${t}`);
    for (const k of path) {
      if (k === null) continue;
      this.expr(k);
      if (!KEY_TYPES.has(k.type)) this.fail(`${where}: key of type ${k.type}`);
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
        // ABI 2 builtins take arguments of several types (strpos's offset, str_pad's length…): each is checked on its own.
        if (BASIC_BUILTINS.has(e.name)) {
          e.args.forEach((a, i) => ((e.name === 'round' || e.name === 'intdiv') && i === 1 && a.type === 'int' ? this.expr(a) : this.expect(a, e.opType, `${e.name} arg ${i}`)));
        } else {
          e.args.forEach((a) => this.expr(a));
        }
        return;
      case 'null':
        return;
      case 'constant':
        if (!this.ir.world.some((w) => w.kind === 'constant' && w.name === e.name)) this.fail(`constant ${e.name} has no world slot`);
        return;
      case 'print':
        this.expect(e.arg, 'string', 'print');
        return;
      case 'new': {
        if (!this.ir.classes?.some((c) => c.lcName === e.cls && c.instantiated) || e.type !== `object<${e.cls}>`) this.fail(`new of ${e.cls} typed ${e.type}`);
        if (e.ctor === null) {
          if (e.args.length > 0) this.fail(`new ${e.cls} without constructor takes arguments`);
          return;
        }
        const ctor = this.ir.functions[e.ctor];
        if (!ctor || ctor.receiverClass !== e.cls || ctor.params.length !== e.args.length + 1) return this.fail(`constructor fn${e.ctor} of ${e.cls}`);
        e.args.forEach((a, i) => this.expect(a, ctor.locals[ctor.params[i + 1]!]!.type, `arg ${i} of new ${e.cls}`));
        return;
      }
      case 'prop_isset': {
        this.expr(e.obj);
        if (!isObjectType(e.obj.type)) return this.fail(`isset of property ${e.name} of a ${e.obj.type}`);
        const cls = classOfType(e.obj.type);
        let t = this.ir.classes?.find((c) => c.lcName === cls)?.props.find((p) => p.name === e.name)?.type;
        if (!t) return this.fail(`isset of unknown property ${cls}::${e.name}`);
        for (const k of e.path) {
          if (!isArrayType(t)) return this.fail(`isset below property ${cls}::${e.name} of type ${t}`);
          this.expr(k);
          if (!KEY_TYPES.has(k.type)) this.fail(`key of type ${k.type}`);
          t = elemType(t);
        }
        return;
      }
      case 'prop':
      case 'prop_assign': {
        this.expr(e.obj);
        if (!isObjectType(e.obj.type)) return this.fail(`property ${e.name} of a ${e.obj.type}`);
        const cls = classOfType(e.obj.type);
        const prop = this.ir.classes?.find((c) => c.lcName === cls)?.props.find((p) => p.name === e.name);
        let t = prop?.type;
        for (const k of e.k === 'prop_assign' ? (e.path ?? []) : []) {
          if (!t || !isArrayType(t)) return this.fail(`element write below property ${cls}::${e.name} of type ${t}`);
          if (k) {
            this.expr(k);
            if (!KEY_TYPES.has(k.type)) this.fail(`key of type ${k.type}`);
          }
          t = elemType(t);
        }
        if (!prop || t !== e.type) this.fail(`property ${cls}::${e.name} typed ${e.type}`);
        if (e.k === 'prop_assign') this.expect(e.value, e.type, `assignment of ${cls}::${e.name}`);
        return;
      }
      case 'concat':
        if (e.parts.length === 0) this.fail('concat without parts');
        e.parts.forEach((p, i) => this.expect(p, 'string', `concat part ${i}`));
        return;
      case 'array': {
        if (!isArrayType(e.type)) return this.fail(`array literal typed ${e.type}`);
        const el = elemType(e.type);
        for (const it of e.items) {
          if (it.key) {
            this.expr(it.key);
            if (!KEY_TYPES.has(it.key.type)) this.fail(`array key of type ${it.key.type}`);
          }
          this.expect(it.value, el, 'array element');
        }
        return;
      }
      case 'index':
        this.expr(e.base);
        this.expr(e.key);
        if (!isArrayType(e.base.type)) return this.fail(`index on ${e.base.type}`);
        if (!KEY_TYPES.has(e.key.type)) this.fail(`index key of type ${e.key.type}`);
        if (elemType(e.base.type) !== e.type) this.fail(`index of ${e.base.type} typed ${e.type}`);
        return;
      case 'str_index':
        this.expect(e.base, 'string', 'string offset base');
        this.expect(e.index, 'int', 'string offset');
        return;
      case 'elem_assign':
        this.path(e.id, e.path, 'element assignment');
        if (e.path.length === 0) this.fail('element assignment without a path');
        this.expect(e.value, e.type, 'element assignment value');
        return;
      case 'isset':
        this.path(e.id, e.path, 'isset');
        return;
    }
  }
}
