// The functions of a module under construction: the plan's, plus methods the lowering finds through classes (constructors, devirtualized calls), each compiled once per receiver class.
import type { ParamType } from '../core/php-value.ts';
import type { Plan, PlannedFunction } from '../plan/types.ts';
import type { ClassTable, MethodDecl } from './class-table.ts';
import { FrontendDecline } from './frontend-decline.ts';
import { declaredTypeOf, type DeclaredType } from './lower-function.ts';
import { lineOf, parseFunction, type AstNode } from './parse-source.ts';
import { sampleArrayType } from './sample-types.ts';
import { BOT, FunctionEnv, irTypeOfParam, type TypeEnv } from './type-env.ts';
import { objectOf, type IrType } from './types.ts';

/** One function of the module: where its code comes from and how it is called. */
export interface ModuleFunction {
  readonly regionKey: string;
  readonly functionName: string;
  /** Descriptor name: "f" or "class::method"; for a found method "recv|declaring::method" (never exported). */
  readonly lcName: string;
  readonly sha256: string;
  readonly exported: boolean;
  readonly ast: AstNode;
  /** Absolute line of line 1 of the text the AST was parsed from. */
  readonly lineBase: number;
}

export class ModuleFunctions {
  readonly list: ModuleFunction[] = [];
  /** lcName → index for plain function calls. */
  readonly byName = new Map<string, number>();
  /** "recv|declaring::method" → index. */
  private readonly methods = new Map<string, number>();

  constructor(
    private readonly plan: Plan,
    readonly classes: ClassTable,
    readonly env: TypeEnv,
  ) {}

  /** Adds the plan's functions (the root first), in plan order. */
  addPlanned(): void {
    this.plan.functions.forEach((pf, index) => {
      if (pf.lcName.includes('\\') || (pf.className ?? '').includes('\\')) throw new FrontendDecline('unsupported construct \'namespaced function\'');
      if (this.byName.has(pf.lcName)) throw new FrontendDecline('function planned twice');
      const samples = index === 0 ? this.plan.samples : [];
      if (pf.className) {
        const cls = pf.className.toLowerCase();
        const decl = this.classes.method(cls, methodPart(pf.lcName), 0);
        if (!decl || decl.declaringClass !== cls) throw new FrontendDecline(`method ${pf.lcName} not found in its class source`);
        if (Boolean(pf.isStatic) !== decl.isStatic) throw new FrontendDecline(`method ${pf.lcName}: static in the plan and the source differ`);
        const recv = decl.isStatic ? undefined : (pf.receiverClass ?? cls);
        const fenv = this.methodEnv(decl, recv, pf.paramTypes, samples.map((s) => (recv ? s.slice(1) : s)), pf);
        const index = this.push({ regionKey: pf.regionKey, functionName: pf.functionName, lcName: pf.lcName, sha256: pf.source.sha256, exported: pf.exported, ast: decl.node, lineBase: decl.lineBase }, fenv);
        this.byName.set(pf.lcName, index);
        this.methods.set(methodKey(recv, decl), index);
        return;
      }
      const fn = parseFunction(pf.source.text, pf.lcName);
      const fenv = this.functionEnv(pf, fn, samples);
      this.byName.set(pf.lcName, this.push({ regionKey: pf.regionKey, functionName: pf.functionName, lcName: pf.lcName, sha256: pf.source.sha256, exported: pf.exported, ast: fn, lineBase: pf.source.lineStart }, fenv));
    });
  }

  /**
   * The module function running `decl` with `$this` of exactly class `recv` (undefined: a static
   * method); found methods are added on first use (the inference loop then runs another round).
   */
  method(recv: string | undefined, decl: MethodDecl, called?: string): number {
    const key = methodKey(recv, decl) + (called && !recv ? `@${called}` : '');
    const known = this.methods.get(key);
    if (known !== undefined) return known;
    if (!decl.node['body']) throw new FrontendDecline(`call of abstract method ${decl.declaringClass}::${decl.name}()`);
    const params = decl.node['arguments'] as AstNode[];
    const fenv = this.methodEnv(decl, recv, params.map(() => 'int'), [], null);
    fenv.inferParams = true;
    if (called && !recv) fenv.calledClass = called;
    const index = this.push(
      {
        regionKey: `${this.plan.rootKey}#${key}`,
        functionName: `${decl.declaringClass}::${decl.name}`,
        lcName: key,
        sha256: decl.sha256,
        exported: false,
        ast: decl.node,
        lineBase: decl.lineBase,
      },
      fenv,
    );
    this.methods.set(key, index);
    for (const f of this.env.functions) f.changed = true;
    return index;
  }

  private push(f: ModuleFunction, env: FunctionEnv): number {
    this.list.push(f);
    this.env.functions.push(env);
    return this.list.length - 1;
  }

