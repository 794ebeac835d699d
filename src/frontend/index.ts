// Frontend stage entry: a Plan's PHP sources → typed IR (buildIr), or Declined with the first reason found.
import { decline, type Declined } from '../core/declined.ts';
import { convert } from './convert.ts';
import { checkDefiniteAssignment } from './definite-assignment.ts';
import { elementCreatedArrays, guardUnsetReads } from './element-created-arrays.ts';
import { childrenOf } from '../passes/map-ir.ts';
import { FrontendDecline } from './frontend-decline.ts';
import { lowerFunction, type LoweredFunction } from './lower-function.ts';
import { ClassTable } from './class-table.ts';
import { ModuleFunctions, type ModuleFunction } from './module-functions.ts';
import { lineOf } from './parse-source.ts';
import { typeOfValue } from './sample-types.ts';
import { worldHintTypes } from './world-hint-types.ts';
import { BOT, ClassEnv, FunctionEnv, WorldEnv, type TypeEnv } from './type-env.ts';
import { classOfType, isArrayType, isObjectType, objectOf, type IrClass, type IrExpr, type IrFunction, type IrLocal, type IrModule, type IrStmt, type IrType, type WorldSlot } from './types.ts';
import type { ParamType } from '../core/php-value.ts';
import type { Plan } from '../plan/types.ts';

export { showIr } from './show-ir.ts';
export type { IrModule, IrFunction, IrExpr, IrStmt, IrType, WorldSlot } from './types.ts';

const MAX_ROUNDS = 32;

export function buildIr(plan: Plan): IrModule | Declined {
  let current = plan.functions[0]?.functionName ?? '?';
  try {
    if (plan.functions.length === 0) throw new FrontendDecline('plan has no functions');
    const env: TypeEnv = { functions: [], world: new WorldEnv(worldHintTypes(plan.world)), classes: new ClassEnv() };
    const classes = new ClassTable([...(plan.classes ?? []), ...plan.functions.flatMap((f) => f.source.classes ?? [])]);
    const module = new ModuleFunctions(plan, classes, env);
    module.addPlanned();
    seedProps(plan, classes, env.classes);

    let lowered: LoweredFunction[] = [];
    for (let round = 0; ; round++) {
      if (round === MAX_ROUNDS) throw new FrontendDecline('type inference did not converge');
      for (const f of env.functions) f.changed = false;
      env.world.changed = false;
      env.classes.changed = false;
      lowered = [];
      // Lowering may find methods and append them: they are lowered in the next round.
      const count = module.list.length;
      for (let index = 0; index < count; index++) {
        const f = module.list[index]!;
        current = f.functionName;
        lowered.push(lowerFunction(f.ast, { index, lineBase: f.lineBase, env, byName: module.byName, module }));
      }
      if (module.list.length === count && !env.functions.some((f) => f.changed) && !env.world.changed && !env.classes.changed) {
        env.world.settleUnknown();
        settleProps(module, env.classes);
        const params = env.functions.map((f) => f.settleParams()).some(Boolean);
        if (!env.world.changed && !env.classes.changed && !params) break;
      }
    }

    const functions = module.list.map((f, index) => {
      current = f.functionName;
      return finishFunction(f, index, env.functions[index]!, lowered[index]!);
    });
    const irClasses = finishClasses(module, env.classes);
    return { rootKey: plan.rootKey, functions, world: finishWorld(env.world), ...(irClasses.length > 0 ? { classes: irClasses } : {}) };
  } catch (err) {
    if (err instanceof FrontendDecline) return decline('frontend', plan.rootKey, `in ${current}(): ${err.reason}`);
    throw err;
  }
}

