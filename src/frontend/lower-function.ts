// Lowers one php-parser function AST to typed IR under the module's current type environment.
// buildIr calls it repeatedly until local and return types reach a fixed point (see type-env.ts).
import type { ScalarType } from '../core/php-value.ts';
import { builtinRule, isBuiltin, lookupConstant } from './builtins.ts';
import { declineAt, FrontendDecline } from './frontend-decline.ts';
import { lineOf, type AstNode } from './parse-source.ts';
import { BOT, joinTypes, type TypeEnv, type Ty } from './type-env.ts';
import type { ArithOp, BinaryOp, BitOp, CompareOp, IrExpr, IrStmt, IrType } from './types.ts';

/** What the lowering of one function needs to know about the module. */
export interface FunctionContext {
  readonly index: number;
  readonly lineBase: number;
  readonly env: TypeEnv;
  /** lcName → function index, for calls inside the plan. */
  readonly byName: ReadonlyMap<string, number>;
}

export interface LoweredFunction {
  readonly params: readonly number[];
  readonly body: readonly IrStmt[];
  /** Locals set from literal defaults because the plan passes fewer args than declared. */
  readonly defaults: readonly IrStmt[];
}

const ARITH: Readonly<Record<string, ArithOp>> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'mod', '**': 'pow' };
const COMPARE: Readonly<Record<string, CompareOp>> = {
  '==': 'eq', '!=': 'ne', '<>': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '<=>': 'cmp', '===': 'ident', '!==': 'nident',
};
const COMPOUND: Readonly<Record<string, ArithOp>> = { '+=': 'add', '-=': 'sub', '*=': 'mul', '/=': 'div', '%=': 'mod', '**=': 'pow' };
const BITWISE: Readonly<Record<string, BitOp>> = { '<<': 'shl', '>>': 'shr', '&': 'band', '|': 'bor', '^': 'bxor' };
const COMPOUND_BIT: Readonly<Record<string, BitOp>> = { '<<=': 'shl', '>>=': 'shr', '&=': 'band', '|=': 'bor', '^=': 'bxor' };

/** Declared PHP type of a parameter or return, reduced to what the subset honors. */
export type DeclaredType = ScalarType | 'void' | 'any';

export function declaredTypeOf(node: unknown, nullable: boolean, line: number): DeclaredType {
  if (node === null || node === undefined) return 'any';
  const t = node as AstNode;
  if (nullable) declineAt('unsupported nullable type declaration', line);
  if (t.kind === 'typereference') {
    const name = String(t['name']).toLowerCase();
    if (name === 'int' || name === 'float' || name === 'bool' || name === 'void') return name;
    if (name === 'mixed') return 'any';
  }
  return declineAt(`unsupported type declaration '${t.kind === 'typereference' ? String(t['name']) : t.kind}'`, line);
}

export function lowerFunction(fn: AstNode, cx: FunctionContext): LoweredFunction {
  const lower = new Lowerer(cx);
  return lower.run(fn);
}

class Lowerer {
  private loopDepth = 0;
  private tempCount = 0;

  constructor(private readonly cx: FunctionContext) {}

  private line(node: AstNode): number {
    return this.cx.lineBase + lineOf(node) - 1;
  }

  private get fenv() {
    return this.cx.env.functions[this.cx.index]!;
  }