  /** Class names in declarations: `self` is the scope class; every class must be in the plan's sources. */
  classResolver(scope: string | undefined, line: number): (name: string) => string {
    return (name) => {
      const lc = name.toLowerCase();
      const cls = lc === 'self' ? scope : lc;
      if (!cls || lc === 'static' || lc === 'parent') throw new FrontendDecline(`unsupported type declaration '${name}' at line ${line}`);
      this.classes.get(cls, line);
      return cls;
    };
  }

  private functionEnv(pf: PlannedFunction, fn: AstNode, samples: Plan['samples']): FunctionEnv {
    const line = pf.source.lineStart + lineOf(fn) - 1;
    if (fn['byref']) throw new FrontendDecline(`unsupported construct 'by-reference return' at line ${line}`);
    const params = fn['arguments'] as AstNode[];
    const resolve = this.classResolver(undefined, line);
    const declared = params.map((p) => declaredTypeOf(p['type'], Boolean(p['nullable']), line, resolve));
    const env = new FunctionEnv(pf.functionName, pf.paramTypes, declared, declaredTypeOf(fn['type'], Boolean(fn['nullable']), line, resolve), this.env.world);
    this.bindParams(env, params, pf, declared, samples, line);
    return env;
  }

  private methodEnv(decl: MethodDecl, recv: string | undefined, declaredParamTypes: readonly ParamType[], samples: Plan['samples'], pf: PlannedFunction | null): FunctionEnv {
    const line = decl.lineBase + lineOf(decl.node) - 1;
    const params = decl.node['arguments'] as AstNode[];
    const resolve = this.classResolver(decl.declaringClass, line);
    const declared = params.map((p) => declaredTypeOf(p['type'], Boolean(p['nullable']), line, resolve));
    const paramTypes: ParamType[] = recv ? ['object', ...declaredParamTypes] : [...declaredParamTypes];
    const declaredAll: DeclaredType[] = recv ? [objectOf(recv), ...declared] : declared;
    const env = new FunctionEnv(decl.name, paramTypes, declaredAll, declaredTypeOf(decl.node['type'], Boolean(decl.node['nullable']), line, resolve), this.env.world);
    env.scopeClass = decl.declaringClass;
    if (recv) {
      env.thisClass = recv;
      const id = env.localId('this');
      env.paramIds.push(id);
      env.joinLocal(id, objectOf(recv), line);
    }
    if (pf) this.bindParams(env, params, pf, declared, samples, line);
    else for (const p of params) env.paramIds.push(env.localId((p['name'] as AstNode)['name'] as string));
    return env;
  }

  /** Parameters of a planned function or method: guard types, by-reference flags, array element types from samples. */
  private bindParams(env: FunctionEnv, params: readonly AstNode[], pf: PlannedFunction, declared: readonly DeclaredType[], samples: Plan['samples'], line: number): void {
    params.forEach((p, i) => {
      const name = (p['name'] as AstNode)['name'] as string;
      const id = env.localId(name);
      env.paramIds.push(id);
      if (i >= pf.paramTypes.length) return;
      const byRef = Boolean(p['byref']);
      if (byRef !== Boolean(pf.byRef?.[i])) throw new FrontendDecline(`parameter $${name} is ${byRef ? '' : 'not '}by reference but the plan says otherwise at line ${line}`);
      if (byRef) env.byRef.add(id);
      const guard = pf.paramTypes[i]!;
      const d = declared[i]!;
      let t: IrType | typeof BOT;
      if (guard === 'object') {
        // The guard only says "an object": the entry checks the class the profile saw.
        const cls = pf.paramClasses?.[i] ?? '';
        if (!cls || cls === '*') throw new FrontendDecline(`object parameter $${name} of no single class at line ${line}`);
        this.classes.get(cls, line);
        if (byRef) throw new FrontendDecline(`unsupported construct 'object passed by reference' ($${name}) at line ${line}`);
        if (d !== 'any' && d !== objectOf(cls) && !(d.startsWith('object<') && this.classes.instanceOf(cls, d.slice(7, -1), line) === true)) {
          throw new FrontendDecline(`parameter $${name} declared ${d} but specialized on ${cls} at line ${line}`);
        }
        env.joinLocal(id, objectOf(cls), line);
        return;
      }
      // An array parameter starts from the element types of the recorded samples (or of its callers, see userCall).
      t = guard === 'array' ? sampleArrayType(samples.map((s) => s[i])) : irTypeOfParam(guard);
      if (d === 'float' && guard === 'int') t = 'float'; // PHP widens an int argument to a float parameter
      else if (d !== 'any' && d !== guard) throw new FrontendDecline(`parameter $${name} declared ${d} but specialized on ${guard} at line ${line}`);
      env.joinLocal(id, t, line);
    });
  }
}

function methodPart(lcName: string): string {
  const at = lcName.lastIndexOf('::');
  return at < 0 ? lcName : lcName.slice(at + 2);
}

function methodKey(recv: string | undefined, decl: MethodDecl): string {
  return `${recv ?? ''}|${decl.declaringClass}::${decl.lcName}`;
}

