// Lowers one php-parser function AST to typed IR under the module's current type environment.
// buildIr calls it repeatedly until local, return and world-slot types reach a fixed point (see type-env.ts).
import { builtinRule, isBuiltin, isMathBuiltin, lookupConstant, minMaxOfArray, SIGNATURES, type ArgKind, type ConstValue } from './builtins.ts';
import { convert, isPrintable, toIntExact } from './convert.ts';
import { declineAt, FrontendDecline } from './frontend-decline.ts';
import { closingIndent, decodeDoubleQuoted, decodeSingleQuoted, dedent, sourceBytes } from './php-strings.ts';
import { someExpr } from '../passes/map-ir.ts';
import type { ModuleFunctions } from './module-functions.ts';
import type { ClassTable, PropDecl } from './class-table.ts';
import { lineOf, type AstNode } from './parse-source.ts';
import { BOT, irTypeOfParam, joinTypes, storedElem, type TypeEnv, type Ty } from './type-env.ts';
import { arrayOf, classOfType, elemType, isArrayType, isObjectType, objectOf, type ObjectType, type ArithOp, type BinaryOp, type BitOp, type CompareOp, type IrExpr, type IrStmt, type IrType } from './types.ts';

export { convert } from './convert.ts';

/** What the lowering of one function needs to know about the module. */
export interface FunctionContext {
  readonly index: number;
  readonly lineBase: number;
  readonly env: TypeEnv;
  /** lcName → function index, for calls inside the plan. */
  readonly byName: ReadonlyMap<string, number>;
  /** The module's functions and classes (methods are added as calls find them); absent in hand-made contexts. */
  readonly module?: ModuleFunctions;
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

/** Pseudo local standing for "the output and the world" in order checks: calls of effectful functions, echo, print write it. */
export const WORLD_EFFECT = -1;
/** Pseudo local standing for "object properties": property reads read it; property writes and calls of functions writing properties write it. */
export const PROPS_EFFECT = -2;

/**
 * Declared PHP type of a parameter, return or property, reduced to what the subset honors; a class
 * type is `object<c>` (lowercased; the value may be of c or a subclass, PHP checks instanceof).
 */
export type DeclaredType = 'int' | 'float' | 'bool' | 'string' | 'array' | 'void' | 'any' | ObjectType;

/** `classOf` resolves a class name as written (`self` included) to its lowercased name; without it class types are declined. */
export function declaredTypeOf(node: unknown, nullable: boolean, line: number, classOf?: (name: string) => string): DeclaredType {
  if (node === null || node === undefined) return 'any';
  const t = node as AstNode;
  if (nullable) declineAt('unsupported nullable type declaration', line);
  if (t.kind === 'typereference') {
    const name = String(t['name']).toLowerCase();
    if (name === 'int' || name === 'float' || name === 'bool' || name === 'void' || name === 'string' || name === 'array') return name;
    if (name === 'mixed') return 'any';
  }
  if (classOf && (t.kind === 'name' || t.kind === 'selfreference') && t['resolution'] !== 'qn') return objectOf(classOf(String(t['name'] ?? 'self').replace(/^\\/, '')));
  return declineAt(`unsupported type declaration '${t.kind === 'typereference' || t.kind === 'name' ? String(t['name']) : t.kind}'`, line);
}

export function lowerFunction(fn: AstNode, cx: FunctionContext): LoweredFunction {
  const lower = new Lowerer(cx);
  return lower.run(fn);
}

/** A PHP lvalue `$local[k1]…[kn]` (a null key is `[]`). */
interface ElemPath {
  readonly id: number;
  readonly keys: readonly (AstNode | null)[];
}

class Lowerer {
  private loopDepth = 0;
  private tempCount = 0;
  /** Statements to run before the expression statement being lowered (hoisted element keys); null outside statement level. */
  private pre: IrStmt[] | null = null;

  constructor(private readonly cx: FunctionContext) {}

  private line(node: AstNode): number {
    return this.cx.lineBase + lineOf(node) - 1;
  }

  private get fenv() {
    return this.cx.env.functions[this.cx.index]!;
  }

  private get world() {
    return this.cx.env.world;
  }

  run(fn: AstNode): LoweredFunction {
    const params: number[] = [];
    const defaults: IrStmt[] = [];
    const args = fn['arguments'] as AstNode[];
    const self = this.fenv.thisClass !== undefined;
    if (self) params.push(this.fenv.paramIds[0]!);
    const arity = this.fenv.paramTypes.length - (self ? 1 : 0);
    const promoted: IrStmt[] = [];
    if (arity > args.length) declineAt(`plan passes ${arity} arguments to a function declaring ${args.length}`, this.line(fn));
    args.forEach((p, i) => {
      const line = this.line(p);
      if (p['variadic']) declineAt('unsupported construct \'variadic parameter\'', line);
      if (Array.isArray(p['attrGroups']) && (p['attrGroups'] as unknown[]).length > 0) declineAt('unsupported construct \'attribute\'', line);
      const name = (p['name'] as AstNode)['name'] as string;
      const id = this.fenv.localId(name);
      if ((p['flags'] as number | undefined) ?? 0) {
        // `__construct(public float $x)`: PHP assigns the property first thing in the body.
        if (!self || String((fn['name'] as AstNode)['name']).toLowerCase() !== '__construct') declineAt('unsupported construct \'promoted parameter\'', line);
        const thisExpr: IrExpr = { k: 'local', type: this.fenv.localType(this.fenv.paramIds[0]!) as IrType, id: this.fenv.paramIds[0]! };
        promoted.push({ k: 'expr', line, expr: this.propWrite(thisExpr, name, { k: 'local', type: this.fenv.localType(id) as IrType, id }, line) });
      }
      if (i < arity) {
        params.push(id);
      } else {
        if (p['byref']) declineAt('by-reference parameter without an argument', line);
        const dflt = p['value'] as AstNode | null;
        if (!dflt) declineAt('missing argument for a parameter without default', line);
        const value = this.constExpr(dflt);
        defaults.push({ k: 'expr', line, expr: this.assignTo(id, value, line) });
      }
    });
    const children = (fn['body'] as AstNode | null)?.['children'] as AstNode[] | undefined ?? [];
    // `global` and `static` declarations bind locals to the world for the whole body: only at its top.
    let first = 0;
    while (first < children.length && (children[first]!.kind === 'global' || children[first]!.kind === 'static')) {
      this.declareWorld(children[first]!);
      first++;
    }
    const body = [...promoted, ...this.block(children.slice(first))];
    if (fallsThrough(body)) {
      // Falling off the end returns null, like `return;`.
      const end = this.cx.lineBase + ((fn.loc as { end?: { line: number } } | null | undefined)?.end?.line ?? lineOf(fn)) - 1;
      body.push(this.bareReturn(end));
    }
    return { params, body, defaults };
  }

  private declareWorld(node: AstNode): void {
    const line = this.line(node);
    if (node.kind === 'global') {
      for (const v of node['items'] as AstNode[]) {
        const id = this.varId(v, line);
        if (this.fenv.paramIds.includes(id)) declineAt(`global $${this.fenv.localName(id)} shadows a parameter`, line);
        this.fenv.bindWorld(id, this.world.slot('global', this.fenv.localName(id)), line);
      }
      return;
    }
    for (const sv of node['variables'] as AstNode[]) {
      const v = sv.kind === 'staticvariable' ? (sv['variable'] as AstNode) : sv;
      const dflt = sv.kind === 'staticvariable' ? (sv['defaultValue'] as AstNode | null) : null;
      const id = this.varId(v, line);
      if (this.fenv.paramIds.includes(id)) declineAt(`static $${this.fenv.localName(id)} shadows a parameter`, line);
      const slot = this.world.slot('static', this.fenv.localName(id), this.fenv.name.toLowerCase());
      const init: IrExpr = dflt ? this.constExpr(dflt) : { k: 'null', type: 'mixed' };
      this.world.slots[slot]!.init = init;
      this.world.join(slot, init.type);
      this.fenv.bindWorld(id, slot, line);
    }
  }

  private bareReturn(line: number): IrStmt {
    const declared = this.fenv.declaredReturn;
    if (declared !== 'any' && declared !== 'void') declineAt(`returning null from a function declared ${declared}`, line);
    this.fenv.joinReturn('null', line);
    // A function that also returns values returns a mixed null here.
    const t = this.fenv.returnType;
    return { k: 'return', line, value: t === 'null' || t === BOT ? null : { k: 'null', type: 'mixed' } };
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
      case 'expressionstatement': {
        this.pre = [];
        try {
          const expr = this.expr(node['expression'] as AstNode, true);
          out.push(...this.pre, { k: 'expr', line, expr });
        } finally {
          this.pre = null;
        }
        return;
      }
      case 'echo':
        // `echo a, b` prints a before evaluating b (one ECHO per argument): one IR echo each.
        for (const e of node['expressions'] as AstNode[]) {
          const v = this.expr(e);
          if ((v.type as Ty) !== BOT && !isPrintable(v.type)) declineAt(`echo of ${v.type} (PHP warns "Array to string conversion")`, line);
          this.fenv.markEffectful();
          out.push({ k: 'echo', line, args: [v] });
        }
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
      case 'foreach':
        out.push(this.foreach(node, line));
        return;
      case 'switch':
        out.push(...this.switchStmt(node, line));
        return;
      case 'unset':
        for (const v of node['variables'] as AstNode[]) {
          const path = this.elemPath(v, line, 'unset');
          if (path.keys.length === 0) declineAt('unsupported construct \'unset of a variable\'', line);
          const keys = this.readKeys(path, line, 'unset');
          if (this.fenv.worldOf.has(path.id)) this.fenv.markEffectful();
          out.push({ k: 'unset', line, id: path.id, path: keys });
        }
        return;
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
        if (!e) {
          out.push(this.bareReturn(line));
          return;
        }
        const value = this.expr(e);
        const declared = this.fenv.declaredReturn;
        const t = value.type as Ty;
        if (declared === 'void') declineAt('returning a value from a void function', line);
        if (t !== BOT && declared !== 'any' && !returnFits(declared, t)) declineAt(`returning ${t} from a function declared ${declared}`, line);
        this.fenv.joinReturn(t, line);
        out.push({ k: 'return', line, value: convert(value, this.fenv.returnType) });
        return;
      }
      case 'global':
      case 'static':
        declineAt(`'${node.kind}' declaration not at the top of the function`, line);
        return;
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