  run(fn: AstNode): LoweredFunction {
    const params: number[] = [];
    const defaults: IrStmt[] = [];
    const args = fn['arguments'] as AstNode[];
    const arity = this.fenv.paramTypes.length;
    if (arity > args.length) declineAt(`plan passes ${arity} arguments to a function declaring ${args.length}`, this.line(fn));
    args.forEach((p, i) => {
      const line = this.line(p);
      if (p['byref']) declineAt('unsupported construct \'by-reference parameter\'', line);
      if (p['variadic']) declineAt('unsupported construct \'variadic parameter\'', line);
      if (Array.isArray(p['attrGroups']) && (p['attrGroups'] as unknown[]).length > 0) declineAt('unsupported construct \'attribute\'', line);
      if ((p['flags'] as number | undefined) ?? 0) declineAt('unsupported construct \'promoted parameter\'', line);
      const name = (p['name'] as AstNode)['name'] as string;
      const id = this.fenv.localId(name);
      if (i < arity) {
        params.push(id);
      } else {
        const dflt = p['value'] as AstNode | null;
        if (!dflt) declineAt('missing argument for a parameter without default', line);
        const value = this.literal(dflt);
        defaults.push({ k: 'expr', line, expr: this.assignTo(id, value, line) });
      }
    });
    const body = this.block((fn['body'] as AstNode | null)?.['children'] as AstNode[] | undefined ?? []);
    if (fallsThrough(body)) {
      // Falling off the end returns null, like `return;`.
      const end = this.cx.lineBase + ((fn.loc as { end?: { line: number } } | null | undefined)?.end?.line ?? lineOf(fn)) - 1;
      if (this.fenv.declaredReturn !== 'any' && this.fenv.declaredReturn !== 'void') declineAt('function may end without returning', end);
      this.fenv.joinReturn('null', end);
      body.push({ k: 'return', line: end, value: null });
    }
    return { params, body, defaults };
  }

  // ---- statements ----

  private block(nodes: readonly AstNode[]): IrStmt[] {
    const out: IrStmt[] = [];
    for (const n of nodes) this.stmt(n, out);
    return out;
  }

  private body(node: AstNode | null | undefined): IrStmt[] {
    if (!node) return [];
    const out: IrStmt[] = [];
    this.stmt(node, out);
    return out;
  }

  private stmt(node: AstNode, out: IrStmt[]): void {
    const line = this.line(node);
    switch (node.kind) {
      case 'block':
        out.push(...this.block(node['children'] as AstNode[]));
        return;
      case 'expressionstatement':
        out.push({ k: 'expr', line, expr: this.expr(node['expression'] as AstNode, true) });
        return;
      case 'if':
        out.push({
          k: 'if',
          line,
          test: this.truthy(this.expr(node['test'] as AstNode)),
          then: this.body(node['body'] as AstNode | null),
          else: this.body(node['alternate'] as AstNode | null),
        });
        return;
      case 'while':
      case 'do': {
        const test = this.truthy(this.expr(node['test'] as AstNode));
        out.push({ k: 'loop', line, kind: node.kind, init: [], test: [test], step: [], body: this.loopBody(node['body'] as AstNode) });
        return;
      }
      case 'for': {
        const init = (node['init'] as AstNode[]).map((e) => this.expr(e, true));
        const tests = (node['test'] as AstNode[]).map((e, i, all) => (i === all.length - 1 ? this.truthy(this.expr(e)) : this.expr(e, true)));
        const step = (node['increment'] as AstNode[]).map((e) => this.expr(e, true));
        out.push({ k: 'loop', line, kind: 'for', init, test: tests, step, body: this.loopBody(node['body'] as AstNode) });
        return;
      }
      case 'break':
      case 'continue': {
        const lvl = node['level'] as AstNode | null;
        let levels = 1;
        if (lvl) {
          if (lvl.kind !== 'number' || !/^[0-9]+$/.test(String(lvl['value']))) declineAt(`unsupported ${node.kind} level`, line);
          levels = Number(lvl['value']);
        }
        if (levels < 1 || levels > this.loopDepth) declineAt(`'${node.kind} ${levels}' outside of enough loops`, line);
        out.push({ k: node.kind, line, levels });
        return;
      }
      case 'return': {
        const e = node['expr'] as AstNode | null;
        if (!e || e.kind === 'nullkeyword') {
          const declared = this.fenv.declaredReturn;
          if (declared !== 'any' && declared !== 'void') declineAt(`returning null from a function declared ${declared}`, line);
          this.fenv.joinReturn('null', line);
          out.push({ k: 'return', line, value: null });
          return;
        }
        const value = this.expr(e);
        const declared = this.fenv.declaredReturn;
        const t = value.type as Ty;
        if (declared === 'void') declineAt('returning a value from a void function', line);
        if ((declared === 'int' || declared === 'bool') && t !== declared && t !== BOT) declineAt(`returning ${t} from a function declared ${declared}`, line);
        if (declared === 'float' && t === 'bool') declineAt('returning bool from a function declared float', line);
        this.fenv.joinReturn(t, line);
        out.push({ k: 'return', line, value: convert(value, this.fenv.returnType) });
        return;
      }
      case 'noop':
        return;
      default:
        declineAt(`unsupported construct '${node.kind}'`, line);
    }
  }

