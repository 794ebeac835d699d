// Frontend stage entry: a Plan's PHP sources → typed IR (buildIr), or Declined with the first reason found.
import { decline, type Declined } from '../core/declined.ts';
import { convert } from './convert.ts';
import { checkDefiniteAssignment } from './definite-assignment.ts';
import { elementCreatedArrays, guardUnsetReads } from './element-created-arrays.ts';
import { childrenOf } from '../passes/map-ir.ts';
import { FrontendDecline } from './frontend-decline.ts';
import { declaredTypeOf, lowerFunction, type DeclaredType, type LoweredFunction } from './lower-function.ts';
import { lineOf, parseFunction, type AstNode } from './parse-source.ts';
import { sampleArrayType } from './sample-types.ts';
import { BOT, FunctionEnv, irTypeOfParam, WorldEnv, type TypeEnv } from './type-env.ts';
import type { IrExpr, IrFunction, IrLocal, IrModule, IrStmt, IrType, WorldSlot } from './types.ts';
import type { Plan, PlannedFunction } from '../plan/types.ts';

export { showIr } from './show-ir.ts';
export type { IrModule, IrFunction, IrExpr, IrStmt, IrType, WorldSlot } from './types.ts';

const MAX_ROUNDS = 32;

export function buildIr(plan: Plan): IrModule | Declined {
  let current = plan.functions[0]?.functionName ?? '?';
  try {
    if (plan.functions.length === 0) throw new FrontendDecline('plan has no functions');
    const byName = new Map<string, number>();
    const asts: AstNode[] = [];
    const env: TypeEnv = { functions: [], world: new WorldEnv() };
    plan.functions.forEach((pf, index) => {
      current = pf.functionName;
      if (pf.lcName.includes('\\')) throw new FrontendDecline('unsupported construct \'namespaced function\'');
      if (byName.has(pf.lcName)) throw new FrontendDecline('function planned twice');
      byName.set(pf.lcName, index);
      const fn = parseFunction(pf.source.text, pf.lcName);
      asts.push(fn);
      env.functions.push(makeEnv(pf, fn, env.world, index === 0 ? plan.samples : []));
    });

    let lowered: LoweredFunction[] = [];
    for (let round = 0; ; round++) {
      if (round === MAX_ROUNDS) throw new FrontendDecline('type inference did not converge');
      for (const f of env.functions) f.changed = false;
      env.world.changed = false;
      lowered = asts.map((fn, index) => {
        current = plan.functions[index]!.functionName;
        return lowerFunction(fn, { index, lineBase: plan.functions[index]!.source.lineStart, env, byName });
      });
      if (!env.functions.some((f) => f.changed) && !env.world.changed) {
        env.world.settleUnknown();
        const params = env.functions.map((f) => f.settleParams()).some(Boolean);
        if (!env.world.changed && !params) break;
      }
    }

    const functions = plan.functions.map((pf, index) => {
      current = pf.functionName;
      return finishFunction(pf, index, env.functions[index]!, lowered[index]!, asts[index]!);
    });
    return { rootKey: plan.rootKey, functions, world: finishWorld(env.world) };
  } catch (err) {
    if (err instanceof FrontendDecline) return decline('frontend', plan.rootKey, `in ${current}(): ${err.reason}`);
    throw err;
  }
}

/** Slot types are final; a static's initial value is converted to its slot's type. */
function finishWorld(world: WorldEnv): WorldSlot[] {
  return world.finish().map((s) => {
    if (s.type.includes(BOT)) throw new FrontendDecline(`type of ${s.kind} ${s.name} is unknown`);
    return s.init ? { ...s, init: convert(s.init, s.type) } : s;
  });
}

