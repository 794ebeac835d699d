// Frontend stage entry: a Plan's PHP sources → typed IR (buildIr), or Declined with the first reason found.
import { decline, type Declined } from '../core/declined.ts';
import { checkDefiniteAssignment } from './definite-assignment.ts';
import { FrontendDecline } from './frontend-decline.ts';
import { declaredTypeOf, lowerFunction, type DeclaredType, type LoweredFunction } from './lower-function.ts';
import { lineOf, parseFunction, type AstNode } from './parse-source.ts';
import { BOT, FunctionEnv, type TypeEnv } from './type-env.ts';
import type { IrExpr, IrFunction, IrLocal, IrModule, IrStmt, IrType } from './types.ts';
import type { Plan, PlannedFunction } from '../plan/types.ts';

export { showIr } from './show-ir.ts';
export type { IrModule, IrFunction, IrExpr, IrStmt, IrType } from './types.ts';

const MAX_ROUNDS = 32;

export function buildIr(plan: Plan): IrModule | Declined {
  let current = plan.functions[0]?.functionName ?? '?';
  try {
    if (plan.functions.length === 0) throw new FrontendDecline('plan has no functions');
    const byName = new Map<string, number>();
    const asts: AstNode[] = [];
    const env: TypeEnv = { functions: [] };
    plan.functions.forEach((pf, index) => {
      current = pf.functionName;
      if (pf.lcName.includes('\\')) throw new FrontendDecline('unsupported construct \'namespaced function\'');
      if (byName.has(pf.lcName)) throw new FrontendDecline('function planned twice');
      byName.set(pf.lcName, index);
      const fn = parseFunction(pf.source.text, pf.lcName);
      asts.push(fn);
      env.functions.push(makeEnv(pf, fn));
    });

    let lowered: LoweredFunction[] = [];
    for (let round = 0; ; round++) {
      if (round === MAX_ROUNDS) throw new FrontendDecline('type inference did not converge');
      for (const f of env.functions) f.changed = false;
      lowered = asts.map((fn, index) => {
        current = plan.functions[index]!.functionName;
        return lowerFunction(fn, { index, lineBase: plan.functions[index]!.source.lineStart, env, byName });
      });
      if (!env.functions.some((f) => f.changed)) break;
    }

    const functions = plan.functions.map((pf, index) => {
      current = pf.functionName;
      return finishFunction(pf, index, env.functions[index]!, lowered[index]!, asts[index]!);
    });
    return { rootKey: plan.rootKey, functions };
  } catch (err) {
    if (err instanceof FrontendDecline) return decline('frontend', plan.rootKey, `in ${current}(): ${err.reason}`);
    throw err;
  }
}

function makeEnv(pf: PlannedFunction, fn: AstNode): FunctionEnv {
  const line = pf.source.lineStart + lineOf(fn) - 1;
  if (fn['byref']) throw new FrontendDecline(`unsupported construct 'by-reference return' at line ${line}`);
  const params = fn['arguments'] as AstNode[];
  const declared: DeclaredType[] = params.map((p) => declaredTypeOf(p['type'], Boolean(p['nullable']), line));
  const declaredReturn = declaredTypeOf(fn['type'], Boolean(fn['nullable']), line);
  const env = new FunctionEnv(pf.functionName, pf.paramTypes, declared, declaredReturn);
  params.forEach((p, i) => {
    const name = (p['name'] as AstNode)['name'] as string;
    const id = env.localId(name);
    env.paramIds.push(id);
    if (i >= pf.paramTypes.length) return;
    const guard = pf.paramTypes[i]!;
    const d = declared[i]!;
    let t: IrType = guard;
    if (d === 'float' && guard === 'int') t = 'float'; // PHP widens an int argument to a float parameter
    else if (d !== 'any' && d !== guard) throw new FrontendDecline(`parameter $${name} declared ${d} but specialized on ${guard} at line ${line}`);
    env.joinLocal(id, t, line);
  });
  return env;
}

function finishFunction(pf: PlannedFunction, index: number, env: FunctionEnv, low: LoweredFunction, ast: AstNode): IrFunction {
  const line = pf.source.lineStart + lineOf(ast) - 1;
  const body: IrStmt[] = [...low.defaults, ...low.body];
  checkDefiniteAssignment(low.params, body, (id) => env.localName(id));
  const returnType = env.returnType;
  if (returnType === BOT) throw new FrontendDecline('function never returns a value (return type unknown)');
  const locals: IrLocal[] = [];
  for (let id = 0; id < env.localCount; id++) {
    const name = env.localName(id);
    const type = env.localType(id);
    const isParam = low.params.includes(id);
    if (type === BOT) {
      if (isParam) throw new FrontendDecline(`parameter $${name} has no type`);
      // A local that is only ever read was caught above; one only assigned from unknown values:
      throw new FrontendDecline(`type of ${name.startsWith('#') ? 'a temporary' : `$${name}`} is unknown`);
    }
    locals.push({ id, name: name.startsWith('#') ? '' : name, type, isParam });
  }
  for (const s of body) checkNoBottom(s);
  return {
    index,
    regionKey: pf.regionKey,
    name: pf.functionName,
    lcName: pf.lcName,
    sourceSha256: pf.source.sha256,
    exported: pf.exported,
    paramTypes: pf.paramTypes,
    params: low.params,
    locals,
    returnType,
    line,
    body,
  };
}

function checkNoBottom(s: IrStmt): void {
  const expr = (e: IrExpr): void => {
    if ((e.type as string) === BOT || (e.k === 'binary' && (e.opType as string) === BOT) || (e.k === 'builtin' && (e.opType as string) === BOT)) {
      throw new FrontendDecline('an expression has no type (a call that never returns?)');
    }
    switch (e.k) {
      case 'assign':
        return expr(e.value);
      case 'unary':
      case 'convert':
        return expr(e.arg);
      case 'binary':
      case 'logical':
        expr(e.left);
        return expr(e.right);
      case 'cond':
        expr(e.test);
        expr(e.then);
        return expr(e.else);
      case 'call':
      case 'builtin':
        return e.args.forEach(expr);
      default:
        return;
    }
  };
  switch (s.k) {
    case 'expr':
      return expr(s.expr);
    case 'return':
      if (s.value) expr(s.value);
      return;
    case 'if':
      expr(s.test);
      s.then.forEach(checkNoBottom);
      s.else.forEach(checkNoBottom);
      return;
    case 'loop':
      [...s.init, ...s.test, ...s.step].forEach(expr);
      s.body.forEach(checkNoBottom);
      return;
    default:
      return;
  }
}