  private loopBody(node: AstNode): IrStmt[] {
    this.loopDepth++;
    try {
      return this.body(node);
    } finally {
      this.loopDepth--;
    }
  }

  // ---- expressions ----

  /** `asStatement`: the value is discarded, so a null-returning call is fine. */
  private expr(node: AstNode, asStatement = false): IrExpr {
    const e = this.exprInner(node, asStatement);
    if (e.type === 'null' && !asStatement) declineAt('using the result of a function that returns nothing', this.line(node));
    return e;
  }

  private exprInner(node: AstNode, asStatement: boolean): IrExpr {
    const line = this.line(node);
    switch (node.kind) {
      case 'number':
      case 'boolean':
        return this.literal(node);
      case 'nullkeyword':
        return declineAt('unsupported construct \'null\'', line);
      case 'name': {
        if (node['resolution'] === 'qn') declineAt('unsupported construct \'qualified constant\'', line);
        const c = lookupConstant(String(node['name']));
        if (!c) declineAt('unsupported constant', line);
        return c.type === 'int' ? { k: 'const', type: 'int', value: c.value } : { k: 'const', type: 'float', value: c.value };
      }
      case 'variable':
        return this.readVar(node, line);
      case 'assign':
        return this.assign(node, line);
      case 'pre':
      case 'post': {
        const id = this.varId(node['what'] as AstNode, line);
        const t = this.fenv.localType(id);
        if (t === 'bool' || t === 'null') declineAt(`increment of a ${t}`, line);
        return { k: 'incdec', type: t as IrType, id, op: node['type'] === '+' ? 'inc' : 'dec', prefix: node.kind === 'pre' };
      }
      case 'unary': {
        const arg = this.expr(node['what'] as AstNode);
        switch (node['type']) {
          case '!':
            return { k: 'unary', type: 'bool', op: 'not', arg: this.truthy(arg) };
          case '+':
            return this.numeric(arg, line);
          case '-': {
            const a = this.numeric(arg, line);
            return { k: 'unary', type: a.type, op: 'neg', arg: a };
          }
          case '~':
            // PHP throws TypeError ("Cannot perform bitwise not on bool") whatever the value.
            if (arg.type === 'bool') return declineAt('bitwise not of a bool (PHP throws TypeError)', line);
            // ~float is ~ of the float converted to int, with the 8.1 deprecation when inexact.
            return { k: 'unary', type: 'int', op: 'bnot', arg: toIntExact(arg) };
          default:
            return declineAt(`unsupported operator '${String(node['type'])}'`, line);
        }
      }
      case 'bin':
        return this.binary(node, line);
      case 'retif':
        return this.ternary(node, line);
      case 'cast':
        return this.cast(node, line);
      case 'call':
        return this.call(node, line, asStatement);
      default:
        return declineAt(`unsupported construct '${node.kind}'`, line);
    }
  }

  /** A literal: number, boolean, or a unary minus/plus of a number (default values). */
  private literal(node: AstNode): IrExpr {
    const line = this.line(node);
    if (node.kind === 'boolean') return { k: 'const', type: 'bool', value: node['value'] === true };
    if (node.kind === 'number') return parseNumber(String(node['value']), line);
    if (node.kind === 'unary' && (node['type'] === '-' || node['type'] === '+')) {
      const inner = this.literal(node['what'] as AstNode);
      if (node['type'] === '+') return inner;
      if (inner.k === 'const' && inner.type === 'float') return { k: 'const', type: 'float', value: -inner.value };
      if (inner.k === 'const' && inner.type === 'int' && inner.value !== -9223372036854775808n) return { k: 'const', type: 'int', value: -inner.value };
    }
    if (node.kind === 'name') {
      const c = lookupConstant(String(node['name']));
      if (c) return c.type === 'int' ? { k: 'const', type: 'int', value: c.value } : { k: 'const', type: 'float', value: c.value };
    }
    return declineAt('unsupported default value (only scalar literals)', line);
  }