  /**
   * switch: the subject once into a temporary, the first case it loosely equals (`==`, in order,
   * else `default`) selected by index, then a one-pass `do … while (false)` running every case body
   * from the selected one on (fall-through); `break` leaves it, and `continue` too, as in PHP.
   */
  private switchStmt(node: AstNode, line: number): IrStmt[] {
    const subject = this.expr(node['test'] as AstNode);
    const sid = this.fenv.localId(`#s${this.tempCount++}`);
    const sel = this.fenv.localId(`#s${this.tempCount++}`);
    const cases = ((node['body'] as AstNode)['children'] as AstNode[]).filter((c) => c.kind === 'case');
    const out: IrStmt[] = [{ k: 'expr', line, expr: this.assignTo(sid, subject, line) }];
    const setSel = (i: number): IrStmt => ({ k: 'expr', line, expr: this.assignTo(sel, { k: 'const', type: 'int', value: BigInt(i) }, line) });
    const dflt = cases.findIndex((c) => c['test'] === null);
    if (cases.filter((c) => c['test'] === null).length > 1) declineAt('switch with several defaults', line);
    // The selection chain, built from the last case back: if (subject == c0) sel = 0; else if …; else sel = default (or none).
    let chain: IrStmt[] = [setSel(dflt >= 0 ? dflt : cases.length)];
    for (let i = cases.length - 1; i >= 0; i--) {
      const t = cases[i]!['test'] as AstNode | null;
      if (t === null) continue;
      const subj: IrExpr = { k: 'local', type: this.fenv.localType(sid) as IrType, id: sid };
      const test = this.truthy(this.compare('eq', subj, this.expr(t)));
      chain = [{ k: 'if', line: this.line(cases[i]!), test, then: [setSel(i)], else: chain }];
    }
    out.push(...chain);
    const body: IrStmt[] = [];
    this.loopDepth++;
    try {
      cases.forEach((c, i) => {
        const stmts = this.body(c['body'] as AstNode | null);
        if (stmts.length === 0) return;
        const selected: IrExpr = { k: 'binary', type: 'bool', op: 'le', opType: 'int', left: { k: 'local', type: 'int', id: sel }, right: { k: 'const', type: 'int', value: BigInt(i) } };
        body.push({ k: 'if', line: this.line(c), test: selected, then: stmts, else: [] });
      });
    } finally {
      this.loopDepth--;
    }
    out.push({ k: 'loop', line, kind: 'do', init: [], test: [{ k: 'const', type: 'bool', value: false }], step: [], body });
    return out;
  }