/** Classes whose objects the module handles: those of object-typed locals, params and returns, with every declared property. */
function usedClasses(module: ModuleFunctions): string[] {
  const out = new Set<string>();
  module.env.functions.forEach((f) => {
    for (let id = 0; id < f.localCount; id++) {
      const t = f.localType(id);
      if (typeof t === 'string' && isObjectType(t)) out.add(classOfType(t));
    }
    if (isObjectType(f.returnType)) out.add(classOfType(f.returnType));
  });
  for (const c of module.env.classes.instantiated) out.add(c);
  // Objects held by properties of those classes are used too (to a fixed point).
  for (let changed = true; changed; ) {
    changed = false;
    for (const c of [...out]) {
      for (const p of module.classes.props(c, 0)) {
        const t = module.env.classes.type(c, p.name);
        if (typeof t === 'string' && isObjectType(t) && !out.has(classOfType(t))) {
          out.add(classOfType(t));
          changed = true;
        }
      }
    }
  }
  return [...out].sort();
}

/**
 * Properties of the objects the root received in its recorded calls (receiver, object arguments)
 * start from the types their values had: a property the module only reads is then typed (and
 * guarded when loaded) instead of mixed.
 */
function seedProps(plan: Plan, table: ClassTable, classes: ClassEnv): void {
  for (const sample of plan.samples) {
    for (const v of sample) {
      if (v.kind !== 'object' || v.repeat) continue;
      const cls = v.className.replace(/^\\/, '').toLowerCase();
      if (!table.has(cls)) continue;
      let declared: readonly string[];
      try {
        declared = table.props(cls, 0).map((p) => p.name);
      } catch (err) {
        if (err instanceof FrontendDecline) continue; // declined where the class is used, if it is
        throw err;
      }
      for (const e of v.props) {
        // An object held by a property: typed by its class when the module knows it (another class at run time DEOPTs).
        const held = e.value.kind === 'object' ? e.value.className.replace(/^\\/, '').toLowerCase() : '';
        const t = held && table.has(held) ? objectOf(held) : typeOfValue(e.value);
        if (typeof e.key === 'string' && declared.includes(e.key) && t !== BOT && t !== 'mixed' && !t.includes(BOT)) classes.join(cls, e.key, t);
      }
    }
  }
}

/** At a fixed point: properties never written in the module (only loaded from host objects) are mixed. */
function settleProps(module: ModuleFunctions, classes: ClassEnv): void {
  for (const c of usedClasses(module)) for (const p of module.classes.props(c, 0)) classes.settleUnknown(c, p.name);
}

function finishClasses(module: ModuleFunctions, classes: ClassEnv): IrClass[] {
  return usedClasses(module).map((c) => {
    const info = module.classes.get(c, 0);
    const props = module.classes.props(c, 0).map((p) => {
      const type = classes.type(c, p.name);
      if (type === BOT || type.includes(BOT)) throw new FrontendDecline(`type of property ${c}::$${p.name} is unknown`);
      const init = classes.initOf(c, p.name);
      return { name: p.name, type, ...(init ? { init: convert(init, type) } : {}) };
    });
    return { name: info.name, lcName: c, props, instantiated: classes.instantiated.has(c) };
  });
}

/** Slot types are final; a static's initial value is converted to its slot's type. */
function finishWorld(world: WorldEnv): WorldSlot[] {
  return world.finish().map((s) => {
    if (s.type.includes(BOT)) throw new FrontendDecline(`type of ${s.kind} ${s.name} is unknown`);
    return s.init ? { ...s, init: convert(s.init, s.type) } : s;
  });
}

function finishFunction(pf: ModuleFunction, index: number, env: FunctionEnv, low: LoweredFunction): IrFunction {
  const line = pf.lineBase + lineOf(pf.ast) - 1;
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
    sourceSha256: pf.sha256,
    exported: pf.exported,
    ...(env.thisClass ? { receiverClass: env.thisClass } : {}),
    paramTypes: env.inferParams ? low.params.map((id) => paramTypeOf(locals[id]!.type)) : env.paramTypes,
    params: low.params,
    locals,
    returnType,
    line,
    body,
  };
}

/** What a found method's parameter types mirror (see IrFunction.paramTypes): num is an int or a float, mixed any value. */
function paramTypeOf(t: IrType): ParamType {
  if (t === 'int' || t === 'float' || t === 'bool' || t === 'string') return t;
  if (t === 'num') return 'float';
  if (isObjectType(t)) return 'object';
  if (isArrayType(t)) return 'array';
  throw new FrontendDecline(`a method parameter of type ${t} (found through its class, not planned)`);
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