  private varId(node: AstNode, line: number): number {
    if (node.kind !== 'variable' || typeof node['name'] !== 'string' || node['curly']) {
      return declineAt(`unsupported construct '${node.kind === 'variable' ? 'variable variable' : node.kind}'`, line);
    }
    const name = node['name'] as string;
    if (name === 'this') declineAt('unsupported construct \'$this\'', line);
    if (name === 'GLOBALS' || name.startsWith('_')) declineAt('unsupported construct \'superglobal\'', line);
    return this.fenv.localId(name);
  }

  private readVar(node: AstNode, line: number): IrExpr {
    const id = this.varId(node, line);
    return { k: 'local', type: this.fenv.localType(id) as IrType, id };
  }

  private assignTo(id: number, value: IrExpr, line: number): IrExpr {
    if (value.type === 'null') declineAt('assigning the result of a function that returns nothing', line);
    const t = this.fenv.joinLocal(id, value.type as Ty, line);
    return { k: 'assign', type: t as IrType, id, value: convert(value, t) };
  }

  private assign(node: AstNode, line: number): IrExpr {
    const left = node['left'] as AstNode;
    const op = String(node['operator']);
    const id = this.varId(left, line);
    const right = this.expr(node['right'] as AstNode);
    if (op === '=') {
      if (right.k !== 'assign' || right.id !== id) checkOrder([{ k: 'local', type: 'int', id }], [right], line, true);
      return this.assignTo(id, right, line);
    }
    const arith = COMPOUND[op];
    const bit = COMPOUND_BIT[op];
    if (!arith && !bit) return declineAt(`unsupported operator '${op}'`, line);
    const current: IrExpr = { k: 'local', type: this.fenv.localType(id) as IrType, id };
    checkOrder([current], [right], line, false);
    return this.assignTo(id, arith ? this.arith(arith, current, right, line) : this.bitwise(bit!, current, right, line), line);
  }

  private binary(node: AstNode, line: number): IrExpr {
    const type = String(node['type']);
    const left = this.expr(node['left'] as AstNode);
    const right = this.expr(node['right'] as AstNode);
    if (type === '&&' || type === 'and' || type === '||' || type === 'or') {
      // Short-circuit: the right side runs after the left one in PHP and in C++ alike.
      return { k: 'logical', type: 'bool', op: type === '&&' || type === 'and' ? 'and' : 'or', left: this.truthy(left), right: this.truthy(right) };
    }
    checkOrder([left], [right], line, false);
    if (type === 'xor') return { k: 'logical', type: 'bool', op: 'xor', left: this.truthy(left), right: this.truthy(right) };
    const arith = ARITH[type];
    if (arith) return this.arith(arith, left, right, line);
    const bit = BITWISE[type];
    if (bit) return this.bitwise(bit, left, right, line);
    const cmp = COMPARE[type];
    if (cmp) return this.compare(cmp, left, right);
    return declineAt(`unsupported operator '${type}'`, line);
  }

  private arith(op: ArithOp, l0: IrExpr, r0: IrExpr, line: number): IrExpr {
    const left = this.numeric(l0, line);
    const right = this.numeric(r0, line);
    const lt = left.type as Ty;
    const rt = right.type as Ty;
    if (lt === BOT || rt === BOT) return { k: 'binary', type: BOT as IrType, op, opType: BOT as IrType, left, right };
    if (op === 'mod') {
      return { k: 'binary', type: 'int', op, opType: 'int', left: toIntExact(left), right: toIntExact(right) };
    }
    let opType: IrType;
    if (lt === 'float' || rt === 'float') opType = 'float';
    else if (lt === 'num' || rt === 'num') opType = 'num';
    else opType = 'int';
    let type: IrType = opType;
    if (opType === 'int' && (op === 'div' || op === 'pow')) type = 'num';
    return { k: 'binary', type, op, opType, left: convert(left, opType), right: convert(right, opType) };
  }