function makeEnv(pf: PlannedFunction, fn: AstNode, world: WorldEnv, samples: Plan['samples']): FunctionEnv {
  const line = pf.source.lineStart + lineOf(fn) - 1;
  if (fn['byref']) throw new FrontendDecline(`unsupported construct 'by-reference return' at line ${line}`);
  const params = fn['arguments'] as AstNode[];
  const declared: DeclaredType[] = params.map((p) => declaredTypeOf(p['type'], Boolean(p['nullable']), line));
  const declaredReturn = declaredTypeOf(fn['type'], Boolean(fn['nullable']), line);
  const env = new FunctionEnv(pf.functionName, pf.paramTypes, declared, declaredReturn, world);
  params.forEach((p, i) => {
    const name = (p['name'] as AstNode)['name'] as string;
    const id = env.localId(name);
    env.paramIds.push(id);
    if (i >= pf.paramTypes.length) return;
    const byRef = Boolean(p['byref']);
    // The guard of a by-reference parameter checks the referenced value; the profile must agree it is one.
    if (byRef !== Boolean(pf.byRef?.[i])) throw new FrontendDecline(`parameter $${name} is ${byRef ? '' : 'not '}by reference but the plan says otherwise at line ${line}`);
    if (byRef) env.byRef.add(id);
    const guard = pf.paramTypes[i]!;
    if (guard === 'object') throw new FrontendDecline(`unsupported construct 'object parameter' ($${name}) at line ${line}`);
    const d = declared[i]!;
    // An array parameter starts from the element types of the recorded samples (or of its callers, see userCall).
    let t: IrType | typeof BOT = guard === 'array' ? sampleArrayType(samples.map((s) => s[i])) : irTypeOfParam(guard);
    if (d === 'float' && guard === 'int') t = 'float'; // PHP widens an int argument to a float parameter
    else if (d !== 'any' && d !== guard) throw new FrontendDecline(`parameter $${name} declared ${d} but specialized on ${guard} at line ${line}`);
    env.joinLocal(id, t, line);
  });
  return env;
}

function finishFunction(pf: PlannedFunction, index: number, env: FunctionEnv, low: LoweredFunction, ast: AstNode): IrFunction {
  const line = pf.source.lineStart + lineOf(ast) - 1;
  const lowered: IrStmt[] = [...low.defaults, ...low.body];
  const typed = Array.from({ length: env.localCount }, (_, id) => ({
    id,
    type: env.localType(id) as IrType,
    isParam: low.params.includes(id),
    ...(env.worldOf.has(id) ? { world: env.worldOf.get(id)! } : {}),
    ...(env.byRef.has(id) ? { byRef: true } : {}),
  }));
  const emptyDefault = elementCreatedArrays(lowered, typed);
  const guarded = checkDefiniteAssignment([...low.params, ...env.worldOf.keys()], lowered, (id) => env.localName(id), (id) => emptyDefault.has(id));
  const body = guardUnsetReads(lowered, new Map([...emptyDefault].map((id) => [id, typed[id]!.type])), guarded, line);
  const returnType = env.returnType;
  if (returnType === BOT) throw new FrontendDecline('function never returns a value (return type unknown)');
  if (returnType.includes(BOT)) throw new FrontendDecline('return type unknown (an array that is never filled?)');
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
    if (type.includes(BOT)) throw new FrontendDecline(`type of ${name.startsWith('#') ? 'a temporary' : `$${name}`} is unknown (an array that is never filled?)`);
    const world = env.worldOf.get(id);
    locals.push({
      id,
      name: name.startsWith('#') ? '' : name,
      type,
      isParam,
      ...(env.byRef.has(id) ? { byRef: true } : {}),
      ...(world !== undefined ? { world } : {}),
    });
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
    if ((e.type as string).includes(BOT) || (e.k === 'binary' && (e.opType as string).includes(BOT)) || (e.k === 'builtin' && (e.opType as string).includes(BOT))) {
      throw new FrontendDecline('an expression has no type (a call that never returns, or an array that is never filled?)');
    }
    childrenOf(e).forEach(expr);
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
    case 'echo':
      s.args.forEach(expr);
      return;
    case 'foreach':
      expr(s.subject);
      s.body.forEach(checkNoBottom);
      return;
    case 'unset':
      s.path.forEach(expr);
      return;
    default:
      return;
  }
}