  private foreach(node: AstNode, line: number): IrStmt {
    const subject = this.expr(node['source'] as AstNode);
    const st = subject.type as Ty;
    if (st !== BOT && !isArrayType(st)) declineAt(`foreach over ${st}`, line);
    const keyNode = node['key'] as AstNode | null;
    const valueNode = node['value'] as AstNode;
    if (valueNode['byref']) declineAt('unsupported construct \'foreach by reference\'', line);
    if (valueNode.kind === 'list') declineAt('unsupported construct \'list() in foreach\'', line);
    const plain = (n: AstNode): number => {
      if (n.kind !== 'variable') declineAt(`unsupported foreach target '${n.kind}'`, line);
      const id = this.varId(n, line);
      if (this.fenv.worldOf.has(id) || this.fenv.byRef.has(id)) declineAt('foreach into a global, static or by-reference variable', line);
      return id;
    };
    const elem: Ty = st === BOT ? BOT : elemType(st as `array<${string}>`);
    const prologue: IrStmt[] = [];
    // The IR binds loop variables of exactly the key/element type; a wider variable gets it through a temporary.
    const bind = (target: number, t: Ty): number => {
      const lt = this.fenv.joinLocal(target, t, line);
      if (lt === t || t === BOT) return target;
      const tmp = this.fenv.localId(`#f${this.tempCount++}`);
      this.fenv.joinLocal(tmp, t, line);
      prologue.push({ k: 'expr', line, expr: this.assignTo(target, { k: 'local', type: t as IrType, id: tmp }, line) });
      return tmp;
    };
    const keyId = keyNode ? bind(plain(keyNode), 'mixed') : null;
    const valueId = bind(plain(valueNode), elem);
    if (keyId !== null && keyId === valueId) declineAt('foreach with the same key and value variable', line);
    const body = this.loopBody(node['body'] as AstNode);
    return { k: 'foreach', line, subject, keyId, valueId, body: [...prologue, ...body] };
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
      case 'string':
      case 'nowdoc':
        return this.literal(node);
      case 'encapsed':
        return this.encapsed(node, line);
      case 'nullkeyword':
        return { k: 'null', type: 'mixed' };
      case 'name':
        return this.constantRef(node, line);
      case 'new':
        return this.newObject(node, line);
      case 'propertylookup':
        return this.propRead(node, line);
      case 'staticlookup': {
        const what = node['what'] as AstNode;
        const offset = node['offset'] as AstNode;
        if (offset.kind === 'identifier' && this.cx.module && (what.kind !== 'name' || this.cx.module.classes.has(String(what['name']).replace(/^\\/, '').toLowerCase()))) {
          return this.classConstant(what, String(offset['name']), line);
        }
        if (what.kind !== 'name' || offset.kind !== 'identifier') return declineAt('unsupported construct \'static member access\'', line);
        const cls = String(what['name']).replace(/^\\/, '');
        if (['self', 'static', 'parent'].includes(cls.toLowerCase()) || String(offset['name']).toLowerCase() === 'class') {
          return declineAt(`unsupported construct '${cls}::${String(offset['name'])}'`, line);
        }
        return this.runtimeConstant(`${cls}::${String(offset['name'])}`);
      }
      case 'array':
        return this.arrayLiteral(node, line);
      case 'offsetlookup':
        return this.offsetRead(node, line);
      case 'variable':
        return this.readVar(node, line);
      case 'assign':
        return this.assign(node, line, asStatement);
      case 'pre':
      case 'post':
        return this.incdec(node, line, asStatement);
      case 'unary': {
        const arg = this.expr(node['what'] as AstNode);
        switch (node['type']) {
          case '!':
            return { k: 'unary', type: 'bool', op: 'not', arg: this.truthy(arg) };
          case '+':
            // PHP compiles +$x as $x * 1: a string or tagged operand converts to a number.
            if (arg.type === 'string' || arg.type === 'mixed' || isArrayType(arg.type)) return this.arith('mul', arg, { k: 'const', type: 'int', value: 1n }, line);
            return this.numeric(arg, line);
          case '-': {
            if (isArrayType(arg.type)) return declineAt('negation of an array (PHP throws TypeError)', line);
            const a = arg.type === 'string' ? convert(arg, 'mixed') : this.numeric(arg, line);
            return { k: 'unary', type: a.type, op: 'neg', arg: a };
          }
          case '~':
            // PHP throws TypeError ("Cannot perform bitwise not on bool") whatever the value.
            if (arg.type === 'bool') return declineAt('bitwise not of a bool (PHP throws TypeError)', line);
            if (arg.type === 'string' || arg.type === 'mixed' || isArrayType(arg.type)) return declineAt(`bitwise not of ${arg.type}`, line);
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
      case 'isset':
        return this.isset(node, line);
      case 'empty':
        return this.empty(node, line);
      case 'print': {
        const arg = this.expr(node['expression'] as AstNode);
        this.fenv.markEffectful();
        return { k: 'print', type: 'int', arg: this.toStr(arg, line) };
      }
      case 'list':
        return declineAt('unsupported construct \'list()\'', line);
      default:
        return declineAt(`unsupported construct '${node.kind}'`, line);
    }
  }

  /** A constant expression: a literal, a null, an array of constant expressions, a compile-time constant (defaults, static inits). */
  private constExpr(node: AstNode): IrExpr {
    const line = this.line(node);
    if (node.kind === 'nullkeyword') return { k: 'null', type: 'mixed' };
    if (node.kind === 'array') {
      const items = node['items'] as AstNode[];
      for (const it of items) {
        const key = it['key'] as AstNode | null;
        if (key) this.constExpr(key);
        this.constExpr(it['value'] as AstNode);
      }
      return this.arrayLiteral(node, line);
    }
    return this.literal(node);
  }

  /** A literal: number, boolean, string, a unary minus/plus of a number, or a compile-time constant. */
  private literal(node: AstNode): IrExpr {
    const line = this.line(node);
    if (node.kind === 'boolean') return { k: 'const', type: 'bool', value: node['value'] === true };
    if (node.kind === 'number') return parseNumber(String(node['value']), line);
    if (node.kind === 'string') return { k: 'const', type: 'string', value: stringLiteral(node, line) };
    if (node.kind === 'nowdoc') return { k: 'const', type: 'string', value: nowdocLiteral(node) };
    if (node.kind === 'encapsed' && node['type'] !== 'shell') {
      const e = this.encapsed(node, line);
      if (e.k === 'const') return e;
    }
    if (node.kind === 'unary' && (node['type'] === '-' || node['type'] === '+')) {
      const inner = this.literal(node['what'] as AstNode);
      if (node['type'] === '+' && inner.type !== 'string') return inner;
      if (inner.k === 'const' && inner.type === 'float') return { k: 'const', type: 'float', value: -inner.value };
      if (inner.k === 'const' && inner.type === 'int' && inner.value !== -9223372036854775808n) return { k: 'const', type: 'int', value: -inner.value };
    }
    if (node.kind === 'name') {
      const c = lookupConstant(String(node['name']));
      if (c) return constOf(c);
    }
    return declineAt('unsupported constant expression (only literals, arrays of literals and builtin constants)', line);
  }

  private constantRef(node: AstNode, line: number): IrExpr {
    if (node['resolution'] === 'qn') declineAt('unsupported construct \'qualified constant\'', line);
    const name = String(node['name']).replace(/^\\/, '');
    const c = lookupConstant(name);
    if (c) return constOf(c);
    const lc = name.toLowerCase();
    if (lc === 'true' || lc === 'false') return { k: 'const', type: 'bool', value: lc === 'true' };
    if (lc === 'null') return { k: 'null', type: 'mixed' };
    return this.runtimeConstant(name);
  }

  /** A user constant (define()/const/class constant): its value is only known at run time; its type may be hinted (see WorldEnv). */
  private runtimeConstant(name: string): IrExpr {
    const type = this.world.slots[this.world.slot('constant', name)]!.type;
    return { k: 'constant', type: type === BOT ? 'mixed' : type, name };
  }

  /** "…$a…{$b[1]}…" and heredocs: a concat of literal bytes and string conversions. */
  private encapsed(node: AstNode, line: number): IrExpr {
    const kind = String(node['type']);
    if (kind === 'shell') return declineAt('unsupported construct \'shell command\'', line);
    const heredoc = kind === 'heredoc';
    const parts = node['value'] as AstNode[];
    const indent = heredoc ? closingIndent(String(node['raw']), String(node['label'])) : 0;
    const out: IrExpr[] = [];
    parts.forEach((p, i) => {
      const e = p.kind === 'encapsedpart' ? (p['expression'] as AstNode) : p;
      if (e.kind === 'string' && p['syntax'] === null) {
        let raw = String(e['raw']);
        if (heredoc) {
          raw = dedent(raw, indent, i === 0);
          // The newline before the closing marker is not part of the heredoc.
          if (i === parts.length - 1) raw = raw.replace(/\n[ \t]*$/, '');
        }
        const bytes = decodeDoubleQuoted(raw, heredoc);
        if (bytes !== '') out.push({ k: 'const', type: 'string', value: bytes });
        return;
      }
      if (heredoc && i === parts.length - 1) declineAt('unsupported heredoc form', line);
      out.push(this.toStr(this.interpolated(e, p['syntax'] === 'simple', line), line));
    });
    this.checkSequence(out, line);
    if (out.length === 0) return { k: 'const', type: 'string', value: '' };
    if (out.length === 1 && out[0]!.k === 'const') return out[0]!;
    return { k: 'concat', type: 'string', parts: out };
  }

  /** An interpolated expression; in "$a[…]" (simple syntax) an unquoted key is a string and only canonical decimals are ints. */
  private interpolated(e: AstNode, simple: boolean, line: number): IrExpr {
    if (!simple || e.kind !== 'offsetlookup') return this.expr(e);
    const off = e['offset'] as AstNode;
    const base = this.expr(e['what'] as AstNode);
    let key: IrExpr;
    if (off.kind === 'number') {
      if (!/^(0|[1-9][0-9]*)$/.test(String(off['value']))) return declineAt('unsupported non-canonical number in a string interpolation key', line);
      key = parseNumber(String(off['value']), line);
    } else if (off.kind === 'unary' && off['type'] === '-' && (off['what'] as AstNode).kind === 'number') {
      key = this.literal(off);
    } else if (off.kind === 'identifier' || off.kind === 'name') {
      key = { k: 'const', type: 'string', value: sourceBytes(String(off['name'])) };
    } else if (off.kind === 'string') {
      key = { k: 'const', type: 'string', value: sourceBytes(String(off['value'])) };
    } else {
      key = this.expr(off);
    }
    return this.indexOf(base, key, line);
  }

  private arrayLiteral(node: AstNode, line: number): IrExpr {
    const raw = (node['items'] as (AstNode | null)[]).map((it) => {
      if (!it) return declineAt('unsupported construct \'empty array element\'', line);
      if (it['byRef']) declineAt('unsupported construct \'reference in an array literal\'', line);
      if (it['unpack']) declineAt('unsupported construct \'spread in an array literal\'', line);
      const keyNode = it['key'] as AstNode | null;
      return { key: keyNode ? this.keyOf(this.expr(keyNode), line) : null, value: this.expr(it['value'] as AstNode) };
    });
    this.checkSequence(raw.flatMap((r) => (r.key ? [r.key, r.value] : [r.value])), line);
    let elem: Ty = BOT;
    for (const r of raw) elem = joinTypes(elem, storedElem(r.value.type as IrType));
    if (elem === 'num') elem = 'mixed';
    const items = raw.map((r) => ({ key: r.key, value: convert(r.value, elem) }));
    return { k: 'array', type: arrayOf(elem as IrType), items };
  }

  /** A key as the runtime takes it: int, string or mixed (bool → int; float → int, exact; arrays are a TypeError). */
  private keyOf(k: IrExpr, line: number): IrExpr {
    const t = k.type as Ty;
    if (t === BOT || t === 'int' || t === 'string' || t === 'mixed') return k;
    if (t === 'bool') return convert(k, 'int');
    if (t === 'float' || t === 'num') return toIntExact(k);
    return declineAt(`array key of type ${t} (Illegal offset type)`, line);
  }

  private offsetRead(node: AstNode, line: number): IrExpr {
    const what = node['what'] as AstNode;
    const off = node['offset'] as AstNode | false;
    if (what.kind === 'variable' && what['name'] === 'GLOBALS') {
      if (!off || off.kind !== 'string') return declineAt('unsupported construct \'$GLOBALS with a computed name\'', line);
      return this.readGlobal(sourceBytes(String(off['value'])), line);
    }
    if (!off) return declineAt('cannot read $a[] (PHP: "Cannot use [] for reading")', line);
    const base = this.expr(what);
    const key = this.expr(off);
    this.checkSequence([base, key], line);
    return this.indexOf(base, key, line);
  }

  private readGlobal(name: string, line: number): IrExpr {
    const slot = this.world.slot('global', name);
    let id: number | undefined;
    if (this.fenv.hasLocal(name) && this.fenv.worldOf.get(this.fenv.localId(name)) === slot) id = this.fenv.localId(name);
    else {
      id = this.fenv.localId(`#g:${name}`);
      this.fenv.bindWorld(id, slot, line);
    }
    this.fenv.markEffectful();
    return { k: 'local', type: this.fenv.localType(id) as IrType, id };
  }

  private indexOf(base: IrExpr, key: IrExpr, line: number): IrExpr {
    const bt = base.type as Ty;
    if (bt === BOT) return { k: 'index', type: BOT as IrType, base, key };
    if (bt === 'string') {
      const kt = key.type as Ty;
      if (kt !== 'int' && kt !== 'mixed' && kt !== BOT) return declineAt(`string offset of type ${kt}`, line);
      return { k: 'str_index', type: 'string', base, index: kt === 'mixed' ? convert(key, 'int') : key };
    }
    if (bt === 'mixed') {
      // A tagged value read as an array (nested elements of array<mixed>): DEOPT unless it holds one.
      return { k: 'index', type: 'mixed', base: convert(base, arrayOf('mixed')), key: this.keyOf(key, line) };
    }
    if (!isArrayType(bt)) return declineAt(`reading an offset of a ${bt} value`, line);
    return { k: 'index', type: elemType(bt), base, key: this.keyOf(key, line) };
  }

  private varId(node: AstNode, line: number): number {
    if (node.kind !== 'variable' || typeof node['name'] !== 'string' || node['curly']) {
      return declineAt(`unsupported construct '${node.kind === 'variable' ? 'variable variable' : node.kind}'`, line);
    }
    const name = node['name'] as string;
    if (name === 'this' && this.fenv.thisClass === undefined) declineAt('unsupported construct \'$this\' outside an instance method', line);
    if (name === 'GLOBALS' || name.startsWith('_')) declineAt('unsupported construct \'superglobal\'', line);
    return this.fenv.localId(name);
  }

  private readVar(node: AstNode, line: number): IrExpr {
    const id = this.varId(node, line);
    // Reading the world makes calls of this function order-sensitive too.
    if (this.fenv.worldOf.has(id)) this.fenv.markEffectful();
    return { k: 'local', type: this.fenv.localType(id) as IrType, id };
  }

  private assignTo(id: number, value: IrExpr, line: number): IrExpr {
    if (value.type === 'null') declineAt('assigning the result of a function that returns nothing', line);
    const t = this.fenv.joinLocal(id, value.type as Ty, line);
    if (this.fenv.worldOf.has(id)) this.fenv.markEffectful();
    return { k: 'assign', type: t as IrType, id, value: convert(value, t) };
  }

  /** `$local[k1]…[kn]` as an lvalue (unset, isset, element writes). */
  private elemPath(node: AstNode, line: number, what: string): ElemPath {
    const keys: (AstNode | null)[] = [];
    let n = node;
    while (n.kind === 'offsetlookup') {
      const off = n['offset'] as AstNode | false;
      keys.unshift(off ? off : null);
      n = n['what'] as AstNode;
    }
    if (n.kind === 'variable' && n['name'] === 'GLOBALS') return declineAt(`${what} through $GLOBALS`, line);
    if (n.kind !== 'variable') return declineAt(`unsupported ${what} target '${n.kind}'`, line);
    return { id: this.varId(n, line), keys };
  }

  /** Keys of a path that is only read (isset/unset): no appends; the path must run through arrays. */
  private readKeys(path: ElemPath, line: number, what: string): IrExpr[] {
    let t = this.fenv.localType(path.id);
    return path.keys.map((k) => {
      if (!k) return declineAt(`[] in ${what}`, line);
      if (t !== BOT && !isArrayType(t)) declineAt(`${what} of an offset of a ${t} value`, line);
      t = t === BOT ? BOT : elemType(t as `array<${string}>`);
      return this.keyOf(this.expr(k), line);
    });
  }

  private assign(node: AstNode, line: number, asStatement: boolean): IrExpr {
    const left = node['left'] as AstNode;
    const op = String(node['operator']);
    if (left.kind === 'list') return declineAt('unsupported construct \'list()\'', line);
    if (left.kind === 'offsetlookup') return this.elemAssign(node, line, asStatement);
    if (left.kind === 'propertylookup') return this.propAssign(node, line);
    const id = this.varId(left, line);
    if (id === this.fenv.paramIds[0] && this.fenv.thisClass !== undefined) declineAt('assignment to $this', line);
    if (op === '??=') return declineAt('unsupported operator \'??=\'', line);
    const right = this.expr(node['right'] as AstNode);
    if (op === '=') {
      if (right.k !== 'assign' || right.id !== id) this.checkOrder([{ k: 'local', type: 'int', id }], [right], line, true);
      return this.assignTo(id, right, line);
    }
    const current: IrExpr = { k: 'local', type: this.fenv.localType(id) as IrType, id };
    this.checkOrder([current], [right], line, false);
    return this.assignTo(id, this.compound(op, current, right, line), line);
  }

  /** The operation of a compound assignment `x op= v` (arithmetic, bitwise or `.=`). */
  private compound(op: string, current: IrExpr, right: IrExpr, line: number): IrExpr {
    if (op === '.=') return this.concat(current, right, line);
    const arith = COMPOUND[op];
    if (arith) return this.arith(arith, current, right, line);
    const bit = COMPOUND_BIT[op];
    if (bit) return this.bitwise(bit, current, right, line);
    return declineAt(`unsupported operator '${op}'`, line);
  }

  /**
   * `$a[k1]…[kn] = v`, `$a[] = v` and compound `$a[k] op= v`. Keys with side effects are hoisted
   * into temporaries before the statement (they are evaluated once, before the value, as in PHP).
   */
  private elemAssign(node: AstNode, line: number, _asStatement: boolean): IrExpr {
    const op = String(node['operator']);
    if (op === '??=') return declineAt('unsupported operator \'??=\'', line);
    if (propPathOf(node['left'] as AstNode)) return this.propElemAssign(node['left'] as AstNode, op, () => this.expr(node['right'] as AstNode), line, false);
    const path = this.elemPath(node['left'] as AstNode, line, 'element assignment');
    const keys = path.keys.map((k) => (k ? this.stableKey(this.keyOf(this.expr(k), line), line) : null));
    const value = this.expr(node['right'] as AstNode);
    let newValue = value;
    if (op !== '=') {
      if (keys.some((k) => k === null)) return declineAt(`'${op}' on $a[]`, line);
      const current = this.readPath(path.id, keys as IrExpr[], line);
      this.checkOrder([current], [value], line, false);
      newValue = this.compound(op, current, value, line);
    }
    return this.writePath(path.id, keys, newValue, line, value);
  }

  /** A key that may be evaluated where the IR puts it: pure ones as they are, others through a hoisted temporary. */
  private stableKey(k: IrExpr, line: number): IrExpr {
    if (isPure(k)) return k;
    if (this.pre === null) return declineAt('element key with side effects inside an expression', line);
    const tmp = this.fenv.localId(`#k${this.tempCount++}`);
    this.pre.push({ k: 'expr', line, expr: this.assignTo(tmp, k, line) });
    return { k: 'local', type: this.fenv.localType(tmp) as IrType, id: tmp };
  }

  private readPath(id: number, keys: readonly IrExpr[], line: number): IrExpr {
    let e: IrExpr = { k: 'local', type: this.fenv.localType(id) as IrType, id };
    for (const k of keys) e = this.indexOf(e, k, line);
    return e;
  }

  /** `userValue`: the right-hand side as written (for `op=` and `++`, `value` also reads the element itself, which is fine). */
  private writePath(id: number, keys: readonly (IrExpr | null)[], value: IrExpr, line: number, userValue: IrExpr = value): IrExpr {
    if (value.type === 'null') declineAt('assigning the result of a function that returns nothing', line);
    const vt = value.type as Ty;
    // The local must be an array of arrays … of the value's type; joining widens it as needed.
    let needed: Ty = vt === BOT ? BOT : storedElem(vt as IrType);
    for (let i = 0; i < keys.length; i++) needed = needed === BOT ? BOT : arrayOf(needed as IrType);
    const lt = needed === BOT ? this.fenv.localType(id) : this.fenv.joinLocal(id, needed, line);
    if (this.fenv.worldOf.has(id)) this.fenv.markEffectful();
    let t = lt;
    for (let i = 0; i < keys.length; i++) {
      if (t === BOT) break;
      if (!isArrayType(t)) return declineAt(`element write into a ${t} value`, line);
      t = elemType(t);
    }
    const pure = keys.filter((k): k is IrExpr => k !== null);
    this.checkOrder(pure, [userValue], line, false);
    if (keys.length > 1) {
      // Codegen may create missing intermediate arrays before the value runs.
      const reads = new Set<number>();
      effectsOf(userValue, reads, new Set(), this.effects);
      if (reads.has(id)) declineAt('nested element write whose value reads the same array', line);
    }
    const valueWrites = new Set<number>();
    effectsOf(userValue, new Set(), valueWrites, this.effects);
    if (valueWrites.has(id)) declineAt('element write whose value writes the same variable', line);
    return { k: 'elem_assign', type: t as IrType, id, path: keys, value: convert(value, t) };
  }

  private incdec(node: AstNode, line: number, asStatement: boolean): IrExpr {
    const what = node['what'] as AstNode;
    const inc = node['type'] === '+';
    if (what.kind === 'offsetlookup') {
      // $a[k]++ as a statement (or ++$a[k]): a read-modify-write of a number element.
      if (node.kind === 'post' && !asStatement) return declineAt('unsupported construct \'element post-increment inside an expression\'', line);
      if (propPathOf(what)) return this.propElemAssign(what, inc ? '+=' : '-=', () => ({ k: 'const', type: 'int', value: 1n }), line, true);
      const path = this.elemPath(what, line, 'increment');
      if (path.keys.some((k) => k === null)) return declineAt('increment of $a[]', line);
      const keys = path.keys.map((k) => this.stableKey(this.keyOf(this.expr(k!), line), line));
      const current = this.readPath(path.id, keys, line);
      const ct = current.type as Ty;
      if (ct !== BOT && ct !== 'int' && ct !== 'float' && ct !== 'num') return declineAt(`increment of a ${ct} element`, line);
      const one: IrExpr = { k: 'const', type: 'int', value: 1n };
      return this.writePath(path.id, keys, this.arith(inc ? 'add' : 'sub', current, one, line), line, one);
    }
    if (what.kind === 'propertylookup') {
      if (node.kind === 'post' && !asStatement) return declineAt('unsupported construct \'property post-increment inside an expression\'', line);
      const obj = this.propObject(what, line);
      const current = this.propRead(what, line, obj);
      const ct = current.type as Ty;
      if (ct !== BOT && ct !== 'int' && ct !== 'float' && ct !== 'num') return declineAt(`increment of a ${ct} property`, line);
      return this.propWrite(obj, this.propName(what, line), this.arith(inc ? 'add' : 'sub', current, { k: 'const', type: 'int', value: 1n }, line), line);
    }
    const id = this.varId(what, line);
    if (this.fenv.worldOf.has(id)) {
      // A global/static counter: guard it as a number (an unset or null one DEOPTs and PHP starts it).
      this.fenv.joinLocal(id, 'int', line);
      this.fenv.markEffectful();
    }
    const t = this.fenv.localType(id);
    if (t !== BOT && t !== 'int' && t !== 'float' && t !== 'num') declineAt(`increment of a ${t}`, line);
    return { k: 'incdec', type: t as IrType, id, op: inc ? 'inc' : 'dec', prefix: node.kind === 'pre' };
  }

  private isset(node: AstNode, line: number): IrExpr {
    const tests = (node['variables'] as AstNode[]).map((v) => this.issetOne(v, line, false));
    return tests.reduce((a, b) => ({ k: 'logical', type: 'bool', op: 'and', left: a, right: b }));
  }

  private issetOne(v: AstNode, line: number, empty: boolean): IrExpr {
    if (v.kind === 'offsetlookup' && (v['what'] as AstNode).kind === 'variable' && (v['what'] as AstNode)['name'] === 'GLOBALS') {
      return declineAt('isset/empty of $GLOBALS', line);
    }
    if (v.kind === 'propertylookup' || propPathOf(v)) return this.propIsset(v, line, empty);
    if (v.kind !== 'variable' && v.kind !== 'offsetlookup') return declineAt(`isset/empty of '${v.kind}'`, line);
    const path = this.elemPath(v, line, 'isset');
    const keys = this.readKeys(path, line, 'isset');
    this.checkSequence(keys, line);
    return { k: 'isset', type: 'bool', id: path.id, path: keys, ...(empty ? { empty } : {}) };
  }

  private empty(node: AstNode, line: number): IrExpr {
    const e = node['expression'] as AstNode;
    if (e.kind === 'variable' || e.kind === 'offsetlookup') return this.issetOne(e, line, true);
    return { k: 'unary', type: 'bool', op: 'not', arg: this.truthy(this.expr(e)) };
  }

  private binary(node: AstNode, line: number): IrExpr {
    const type = String(node['type']);
    if (type === '??') return this.coalesce(node, line);
    if (type === 'instanceof') return this.instanceOf(node, line);
    const left = this.expr(node['left'] as AstNode);
    const right = this.expr(node['right'] as AstNode);
    if (type === '&&' || type === 'and' || type === '||' || type === 'or') {
      // Short-circuit: the right side runs after the left one in PHP and in C++ alike.
      return { k: 'logical', type: 'bool', op: type === '&&' || type === 'and' ? 'and' : 'or', left: this.truthy(left), right: this.truthy(right) };
    }
    this.checkOrder([left], [right], line, false);
    if (type === 'xor') return { k: 'logical', type: 'bool', op: 'xor', left: this.truthy(left), right: this.truthy(right) };
    if (type === '.') return this.concat(left, right, line);
    const arith = ARITH[type];
    if (arith) return this.arith(arith, left, right, line);
    const bit = BITWISE[type];
    if (bit) return this.bitwise(bit, left, right, line);
    const cmp = COMPARE[type];
    if (cmp) return this.compare(cmp, left, right);
    return declineAt(`unsupported operator '${type}'`, line);
  }

  /** `$a[k] ?? d` / `$x ?? d`: isset, then the value (read without a warning), else the default. */
  private coalesce(node: AstNode, line: number): IrExpr {
    const l = node['left'] as AstNode;
    if (l.kind === 'propertylookup' || propPathOf(l)) {
      // isset, then the read (which cannot miss then), else the default.
      const test = this.propIsset(l, line, false);
      if (!isPure(test)) return declineAt('\'??\' with a key that has side effects', line);
      const pp = propPathOf(l) ?? { prop: l, keys: [] };
      let then = this.propRead(pp.prop, line, (test as Extract<IrExpr, { k: 'prop_isset' }>).obj);
      for (const k of (test as Extract<IrExpr, { k: 'prop_isset' }>).path) then = this.indexOf(then, k, line);
      const otherwise = this.expr(node['right'] as AstNode);
      const type = joinTypes(then.type as Ty, otherwise.type as Ty);
      return { k: 'cond', type: type as IrType, test, then: convert(then, type), else: convert(otherwise, type) };
    }
    if (l.kind !== 'variable' && l.kind !== 'offsetlookup') return declineAt(`unsupported '??' on '${l.kind}'`, line);
    const path = this.elemPath(l, line, '??');
    const keys = this.readKeys(path, line, '??');
    if (!keys.every(isPure)) return declineAt('\'??\' with a key that has side effects', line);
    const test: IrExpr = { k: 'isset', type: 'bool', id: path.id, path: keys };
    const then = this.readPath(path.id, keys, line);
    const otherwise = this.expr(node['right'] as AstNode);
    const type = joinTypes(then.type as Ty, otherwise.type as Ty);
    return { k: 'cond', type: type as IrType, test, then: convert(then, type), else: convert(otherwise, type) };
  }

  private concat(l: IrExpr, r: IrExpr, line: number): IrExpr {
    const parts = [l, r].flatMap((e) => (e.k === 'concat' ? e.parts : [this.toStr(e, line)]));
    return { k: 'concat', type: 'string', parts };
  }

  /** PHP's string conversion of a value (arrays: "Array to string conversion" warning → decline). */
  private toStr(e: IrExpr, line: number): IrExpr {
    const t = e.type as Ty;
    if (t === BOT || t === 'string') return e;
    if (!isPrintable(t)) return declineAt(`${t} to string conversion`, line);
    return { k: 'convert', type: 'string', mode: 'tostr', arg: e };
  }

  private arith(op: ArithOp, l0: IrExpr, r0: IrExpr, line: number): IrExpr {
    const left = this.numeric(l0, line);
    const right = this.numeric(r0, line);
    const lt = left.type as Ty;
    const rt = right.type as Ty;
    if (lt === BOT || rt === BOT) return { k: 'binary', type: BOT as IrType, op, opType: BOT as IrType, left, right };
    if (isArrayType(lt) || isArrayType(rt)) {
      // array + array is the union; any other arithmetic on an array throws TypeError.
      if (op !== 'add' || !isArrayType(lt) || !isArrayType(rt)) return declineAt(`arithmetic '${op}' on an array`, line);
      return { k: 'binary', type: 'mixed', op, opType: 'mixed', left: convert(left, 'mixed'), right: convert(right, 'mixed') };
    }
    if (op === 'mod') {
      return { k: 'binary', type: 'int', op, opType: 'int', left: this.intOperand(left, line), right: this.intOperand(right, line) };
    }
    let opType: IrType;
    if (lt === 'mixed' || rt === 'mixed' || lt === 'string' || rt === 'string') opType = 'mixed';
    else if (lt === 'float' || rt === 'float') opType = 'float';
    else if (lt === 'num' || rt === 'num') opType = 'num';
    else opType = 'int';
    let type: IrType = opType;
    if (opType === 'int' && (op === 'div' || op === 'pow')) type = 'num';
    return { k: 'binary', type, op, opType, left: convert(left, opType), right: convert(right, opType) };
  }

  /** Operand of %, shifts and bitwise ops: an int (floats exactly, mixed unboxed; strings are declined). */
  private intOperand(e: IrExpr, line: number): IrExpr {
    if (e.type === 'string' || isArrayType(e.type)) return declineAt(`integer operator on ${e.type}`, line);
    return toIntExact(e);
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
    return { k: 'binary', type: 'int', op, opType: 'int', left: this.intOperand(left, line), right: this.intOperand(right, line) };
  }

  private compare(op: CompareOp, left: IrExpr, right: IrExpr): IrExpr {
    const lt = left.type as Ty;
    const rt = right.type as Ty;
    // `<=>` gives -1, 0 or 1; every other comparison a bool.
    const type: IrType = op === 'cmp' ? 'int' : 'bool';
    if (lt === BOT || rt === BOT) return { k: 'binary', type, op, opType: BOT as IrType, left, right };
    if (isObjectType(lt) || isObjectType(rt)) {
      // === is identity (one class: a handle compare; two classes: never); ==, < … compare properties or call __toString.
      if (op !== 'ident' && op !== 'nident') throw new FrontendDecline(`unsupported comparison '${op}' of objects`);
      return { k: 'binary', type, op, opType: lt === rt ? lt : 'null', left, right };
    }
    const num = (t: Ty) => t === 'int' || t === 'float' || t === 'num';
    let opType: IrType;
    if (op === 'ident' || op === 'nident') {
      // === never converts: different static kinds are simply not identical (num and mixed decide at run time).
      if (lt === rt && !isArrayType(lt)) opType = lt;
      else if (lt === 'mixed' || rt === 'mixed' || (isArrayType(lt) && isArrayType(rt))) opType = 'mixed';
      else if ((lt === 'num' && num(rt)) || (rt === 'num' && num(lt))) opType = 'num';
      else return { k: 'binary', type, op, opType: 'null', left, right };
    } else if (lt === 'bool' || rt === 'bool') opType = 'bool';
    else if (lt === 'int' && rt === 'int') opType = 'int';
    else if (lt === 'string' && rt === 'string') opType = 'string';
    else if (num(lt) && num(rt)) opType = lt === 'num' || rt === 'num' ? 'num' : 'float';
    // Strings against numbers (PHP 8 numeric-string rules), arrays, null: the tagged comparison.
    else opType = 'mixed';
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
    return { k: 'cond', type: type as IrType, test, then: convert(then, type), else: convert(otherwise, type) };
  }

  private cast(node: AstNode, line: number): IrExpr {
    const arg = this.expr(node['expr'] as AstNode);
    const to = String(node['type']);
    const t = arg.type as Ty;
    if (to === 'string') return this.toStr(arg, line);
    if (to !== 'int' && to !== 'float' && to !== 'bool') return declineAt(`unsupported cast '${String(node['raw'] ?? to)}'`, line);
    if (t === BOT) return { k: 'convert', type: to, mode: 'cast', arg };
    if (to === 'bool') return this.truthy(arg);
    if (t === 'string' || t === 'mixed' || isArrayType(t)) return declineAt(`unsupported cast of ${t} to ${to}`, line);
    if (to === 'int') {
      if (t === 'int') return arg;
      if (t === 'bool') return convert(arg, 'int');
      return { k: 'convert', type: 'int', mode: 'cast', arg };
    }
    return convert(this.numeric(arg, line), 'float');
  }

  private call(node: AstNode, line: number, asStatement: boolean): IrExpr {
    const what = node['what'] as AstNode;
    if (what.kind === 'propertylookup' || what.kind === 'staticlookup') {
      for (const a of node['arguments'] as AstNode[]) {
        if (a.kind === 'variadic' || a.kind === 'namedargument' || a.kind === 'variadicplaceholder') declineAt(`unsupported construct '${a.kind}'`, line);
      }
      return what.kind === 'propertylookup' ? this.methodCall(what, node['arguments'] as AstNode[], line, asStatement) : this.staticCall(what, node['arguments'] as AstNode[], line, asStatement);
    }
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
    if (lc === 'define' || lc === 'constant' || lc === 'defined') return declineAt(`unsupported call of ${lc}() inside a region`, line);
    const callee = this.cx.byName.get(lc);
    if (callee !== undefined) return this.userCall(callee, argNodes, line, asStatement);
    if (isMathBuiltin(lc)) return this.mathBuiltin(lc, argNodes, line);
    if (isBuiltin(lc)) return this.builtin(lc as keyof typeof SIGNATURES, argNodes, line);
    return declineAt(`unsupported call of ${raw}(), a function outside the plan`, line);
  }

  private args(argNodes: readonly AstNode[], line: number): IrExpr[] {
    const args = argNodes.map((a) => this.expr(a));
    this.checkSequence(args, line);
    return args;
  }

  private mathBuiltin(lc: Parameters<typeof builtinRule>[0], argNodes: readonly AstNode[], line: number): IrExpr {
    const args0 = this.args(argNodes, line);
    if ((lc === 'min' || lc === 'max') && args0.length === 1) {
      const a = args0[0]!;
      const t = a.type as Ty;
      if (t === BOT) return { k: 'builtin', type: BOT as IrType, name: lc, opType: BOT as IrType, args: args0 };
      const arr = t === 'mixed' ? convert(a, arrayOf('mixed')) : a;
      if (!isArrayType(arr.type)) return declineAt(`${lc}() of one ${t}`, line);
      const elem = minMaxOfArray([arr.type]);
      if (isArrayType(elem)) return declineAt(`${lc}() of nested arrays`, line);
      return { k: 'builtin', type: elem, name: lc, opType: arr.type, args: [arr] };
    }
    const rule = builtinRule(lc);
    if (args0.length < rule.minArgs || args0.length > rule.maxArgs) declineAt(`${lc}() with ${args0.length} arguments`, line);
    const args = args0.map((a) => {
      if (a.type === 'bool') declineAt(`bool argument to ${lc}()`, line);
      if (a.type === 'string' || isArrayType(a.type)) declineAt(`${a.type} argument to ${lc}()`, line);
      // A tagged value must hold a number here (else the kernel DEOPTs and PHP decides).
      return a.type === 'mixed' ? convert(a, 'num') : a;
    });
    const types = args.map((a) => a.type as Ty);
    if (types.includes(BOT)) return { k: 'builtin', type: BOT as IrType, name: lc, opType: BOT as IrType, args };
    const typing = rule.type(types as IrType[]);
    if (typeof typing === 'string') return declineAt(`unsupported ${typing}`, line);
    const conv = args.map((a, i) => (lc === 'round' && i === 1 ? a : convert(a, typing.opType)));
    return { k: 'builtin', type: typing.result, name: lc, opType: typing.opType, args: conv };
  }

  /** A string/array builtin: each argument coerced as its PHP parameter (see builtins.ts SIGNATURES). */
  private builtin(lc: keyof typeof SIGNATURES, argNodes: readonly AstNode[], line: number): IrExpr {
    const sig = SIGNATURES[lc];
    const max = sig.variadic ? Infinity : sig.params.length;
    if (argNodes.length < sig.min || argNodes.length > max) return declineAt(`${lc}() with ${argNodes.length} arguments`, line);
    const kindAt = (i: number): ArgKind => sig.params[Math.min(i, sig.params.length - 1)]!;
    const args: IrExpr[] = argNodes.map((n, i) => {
      if (kindAt(i) !== 'ref') return this.expr(n);
      if (n.kind !== 'variable') return declineAt(`${lc}() of something other than a variable`, line);
      return this.readVar(n, line);
    });
    this.checkSequence(args, line);
    if (args.some((a) => (a.type as Ty) === BOT)) return { k: 'builtin', type: BOT as IrType, name: lc, opType: BOT as IrType, args };
    let conv = args.map((a, i) => this.coerceArg(lc, kindAt(i), a, i, line));
    if (lc === 'array_merge') {
      const t = sig.result(conv.map((a) => a.type));
      conv = conv.map((a) => convert(a, t as IrType));
    }
    if (lc === 'array_push') {
      // The pushed values widen the array's element type, like `$a[] = v`.
      const ref = conv[0]! as Extract<IrExpr, { k: 'local' }>;
      let t: Ty = ref.type;
      for (const v of conv.slice(1)) t = this.fenv.joinLocal(ref.id, arrayOf(storedElem(v.type)), line);
      if (!isArrayType(t)) return declineAt(`array_push() onto a ${t}`, line);
      const elem = elemType(t);
      conv = [{ k: 'local', type: t, id: ref.id }, ...conv.slice(1).map((v) => convert(v, elem))];
    }
    if (lc === 'printf') this.fenv.markEffectful();
    if (kindAt(0) === 'ref' && this.fenv.worldOf.has((conv[0] as Extract<IrExpr, { k: 'local' }>).id)) this.fenv.markEffectful();
    const result = sig.result(conv.map((a) => a.type));
    if (!/^(int|float|bool|num|string|mixed|array<.*>)$/.test(result)) return declineAt(`unsupported ${result}`, line);
    return { k: 'builtin', type: result as IrType, name: lc, opType: conv[0]?.type ?? (result as IrType), args: conv };
  }

  private coerceArg(lc: string, kind: ArgKind, a: IrExpr, i: number, line: number): IrExpr {
    const t = a.type;
    const bad = (): never => declineAt(`${lc}() argument #${i + 1} of type ${t}`, line);
    switch (kind) {
      case 'string':
        if (isArrayType(t)) return bad();
        return t === 'mixed' ? convert(a, 'string') : this.toStr(a, line);
      case 'int':
        if (t === 'string' || isArrayType(t)) return bad();
        if (t === 'bool') return convert(a, 'int');
        return toIntExact(a);
      case 'float':
        if (t === 'string' || isArrayType(t)) return bad();
        return t === 'mixed' ? convert(convert(a, 'num'), 'float') : convert(this.numeric(a, line), 'float');
      case 'array':
        if (t === 'mixed') return convert(a, arrayOf('mixed'));
        return isArrayType(t) ? a : bad();
      case 'ref':
        return isArrayType(t) ? a : bad();
      case 'mixed':
        return convert(a, 'mixed');
      case 'bool':
        return t === 'bool' ? a : bad();
      case 'same':
        return a;
    }
  }

  /** A call of module function `callee`; `receiver` is `$this` of a method call (the callee's first parameter). */
  private userCall(callee: number, argNodes: readonly AstNode[], line: number, asStatement: boolean, receiver?: IrExpr): IrExpr {
    const target = this.cx.env.functions[callee]!;
    const first = receiver ? 1 : 0;
    if (argNodes.length + first !== target.paramTypes.length) {
      declineAt(`call passes ${argNodes.length} arguments where the ${target.inferParams ? 'method declares' : 'plan specialized'} ${target.paramTypes.length - first}`, line);
    }
    const lowered = argNodes.map((n, j) => {
      const i = j + first;
      const pid = target.paramIds[i]!;
      if (!target.byRef.has(pid)) return this.expr(n);
      // By reference: only a plain local, which then has exactly the parameter's type.
      if (n.kind !== 'variable') return declineAt('passing something other than a plain variable by reference', line);
      const id = this.varId(n, line);
      const pt = target.localType(pid);
      const t = pt === BOT ? this.fenv.localType(id) : this.fenv.joinLocal(id, pt, line);
      if (t !== BOT) target.joinLocal(pid, t, line);
      if (this.fenv.worldOf.has(id)) this.fenv.markEffectful();
      return { k: 'local', type: this.fenv.localType(id) as IrType, id } satisfies IrExpr;
    });
    const args = receiver ? [receiver, ...lowered] : lowered;
    this.checkSequence(args, line);
    args.forEach((a, i) => {
      const pid = target.paramIds[i]!;
      const t = a.type as Ty;
      if (target.inferParams && i >= first && t !== BOT) {
        // A method found through its class takes what its call sites pass, as PHP coerces it to the declaration.
        target.joinLocal(pid, this.paramValueType(target.declaredParams[i]!, t, line), line);
        return;
      }
      // An array parameter takes the element types its module callers pass (the entry's from_host checks them).
      if (target.paramTypes[i] === 'array' && !target.byRef.has(pid)) {
        if (isArrayType(t) && !t.includes(BOT)) target.joinLocal(pid, t, line);
        else if (t === 'mixed') target.joinLocal(pid, arrayOf('mixed'), line);
      }
    });
    const conv = args.map((a, i) => {
      const guard = target.paramTypes[i]!;
      const t = a.type as Ty;
      const pt = target.localType(target.paramIds[i]!);
      if (t === BOT || pt === BOT) return a;
      if (target.byRef.has(target.paramIds[i]!)) {
        if (t !== pt) declineAt(`by-reference argument of type ${t} for a parameter of type ${pt}`, line);
        return a;
      }
      if (guard === 'object' || isObjectType(t) || isObjectType(pt)) {
        if (t !== pt) declineAt(`call passes ${t} where the callee takes ${pt}`, line);
        return a;
      }
      if (target.inferParams) return convert(a, pt);
      const guardType = irTypeOfParam(guard);
      // A tagged value is checked against the callee's guard (DEOPT otherwise); typed values must match it.
      if (t === 'mixed') return convert(convert(a, guardType), pt);
      const ok = t === guard || (guard === 'array' && isArrayType(t)) || (t === 'int' && target.declaredParams[i] === 'float');
      if (!ok) declineAt(`call passes ${t} where the plan specialized ${guard}`, line);
      return convert(isArrayType(t) && t !== pt ? convert(a, arrayOf('mixed')) : a, pt);
    });
    if (target.effectful) this.fenv.markEffectful();
    if (target.writesOtherProps) this.fenv.markWritesOtherProps();
    else if (target.writesProps) {
      // A method writing only its own $this writes this function's $this when called on it, and
      // nothing anyone can see when it constructs a `new` object (the stand-in receiver).
      if (receiver === undefined || (receiver.k !== 'null' && !this.isThis(receiver))) this.fenv.markWritesOtherProps();
      else if (receiver.k !== 'null') this.fenv.markWritesProps();
    }
    const type = target.returnType;
    if (type === 'null' && !asStatement) declineAt('using the result of a function that returns nothing', line);
    return { k: 'call', type: type as IrType, callee, args: conv, direct: false };
  }

  /**
   * The type a value of type `t` has once PHP passed it to a parameter (or stored it in a property)
   * declared `declared`: int → float widening is the one coercion made in both typing modes;
   * anything else must already fit, or PHP's result depends on strict_types (or is a TypeError).
   */
  private paramValueType(declared: DeclaredType, t: Ty, line: number): Ty {
    if (t === BOT || declared === 'any') return t;
    if (declared === 'float' && (t === 'int' || t === 'float' || t === 'num')) return 'float';
    if (declared === 'array' && isArrayType(t)) return t;
    if (isObjectType(declared) && isObjectType(t)) {
      if (declared === t || this.classes.instanceOf(classOfType(t), classOfType(declared), line) === true) return t;
      return declineAt(`${t} passed where ${declared} is declared`, line);
    }
    if (declared === t) return t;
    return declineAt(`${t} value where ${declared} is declared (PHP coerces or throws TypeError)`, line);
  }

  // ---- objects ----

  private get classes(): ClassTable {
    if (!this.cx.module) throw new FrontendDecline('unsupported construct \'object\' (no classes in this module)');
    return this.cx.module.classes;
  }

  private get module(): ModuleFunctions {
    if (!this.cx.module) throw new FrontendDecline('unsupported construct \'object\' (no classes in this module)');
    return this.cx.module;
  }

  /** A class named in code: `self`, `parent`, `static` (only where the exact class is known) or a plain name. */
  private className(what: AstNode, line: number): string {
    const scope = this.fenv.scopeClass;
    switch (what.kind) {
      case 'selfreference':
        return scope ?? declineAt('\'self\' outside a class', line);
      case 'parentreference': {
        const parent = scope ? this.classes.get(scope, line).parent : '';
        return parent || declineAt('\'parent\' without a parent class', line);
      }
      case 'staticreference': {
        // Late static binding: the class of $this, which a method kernel knows exactly; else only a final class is sure.
        if (this.fenv.thisClass) return this.fenv.thisClass;
        if (this.fenv.calledClass) return this.fenv.calledClass;
        if (scope && this.classes.get(scope, line).isFinal) return scope;
        return declineAt('\'static\' whose class is not known exactly', line);
      }
      case 'name': {
        if (what['resolution'] === 'qn') return declineAt('unsupported construct \'qualified class name\'', line);
        const name = String(what['name']).replace(/^\\/, '').toLowerCase();
        if (name === 'self' || name === 'static' || name === 'parent') return this.className({ kind: `${name}reference` }, line);
        this.classes.get(name, line);
        return name;
      }
      default:
        return declineAt(`unsupported construct 'dynamic class name (${what.kind})'`, line);
    }
  }

  /** A class constant with a literal value folds to it; others are read from PHP at run time. */
  private classConstant(what: AstNode, name: string, line: number): IrExpr {
    if (name.toLowerCase() === 'class') return declineAt('unsupported construct \'::class\'', line);
    const cls = this.className(what, line);
    const k = this.classes.constant(cls, name, line);
    if (!k) return declineAt(`undefined class constant ${cls}::${name}`, line);
    return this.constExpr(k.node);
  }

  /** Declared properties of `cls` with their types and defaults registered in the class environment (each round; joins are idempotent). */
  private classProps(cls: string, line: number): PropDecl[] {
    const props = this.classes.props(cls, line);
    const cenv = this.cx.env.classes;
    for (const p of props) {
      const declared = declaredTypeOf(p.type, p.nullable, p.line, this.module.classResolver(p.declaringClass, p.line));
      if (declared === 'void') declineAt('property declared void', p.line);
      if (declared === 'int' || declared === 'float' || declared === 'bool' || declared === 'string') cenv.join(cls, p.name, declared);
      if (p.init) {
        const init = this.constExpr(p.init);
        const t = declared === 'any' ? (init.type as Ty) : this.paramValueType(declared, init.type as Ty, p.line);
        if (init.k === 'null') {
          // `public $x = null;` is the untyped default anyway: no value for the native object.
          if (declared !== 'any') declineAt(`property $${p.name} declared ${declared} with a null default`, p.line);
          continue;
        }
        cenv.join(cls, p.name, t);
        cenv.setInit(cls, p.name, init);
      }
    }
    return props;
  }

  private prop(cls: string, name: string, line: number): PropDecl {
    const p = this.classProps(cls, line).find((q) => q.name === name);
    if (!p) return declineAt(`undeclared property ${cls}::$${name} (dynamic properties are not supported)`, line);
    const scope = this.fenv.scopeClass;
    // Private: only code of the declaring class; protected: code of a class in the same chain.
    const ok =
      p.visibility === 'public' ||
      (p.visibility === 'private' && scope === p.declaringClass) ||
      (p.visibility === 'protected' && scope !== undefined && (this.classes.instanceOf(scope, p.declaringClass, line) === true || this.classes.instanceOf(p.declaringClass, scope, line) === true));
    if (!ok) declineAt(`access to ${p.visibility} property ${cls}::$${name}`, line);
    return p;
  }

  private propName(node: AstNode, line: number): string {
    const off = node['offset'] as AstNode;
    if (off.kind !== 'identifier') return declineAt('unsupported construct \'dynamic property name\'', line);
    return String(off['name']);
  }

  /** The object of `$o->x`: its class must be known exactly. */
  private propObject(node: AstNode, line: number): IrExpr {
    const obj = this.expr(node['what'] as AstNode);
    const t = obj.type as Ty;
    if (t !== BOT && !isObjectType(t)) return declineAt(`property access on a value of type ${t}`, line);
    return obj;
  }

  private propRead(node: AstNode, line: number, obj = this.propObject(node, line)): IrExpr {
    const name = this.propName(node, line);
    const t = obj.type as Ty;
    if (t === BOT) return { k: 'prop', type: BOT as IrType, obj, name };
    const cls = classOfType(t as ObjectType);
    this.prop(cls, name, line);
    return { k: 'prop', type: this.cx.env.classes.type(cls, name) as IrType, obj, name };
  }

  /** `$this` of the method being lowered (PHP forbids reassigning it). */
  private isThis(e: IrExpr): boolean {
    return e.k === 'local' && this.fenv.thisClass !== undefined && this.fenv.localName(e.id) === 'this';
  }

  private markPropWrite(obj: IrExpr): void {
    if (this.isThis(obj)) this.fenv.markWritesProps();
    else this.fenv.markWritesOtherProps();
  }

  /** `obj->name = value` with PHP's typed-property rules (see paramValueType). */
  private propWrite(obj: IrExpr, name: string, value: IrExpr, line: number): IrExpr {
    if (value.type === 'null') declineAt('assigning the result of a function that returns nothing', line);
    this.markPropWrite(obj);
    const t = obj.type as Ty;
    if (t === BOT) return { k: 'prop_assign', type: BOT as IrType, obj, name, value };
    const cls = classOfType(t as ObjectType);
    const p = this.prop(cls, name, line);
    const declared = declaredTypeOf(p.type, p.nullable, p.line, this.module.classResolver(p.declaringClass, p.line));
    const vt = this.paramValueType(declared, value.type as Ty, line);
    const pt = this.cx.env.classes.join(cls, name, vt);
    return { k: 'prop_assign', type: pt as IrType, obj, name, value: convert(value, pt) };
  }

  private propAssign(node: AstNode, line: number): IrExpr {
    const left = node['left'] as AstNode;
    const op = String(node['operator']);
    if (op === '??=') return declineAt('unsupported operator \'??=\'', line);
    const obj = this.propObject(left, line);
    const name = this.propName(left, line);
    const right = this.expr(node['right'] as AstNode);
    if (op === '=') {
      this.checkOrder([obj], [right], line, true);
      return this.propWrite(obj, name, right, line);
    }
    // `$o->x op= v` reads and writes through the same object expression: it must be evaluated once.
    if (!isPure(obj)) return declineAt(`'${op}' on a property of a computed object`, line);
    const current = this.propRead(left, line, obj);
    this.checkOrder([current], [right], line, false);
    return this.propWrite(obj, name, this.compound(op, current, right, line), line);
  }

  /**
   * `$o->p[k1]…[kn] op= v` (and `++`/`--` with `numeric`): like elemAssign on a local, the keys
   * first (hoisted when impure), then the value, then the write through the property.
   */
  private propElemAssign(left: AstNode, op: string, valueOf: () => IrExpr, line: number, numeric: boolean): IrExpr {
    const pp = propPathOf(left)!;
    const obj = this.propObject(pp.prop, line);
    if (!isPure(obj)) return declineAt('element write below a property of a computed object', line);
    const name = this.propName(pp.prop, line);
    const keys = pp.keys.map((k) => (k ? this.stableKey(this.keyOf(this.expr(k), line), line) : null));
    const value = valueOf();
    let newValue = value;
    if (op !== '=') {
      if (keys.some((k) => k === null)) return declineAt(`'${op}' on $o->p[]`, line);
      let current = this.propRead(pp.prop, line, obj);
      for (const k of keys) current = this.indexOf(current, k!, line);
      const ct = current.type as Ty;
      if (numeric && ct !== BOT && ct !== 'int' && ct !== 'float' && ct !== 'num') return declineAt(`increment of a ${ct} element`, line);
      this.checkOrder([current], [value], line, false);
      newValue = this.compound(op, current, value, line);
    }
    if (newValue.type === 'null') declineAt('assigning the result of a function that returns nothing', line);
    this.markPropWrite(obj);
    const vt = newValue.type as Ty;
    const ot = obj.type as Ty;
    if (ot === BOT) return { k: 'prop_assign', type: BOT as IrType, obj, name, path: keys, value: newValue };
    const cls = classOfType(ot as ObjectType);
    const p = this.prop(cls, name, line);
    const declared = declaredTypeOf(p.type, p.nullable, p.line, this.module.classResolver(p.declaringClass, p.line));
    if (declared !== 'any' && declared !== 'array') return declineAt(`element write into property ${cls}::$${name} declared ${declared}`, line);
    let needed: Ty = vt === BOT ? BOT : storedElem(vt as IrType);
    for (let i = 0; i < keys.length; i++) needed = needed === BOT ? BOT : arrayOf(needed as IrType);
    let t: Ty = needed === BOT ? this.cx.env.classes.type(cls, name) : this.cx.env.classes.join(cls, name, needed);
    for (let i = 0; i < keys.length && t !== BOT; i++) {
      if (!isArrayType(t)) return declineAt(`element write into a ${t} property`, line);
      t = elemType(t);
    }
    this.checkOrder(keys.filter((k): k is IrExpr => k !== null), [value], line, false);
    return { k: 'prop_assign', type: t as IrType, obj, name, path: keys, value: t === BOT ? newValue : convert(newValue, t) };
  }

  /** isset/empty of `$o->p` or `$o->p[k]…`: the object expression must be a plain read. */
  private propIsset(v: AstNode, line: number, empty: boolean): IrExpr {
    const pp = propPathOf(v) ?? { prop: v, keys: [] };
    if (pp.keys.some((k) => k === null)) return declineAt('[] in isset', line);
    const obj = this.propObject(pp.prop, line);
    if (!isPure(obj)) return declineAt('isset of a property of a computed object', line);
    const name = this.propName(pp.prop, line);
    let t = (obj.type as Ty) === BOT ? BOT : this.propRead(pp.prop, line, obj).type as Ty;
    const keys = pp.keys.map((k) => {
      if (t !== BOT && !isArrayType(t)) declineAt(`isset of an offset of a ${t} property`, line);
      t = t === BOT ? BOT : elemType(t as `array<${string}>`);
      return this.keyOf(this.expr(k!), line);
    });
    this.checkSequence(keys, line);
    return { k: 'prop_isset', type: 'bool', obj, name, path: keys, ...(empty ? { empty } : {}) };
  }

  private newObject(node: AstNode, line: number): IrExpr {
    const cls = this.className(node['what'] as AstNode, line);
    const info = this.classes.get(cls, line);
    if (info.isAbstract) return declineAt(`new of abstract class ${cls}`, line);
    this.classProps(cls, line);
    this.cx.env.classes.markInstantiated(cls);
    const argNodes = node['arguments'] as AstNode[];
    for (const a of argNodes) {
      if (a.kind === 'variadic' || a.kind === 'namedargument' || a.kind === 'variadicplaceholder') declineAt(`unsupported construct '${a.kind}'`, line);
    }
    const ctor = this.classes.method(cls, '__construct', line);
    const type = objectOf(cls);
    if (!ctor) {
      // Without a constructor PHP does not even evaluate the arguments.
      if (argNodes.length > 0) return declineAt(`new ${cls} with arguments but no constructor`, line);
      return { k: 'new', type, cls, ctor: null, args: [] };
    }
    this.checkVisible(ctor.visibility, ctor.declaringClass, `constructor of ${cls}`, line);
    const callee = this.module.method(cls, ctor);
    // The constructor's $this is the new object; a stand-in of its type carries it through userCall.
    const call = this.userCall(callee, argNodes, line, true, { k: 'null', type: type as never });
    if (call.k !== 'call') return call;
    return { k: 'new', type, cls, ctor: callee, args: call.args.slice(1) };
  }

  private checkVisible(visibility: string, declaring: string, what: string, line: number): void {
    const scope = this.fenv.scopeClass;
    const ok =
      visibility === 'public' ||
      (visibility === 'private' && scope === declaring) ||
      (visibility === 'protected' && scope !== undefined && (this.classes.instanceOf(scope, declaring, line) === true || this.classes.instanceOf(declaring, scope, line) === true));
    if (!ok) declineAt(`call of ${visibility} ${what}`, line);
  }

  /** `$o->m(args)`: devirtualized, since the class of $o is known exactly. */
  private methodCall(what: AstNode, argNodes: readonly AstNode[], line: number, asStatement: boolean): IrExpr {
    const obj = this.propObject(what, line);
    const off = what['offset'] as AstNode;
    if (off.kind !== 'identifier') return declineAt('unsupported construct \'dynamic method name\'', line);
    const t = obj.type as Ty;
    if (t === BOT) {
      argNodes.forEach((n) => this.expr(n));
      return { k: 'const', type: BOT as IrType, value: 0n } as unknown as IrExpr;
    }
    const cls = classOfType(t as ObjectType);
    const name = String(off['name']);
    const m = this.classes.method(cls, name.toLowerCase(), line);
    if (!m) return declineAt(`call of undefined method ${cls}::${name}()`, line);
    if (m.isStatic) return declineAt(`static method ${cls}::${name}() called on an object`, line);
    this.checkVisible(m.visibility, m.declaringClass, `method ${cls}::${name}()`, line);
    return this.userCall(this.module.method(cls, m), argNodes, line, asStatement, obj);
  }

  /** `C::m()`, `self::m()`, `parent::m()`, `static::m()`: a static method, or an instance method of an ancestor run on $this. */
  private staticCall(what: AstNode, argNodes: readonly AstNode[], line: number, asStatement: boolean): IrExpr {
    const off = what['offset'] as AstNode;
    if (off.kind !== 'identifier') return declineAt('unsupported construct \'dynamic method name\'', line);
    const cls = this.className(what['what'] as AstNode, line);
    const name = String(off['name']);
    const m = this.classes.method(cls, name.toLowerCase(), line);
    if (!m) return declineAt(`call of undefined method ${cls}::${name}()`, line);
    this.checkVisible(m.visibility, m.declaringClass, `method ${cls}::${name}()`, line);
    if (m.isStatic) {
      // self::, parent:: and static:: forward the called class (late static binding); a named class is the called one.
      const kind = (what['what'] as AstNode).kind;
      const forwarded = kind === 'selfreference' || kind === 'parentreference' || kind === 'staticreference' || /^(self|parent|static)$/i.test(String((what['what'] as AstNode)['name'] ?? ''));
      const called = forwarded ? (this.fenv.thisClass ?? this.fenv.calledClass ?? (this.classes.get(cls, line).isFinal ? cls : undefined)) : cls;
      if (!called) return declineAt(`static call ${cls}::${name}() whose called class is not known exactly`, line);
      return this.userCall(this.module.method(undefined, m, called), argNodes, line, asStatement);
    }
    // A non-static method called statically keeps $this when $this is an instance of that class.
    const self = this.fenv.thisClass;
    if (!self || this.classes.instanceOf(self, cls, line) !== true) return declineAt(`non-static method ${cls}::${name}() called statically`, line);
    const thisExpr: IrExpr = { k: 'local', type: objectOf(self), id: this.fenv.paramIds[0]! };
    return this.userCall(this.module.method(self, m), argNodes, line, asStatement, thisExpr);
  }

  /** `$o instanceof C` on an object of a known class folds to a constant (the operand is a plain read). */
  private instanceOf(node: AstNode, line: number): IrExpr {
    const left = this.expr(node['left'] as AstNode);
    const t = left.type as Ty;
    if (t === BOT) return { k: 'const', type: 'bool', value: false };
    if (!isObjectType(t)) return declineAt(`instanceof on a ${t} value`, line);
    if (!isPure(left)) return declineAt('instanceof of an expression with side effects', line);
    const right = node['right'] as AstNode;
    if (right.kind !== 'name' && right.kind !== 'selfreference' && right.kind !== 'parentreference' && right.kind !== 'staticreference') return declineAt('unsupported construct \'instanceof with a dynamic class\'', line);
    const target = right.kind === 'name' ? String(right['name']).replace(/^\\/, '').toLowerCase() : this.className(right, line);
    const r = this.classes.instanceOf(classOfType(t), target, line);
    if (r === undefined) return declineAt(`instanceof ${target}: interface hierarchy unknown`, line);
    return { k: 'const', type: 'bool', value: r };
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

  // ---- evaluation order ----

  private readonly effects: EffectInfo = {
    effectful: (callee) => this.cx.env.functions[callee]!.effectful,
    byRefIndexes: (callee) => this.cx.env.functions[callee]!.byRefIndexes(),
    writesProps: (callee) => this.cx.env.functions[callee]!.writesProps,
    writesOtherProps: (callee) => this.cx.env.functions[callee]!.writesOtherProps,
  };

  private checkOrder(before: readonly IrExpr[], after: readonly IrExpr[], line: number, assignment: boolean): void {
    checkOrder(before, after, line, assignment, this.effects, [...this.fenv.worldOf.keys()]);
  }

  /** Operands evaluated in sequence (call args, array items, echo args, string parts): no one may disturb another. */
  private checkSequence(list: readonly IrExpr[], line: number): void {
    for (let i = 1; i < list.length; i++) this.checkOrder(list.slice(0, i), [list[i]!], line, false);
  }
}

/** `$o->p[k1]…[kn]` (n ≥ 1): the property lookup and the keys (null for `[]`). */
function propPathOf(node: AstNode): { readonly prop: AstNode; readonly keys: readonly (AstNode | null)[] } | null {
  const keys: (AstNode | null)[] = [];
  let n = node;
  while (n.kind === 'offsetlookup') {
    const off = n['offset'] as AstNode | false;
    keys.unshift(off ? off : null);
    n = n['what'] as AstNode;
  }
  return n.kind === 'propertylookup' && keys.length > 0 ? { prop: n, keys } : null;
}

function returnFits(declared: DeclaredType, t: Ty): boolean {
  switch (declared) {
    case 'int':
    case 'bool':
      return t === declared;
    case 'float':
      return t === 'int' || t === 'float' || t === 'num';
    case 'string':
      // PHP coerces scalar returns to a string return type (weak mode).
      return t === 'string' || t === 'int' || t === 'float' || t === 'num' || t === 'bool';
    case 'array':
      return isArrayType(t);
    default:
      return true;
  }
}

function constOf(c: ConstValue): IrExpr {
  switch (c.type) {
    case 'int':
      return { k: 'const', type: 'int', value: c.value };
    case 'float':
      return { k: 'const', type: 'float', value: c.value };
    case 'string':
      return { k: 'const', type: 'string', value: c.value };
  }
}

/** A `string` node: single-quoted (or b'…'), or double-quoted without interpolation. */
function stringLiteral(node: AstNode, line: number): string {
  const raw = String(node['raw']).replace(/^[bB]/, '');
  const q = raw[0];
  if ((q !== '\'' && q !== '"') || raw[raw.length - 1] !== q) return declineAt('unsupported string literal form', line);
  const body = raw.slice(1, -1);
  return q === '\'' ? decodeSingleQuoted(body) : decodeDoubleQuoted(body, false);
}

function nowdocLiteral(node: AstNode): string {
  const raw = String(node['raw']);
  const indent = closingIndent(raw, String(node['label']));
  const first = raw.indexOf('\n');
  const last = raw.lastIndexOf('\n');
  const body = last > first ? raw.slice(first + 1, last) : '';
  return sourceBytes(dedent(body, indent, true));
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

/** Builtins whose first argument is a by-reference array (modified in place). */
const REF_BUILTINS: ReadonlySet<string> = new Set(['array_push', 'array_pop', 'array_shift', 'sort', 'rsort']);

/** What effectsOf needs to know about the module's functions. */
export interface EffectInfo {
  /** The function may print or touch the world (globals, statics), itself or through calls. */
  effectful(callee: number): boolean;
  /** Argument positions the function takes by reference. */
  byRefIndexes(callee: number): ReadonlySet<number>;
  /** The function writes object properties, itself or through calls. */
  writesProps?(callee: number): boolean;
  /** The function writes properties of objects other than its own `$this`, itself or through calls. */
  writesOtherProps?(callee: number): boolean;
}

/**
 * Locals an expression reads and writes. With `info`, a call of a module function that may
 * print or touch the world, printf and print also "write" WORLD_EFFECT, and a call writes the
 * locals it passes by reference.
 */
export function effectsOf(e: IrExpr, reads: Set<number>, writes: Set<number>, info?: EffectInfo): void {
  const sub = (x: IrExpr) => effectsOf(x, reads, writes, info);
  switch (e.k) {
    case 'const':
    case 'null':
    case 'constant':
      return;
    case 'local':
      reads.add(e.id);
      return;
    case 'assign':
      writes.add(e.id);
      sub(e.value);
      return;
    case 'incdec':
      reads.add(e.id);
      writes.add(e.id);
      return;
    case 'unary':
    case 'convert':
      sub(e.arg);
      return;
    case 'print':
      if (info) writes.add(WORLD_EFFECT);
      sub(e.arg);
      return;
    case 'binary':
    case 'logical':
      sub(e.left);
      sub(e.right);
      return;
    case 'cond':
      sub(e.test);
      sub(e.then);
      sub(e.else);
      return;
    case 'call':
      if (info?.effectful(e.callee)) writes.add(WORLD_EFFECT);
      if (info?.writesProps?.(e.callee)) writes.add(PROPS_EFFECT);
      e.args.forEach((a, i) => {
        // By-reference arguments are plain locals the callee may write.
        if (a.k === 'local' && info?.byRefIndexes(e.callee).has(i)) writes.add(a.id);
        sub(a);
      });
      return;
    case 'builtin':
      if (info && e.name === 'printf') writes.add(WORLD_EFFECT);
      if (REF_BUILTINS.has(e.name) && e.args[0]?.k === 'local') writes.add(e.args[0].id);
      for (const a of e.args) sub(a);
      return;
    case 'concat':
      for (const p of e.parts) sub(p);
      return;
    case 'array':
      for (const it of e.items) {
        if (it.key) sub(it.key);
        sub(it.value);
      }
      return;
    case 'index':
      sub(e.base);
      sub(e.key);
      return;
    case 'str_index':
      sub(e.base);
      sub(e.index);
      return;
    case 'elem_assign':
      reads.add(e.id);
      writes.add(e.id);
      for (const k of e.path) if (k) sub(k);
      sub(e.value);
      return;
    case 'isset':
      reads.add(e.id);
      for (const k of e.path) sub(k);
      return;
    case 'prop':
      reads.add(PROPS_EFFECT);
      sub(e.obj);
      return;
    case 'prop_isset':
      reads.add(PROPS_EFFECT);
      sub(e.obj);
      for (const k of e.path) sub(k);
      return;
    case 'prop_assign':
      writes.add(PROPS_EFFECT);
      sub(e.obj);
      for (const k of e.path ?? []) if (k) sub(k);
      sub(e.value);
      return;
    case 'new':
      // The constructor runs like a call. Its writes to the new object are invisible to the
      // other operands (the object does not exist for them); only writes elsewhere count.
      if (info && e.ctor !== null) {
        if (info.effectful(e.ctor)) writes.add(WORLD_EFFECT);
        if (info.writesOtherProps?.(e.ctor) ?? true) writes.add(PROPS_EFFECT);
      }
      e.args.forEach((a, i) => {
        // By-reference parameters of the constructor (its $this is parameter 0): a
        // constructor can hand the new object out through one of them.
        if (info && e.ctor !== null && a.k === 'local' && info.byRefIndexes(e.ctor).has(i + 1)) writes.add(a.id);
        sub(a);
      });
      return;
  }
}

/** No side effects (it may still DEOPT, which is not observable): safe to evaluate where the IR puts it. */
export function isPure(e: IrExpr): boolean {
  switch (e.k) {
    case 'const':
    case 'null':
    case 'local':
    case 'constant':
      return true;
    case 'unary':
    case 'convert':
      return isPure(e.arg);
    case 'binary':
    case 'logical':
      return isPure(e.left) && isPure(e.right);
    case 'cond':
      return isPure(e.test) && isPure(e.then) && isPure(e.else);
    case 'concat':
      return e.parts.every(isPure);
    case 'index':
      return isPure(e.base) && isPure(e.key);
    case 'str_index':
      return isPure(e.base) && isPure(e.index);
    case 'isset':
      return e.path.every(isPure);
    case 'prop':
      return isPure(e.obj);
    case 'prop_isset':
      return isPure(e.obj) && e.path.every(isPure);
    default:
      return false;
  }
}

/**
 * PHP reads a plain variable operand only when the operator runs, after all operands were
 * evaluated (`$a + ($a = 5)` is 10), while C++ leaves operand order unspecified. Rather than
 * reproduce that, decline any expression where one operand writes a local another one touches.
 * Output and the world (WORLD_EFFECT) follow the same rule, with one exception codegen makes
 * safe: it evaluates a part containing a call or printf before a later part containing a call
 * (codegen `ordered`), so two effectful calls keep PHP's left-to-right order. A call that may
 * touch the world conflicts with any read or write of this function's globals/statics elsewhere.
 * `assignment`: `$x = <expr>` where the target is the left side; there only writes in the value matter.
 */
function checkOrder(
  before: readonly IrExpr[],
  after: readonly IrExpr[],
  line: number,
  assignment: boolean,
  info: EffectInfo,
  worldLocals: readonly number[],
): void {
  const r1 = new Set<number>();
  const w1 = new Set<number>();
  const r2 = new Set<number>();
  const w2 = new Set<number>();
  for (const e of before) effectsOf(e, r1, w1, info);
  for (const e of after) effectsOf(e, r2, w2, info);
  const world1 = w1.delete(WORLD_EFFECT);
  const world2 = w2.delete(WORLD_EFFECT);
  const fail = (): never => declineAt(`order-dependent side effects in ${assignment ? 'an assignment' : 'an expression'}`, line);
  if (assignment) {
    for (const id of r1) if (w2.has(id)) fail();
    return;
  }
  for (const id of w2) if (r1.has(id) || w1.has(id)) fail();
  for (const id of w1) if (r2.has(id)) fail();
  if (world2) for (const id of worldLocals) if (r1.has(id) || w1.has(id)) fail();
  if (world1) for (const id of worldLocals) if (r2.has(id) || w2.has(id)) fail();
  if (world1 && world2 && !(after.some(hasCall) && !before.some(hasPrint))) fail();
}

const hasCall = (e: IrExpr): boolean => someExpr(e, (x) => x.k === 'call');
const hasPrint = (e: IrExpr): boolean => someExpr(e, (x) => x.k === 'print');

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
    s.k === 'break'
      ? s.levels >= depth
      : s.k === 'if'
        ? breaksOut(s.then, depth) || breaksOut(s.else, depth)
        : s.k === 'loop' || s.k === 'foreach'
          ? breaksOut(s.body, depth + 1)
          : false,
  );
}