  /**
   * Shifts and &, |, ^ on numbers: bools become 0/1, floats (and num) are converted like `%`'s
   * operands (the kernel DEOPTs where PHP would warn about an inexact float); the result is an int.
   * A negative shift count throws ArithmeticError in PHP: the runtime helper DEOPTs there.
   */
  private bitwise(op: BitOp, l0: IrExpr, r0: IrExpr, line: number): IrExpr {
    const left = this.numeric(l0, line);
    const right = this.numeric(r0, line);
    if ((left.type as Ty) === BOT || (right.type as Ty) === BOT) return { k: 'binary', type: 'int', op, opType: BOT as IrType, left, right };
    return { k: 'binary', type: 'int', op, opType: 'int', left: toIntExact(left), right: toIntExact(right) };
  }

  private compare(op: CompareOp, left: IrExpr, right: IrExpr): IrExpr {
    const lt = left.type as Ty;
    const rt = right.type as Ty;
    // `<=>` gives -1, 0 or 1; every other comparison a bool.
    const type: IrType = op === 'cmp' ? 'int' : 'bool';
    if (lt === BOT || rt === BOT) return { k: 'binary', type, op, opType: BOT as IrType, left, right };
    let opType: IrType;
    if (op === 'ident' || op === 'nident') {
      // === never converts: different static kinds are simply not identical (num decides at run time).
      if (lt === rt) opType = lt;
      else if ((lt === 'num' && rt !== 'bool') || (rt === 'num' && lt !== 'bool')) opType = 'num';
      else return { k: 'binary', type, op, opType: 'null', left, right };
    } else if (lt === 'bool' || rt === 'bool') opType = 'bool';
    else if (lt === 'int' && rt === 'int') opType = 'int';
    else if (lt === 'num' || rt === 'num') opType = 'num';
    else opType = 'float';
    return { k: 'binary', type, op, opType, left: convert(left, opType), right: convert(right, opType) };
  }

  private ternary(node: AstNode, line: number): IrExpr {
    const testNode = node['test'] as AstNode;
    const trueNode = node['trueExpr'] as AstNode | null;
    let test: IrExpr;
    let then: IrExpr;
    if (trueNode) {
      test = this.truthy(this.expr(testNode));
      then = this.expr(trueNode);
    } else {
      // `a ?: b` evaluates `a` once: keep it in a compiler temporary.
      const value = this.expr(testNode);
      const id = this.fenv.localId(`#t${this.tempCount++}`);
      test = this.truthy(this.assignTo(id, value, line));
      then = { k: 'local', type: this.fenv.localType(id) as IrType, id };
    }
    const otherwise = this.expr(node['falseExpr'] as AstNode);
    const type = joinTypes(then.type as Ty, otherwise.type as Ty);
    if (type === undefined) return declineAt(`ternary mixing ${then.type} and ${otherwise.type}`, line);
    return { k: 'cond', type: type as IrType, test, then: convert(then, type), else: convert(otherwise, type) };
  }

  private cast(node: AstNode, line: number): IrExpr {
    const arg = this.expr(node['expr'] as AstNode);
    const to = String(node['type']);
    const t = arg.type as Ty;
    if (t === BOT) return { k: 'convert', type: (to === 'int' ? 'int' : to === 'float' ? 'float' : 'bool'), mode: 'cast', arg };
    if (to === 'bool') return this.truthy(arg);
    if (to === 'int') {
      if (t === 'int') return arg;
      if (t === 'bool') return convert(arg, 'int');
      return { k: 'convert', type: 'int', mode: 'cast', arg };
    }
    if (to === 'float') return convert(this.numeric(arg, line), 'float');
    return declineAt(`unsupported cast '${String(node['raw'] ?? to)}'`, line);
  }

  private call(node: AstNode, line: number, asStatement: boolean): IrExpr {
    const what = node['what'] as AstNode;
    if (what.kind !== 'name') return declineAt(`unsupported construct 'dynamic call'`, line);
    if (what['resolution'] === 'qn') return declineAt('unsupported construct \'qualified function name\'', line);
    const raw = String(what['name']);
    const lc = (raw.startsWith('\\') ? raw.slice(1) : raw).toLowerCase();
    const argNodes = node['arguments'] as AstNode[];
    for (const a of argNodes) {
      if (a.kind === 'variadic' || a.kind === 'namedargument' || a.kind === 'variadicplaceholder') {
        declineAt(`unsupported construct '${a.kind}'`, line);
      }
    }
    const args = argNodes.map((a) => this.expr(a));
    for (let i = 1; i < args.length; i++) checkOrder(args.slice(0, i), [args[i]!], line, false);
    const callee = this.cx.byName.get(lc);
    if (callee !== undefined) return this.userCall(callee, args, line, asStatement);
    if (isBuiltin(lc)) {
      const rule = builtinRule(lc);
      if (args.length < rule.minArgs || args.length > rule.maxArgs) declineAt(`${lc}() with ${args.length} arguments`, line);
      for (const a of args) {
        if (a.type === 'bool') declineAt(`bool argument to ${lc}()`, line);
      }
      const types = args.map((a) => a.type as Ty);
      if (types.includes(BOT)) return { k: 'builtin', type: BOT as IrType, name: lc, opType: BOT as IrType, args };
      const typing = rule.type(types as IrType[]);
      if (typeof typing === 'string') return declineAt(`unsupported ${typing}`, line);
      const conv = args.map((a, i) => (lc === 'round' && i === 1 ? a : convert(a, typing.opType)));
      return { k: 'builtin', type: typing.result, name: lc, opType: typing.opType, args: conv };
    }
    return declineAt('unsupported call of a function outside the plan', line);
  }

  private userCall(callee: number, args: IrExpr[], line: number, asStatement: boolean): IrExpr {
    const target = this.cx.env.functions[callee]!;
    if (args.length !== target.paramTypes.length) {
      declineAt(`call passes ${args.length} arguments where the plan specialized ${target.paramTypes.length}`, line);
    }
    const conv = args.map((a, i) => {
      const guard = target.paramTypes[i]!;
      const t = a.type as Ty;
      if (t === BOT) return a;
      const ok = t === guard || (t === 'int' && target.declaredParams[i] === 'float');
      if (!ok) declineAt(`call passes ${t} where the plan specialized ${guard}`, line);
      return convert(a, target.localType(target.paramIds[i]!));
    });
    const type = target.returnType;
    if (type === 'null' && !asStatement) declineAt('using the result of a function that returns nothing', line);
    return { k: 'call', type: type as IrType, callee, args: conv, direct: false };
  }

  // ---- conversions the operators need ----

  private numeric(e: IrExpr, line: number): IrExpr {
    if (e.type === 'bool') return convert(e, 'int');
    if (e.type === 'null') declineAt('arithmetic on null', line);
    return e;
  }

  private truthy(e: IrExpr): IrExpr {
    return convert(e, 'bool');
  }
}

/** Inserts the implicit conversion from e's type to `to`; unknown (bottom) types pass through. */
export function convert(e: IrExpr, to: Ty): IrExpr {
  const from = e.type as Ty;
  if (from === to || from === BOT || to === BOT) return e;
  if (to === 'bool') return { k: 'convert', type: 'bool', mode: 'truthy', arg: e };
  if (from === 'bool' && to === 'float') return convert(convert(e, 'int'), 'float');
  if (from === 'bool' && to === 'num') return convert(convert(e, 'int'), 'num');
  if ((from === 'bool' && to === 'int') || (from === 'int' && (to === 'float' || to === 'num')) || (from === 'float' && to === 'num') || (from === 'num' && to === 'float')) {
    return { k: 'convert', type: to, mode: 'widen', arg: e };
  }
  throw new FrontendDecline(`cannot convert ${from} to ${to}`);
}

function toIntExact(e: IrExpr): IrExpr {
  if (e.type === 'int' || (e.type as Ty) === BOT) return e;
  return { k: 'convert', type: 'int', mode: 'exact', arg: e };
}

/** PHP number literal → int (decimal of the parsed value) or float (exact double). */
export function parseNumber(raw: string, line: number): IrExpr {
  const text = raw.replace(/_/g, '');
  const lower = text.toLowerCase();
  let big: bigint | undefined;
  if (/^0x[0-9a-f]+$/.test(lower)) big = BigInt(lower);
  else if (/^0b[01]+$/.test(lower)) big = BigInt(lower);
  else if (/^0o[0-7]+$/.test(lower)) big = BigInt(`0o${lower.slice(2)}`);
  else if (/^0[0-7]+$/.test(lower)) big = BigInt(`0o${lower.slice(1)}`);
  else if (/^[0-9]+$/.test(lower)) {
    big = BigInt(lower);
    // A decimal literal beyond PHP_INT_MAX is a float, parsed like zend_strtod (correctly rounded).
    if (big > 9223372036854775807n) return { k: 'const', type: 'float', value: Number(lower) };
    return { k: 'const', type: 'int', value: big };
  } else if (/^([0-9]+\.?[0-9]*|\.[0-9]+)(e[+-]?[0-9]+)?$/.test(lower)) {
    return { k: 'const', type: 'float', value: Number(lower) };
  }
  if (big === undefined) return declineAt('unsupported number literal', line);
  if (big > 9223372036854775807n) return declineAt('unsupported non-decimal literal beyond PHP_INT_MAX', line);
  return { k: 'const', type: 'int', value: big };
}

/** Locals an expression reads and writes. */
export function effectsOf(e: IrExpr, reads: Set<number>, writes: Set<number>): void {
  switch (e.k) {
    case 'const':
      return;
    case 'local':
      reads.add(e.id);
      return;
    case 'assign':
      writes.add(e.id);
      effectsOf(e.value, reads, writes);
      return;
    case 'incdec':
      reads.add(e.id);
      writes.add(e.id);
      return;
    case 'unary':
    case 'convert':
      effectsOf(e.arg, reads, writes);
      return;
    case 'binary':
    case 'logical':
      effectsOf(e.left, reads, writes);
      effectsOf(e.right, reads, writes);
      return;
    case 'cond':
      effectsOf(e.test, reads, writes);
      effectsOf(e.then, reads, writes);
      effectsOf(e.else, reads, writes);
      return;
    case 'call':
    case 'builtin':
      for (const a of e.args) effectsOf(a, reads, writes);
      return;
  }
}

/**
 * PHP reads a plain variable operand only when the operator runs, after all operands were
 * evaluated (`$a + ($a = 5)` is 10), while C++ leaves operand order unspecified. Rather than
 * reproduce that, decline any expression where one operand writes a local another one touches.
 * `assignment`: `$x = <expr>` where the target is the left side; there only writes in the value matter.
 */
function checkOrder(before: readonly IrExpr[], after: readonly IrExpr[], line: number, assignment: boolean): void {
  const r1 = new Set<number>();
  const w1 = new Set<number>();
  const r2 = new Set<number>();
  const w2 = new Set<number>();
  for (const e of before) effectsOf(e, r1, w1);
  for (const e of after) effectsOf(e, r2, w2);
  if (assignment) {
    for (const id of r1) if (w2.has(id)) declineAt('order-dependent side effects in an assignment', line);
    return;
  }
  for (const id of w2) if (r1.has(id) || w1.has(id)) declineAt('order-dependent side effects in an expression', line);
  for (const id of w1) if (r2.has(id)) declineAt('order-dependent side effects in an expression', line);
}

/** Whether control can reach the end of a statement list. */
function fallsThrough(list: readonly IrStmt[]): boolean {
  return list.every(stmtFallsThrough);
}

function stmtFallsThrough(s: IrStmt): boolean {
  switch (s.k) {
    case 'return':
    case 'break':
    case 'continue':
      return false;
    case 'if':
      return fallsThrough(s.then) || fallsThrough(s.else);
    case 'loop':
      return !isForever(s) || breaksOut(s.body, 1);
    default:
      return true;
  }
}

function isForever(s: Extract<IrStmt, { k: 'loop' }>): boolean {
  const t = s.test[s.test.length - 1];
  if (!t) return true;
  if (t.k === 'const') return t.value === true;
  return t.k === 'convert' && t.arg.k === 'const' && t.arg.type === 'int' && t.arg.value !== 0n;
}

/** Whether some `break` in `list` leaves the loop `depth` levels out. */
function breaksOut(list: readonly IrStmt[], depth: number): boolean {
  return list.some((s) =>
    s.k === 'break' ? s.levels >= depth : s.k === 'if' ? breaksOut(s.then, depth) || breaksOut(s.else, depth) : s.k === 'loop' ? breaksOut(s.body, depth + 1) : false,
  );
}
