// Runs the service pipeline in-process ahead of the PHP run: every eligible function of a batch of programs → one artifact.
import { compileUnit } from '../compile/index.ts';
import { emitCpp } from '../codegen/index.ts';
import { isDeclined } from '../core/declined.ts';
import type { ParamType } from '../core/php-value.ts';
import { buildIr } from '../frontend/index.ts';
import type { IrModule } from '../frontend/types.ts';
import { runPasses } from '../passes/index.ts';
import type { Plan, PlannedFunction } from '../plan/types.ts';
import type { ClassSource } from '../ingest/types.ts';
import type { ClassText, FunctionSource } from './program.ts';

export interface CompileInput {
  /** Program name, for messages. */
  readonly program: string;
  /** Absolute path of the PHP file the functions live in (the extension hashes its lines). */
  readonly file: string;
  readonly functions: readonly {
    readonly source: FunctionSource;
    readonly paramTypes: readonly ParamType[];
    /** Per parameter: by reference; absent means none is. */
    readonly byRef?: readonly boolean[];
    /** A method (source.name is `Class::method`): its class as declared. */
    readonly className?: string;
    readonly isStatic?: boolean;
    /** Per parameter: the class of an object parameter, '' otherwise. */
    readonly paramClasses?: readonly string[];
  }[];
  /** Every class the program declares (the extension would send those its functions name). */
  readonly classes?: readonly ClassText[];
}

export interface CompileBatchOptions {
  readonly cacheDir: string;
  /**
   * Rewrites the optimized IR before code generation. Only tests use it, to plant a
   * deliberate miscompilation and check that the harness catches it.
   */
  readonly mutateIr?: (ir: IrModule) => IrModule;
}

export interface CompiledBatch {
  /** Shared object to preload (its `.sha256` sits beside it), or undefined when nothing compiled. */
  readonly artifact?: string;
  /** lcName → why that function stays interpreted. */
  readonly declined: ReadonlyMap<string, string>;
  /** lcNames that have a kernel in the artifact. */
  readonly compiled: ReadonlySet<string>;
  /** Problems that are bugs of the pipeline rather than declines (a g++ failure, an exception). */
  readonly errors: readonly string[];
}

function plannedOf(input: CompileInput, fn: CompileInput['functions'][number]): PlannedFunction {
  const classes: ClassSource[] = (input.classes ?? []).map((c) => ({ ...c, file: input.file }));
  const source = { file: input.file, lineStart: fn.source.lineStart, lineEnd: fn.source.lineEnd, text: fn.source.text, sha256: fn.source.sha256, classes };
  const common = { source, paramTypes: fn.paramTypes, byRef: fn.byRef ?? fn.paramTypes.map(() => false), exported: true, ...(fn.paramClasses ? { paramClasses: fn.paramClasses.map((c) => c.toLowerCase()) } : {}) };
  if (fn.className !== undefined) {
    // As src/plan names a method: "class::method" lowercased, the receiver its own class exactly.
    const lcClass = fn.className.toLowerCase();
    const method = fn.source.name.slice(fn.source.name.indexOf('::') + 2);
    return {
      ...common,
      regionKey: `${input.file}::${fn.className}::${method.toLowerCase()}`,
      functionName: method,
      lcName: `${lcClass}::${method.toLowerCase()}`,
      className: fn.className,
      isMethod: !fn.isStatic,
      isStatic: fn.isStatic === true,
      receiverClass: fn.isStatic ? '' : lcClass,
    };
  }
  const lc = fn.source.name.toLowerCase();
  return { ...common, regionKey: `${input.file}::::${lc}`, functionName: fn.source.name, lcName: lc };
}

function planOf(functions: readonly PlannedFunction[]): Plan {
  const classes = new Map<string, ClassSource>();
  for (const f of functions) for (const c of f.source.classes ?? []) if (!classes.has(c.name.toLowerCase())) classes.set(c.name.toLowerCase(), c);
  return { app: 'difftest', signatureId: 'difftest', rootKey: functions[0]!.regionKey, functions, samples: [], classes: [...classes.values()] };
}

/**
 * IR of the largest subset of `functions` the frontend accepts: a declined function is dropped
 * and the rest retried. A decline inside a method found through a class (a constructor, a
 * devirtualized call) does not name a planned function: then each one is tried alone.
 */
function frontendSubset(functions: PlannedFunction[], declined: Map<string, string>): IrModule | undefined {
  let fns = functions;
  while (fns.length > 0) {
    const ir = buildIr(planOf(fns));
    if (!isDeclined(ir)) return ir;
    const m = /^in ([A-Za-z0-9_:]+)\(\)/.exec(ir.reason);
    const named = m ? fns.filter((f) => f.lcName === m[1]!.toLowerCase() || (f.className && f.functionName.toLowerCase() === m[1]!.toLowerCase())) : [];
    let culprits = named.length === 1 ? named : [];
    const reasons = new Map<string, string>();
    if (culprits.length === 0) {
      for (const f of fns) {
        const alone = buildIr(planOf([f]));
        if (isDeclined(alone)) {
          culprits.push(f);
          reasons.set(f.lcName, `${alone.stage}: ${alone.reason}`);
        }
      }
      if (culprits.length === 0) culprits = [fns[0]!];
    }
    for (const c of culprits) declined.set(c.lcName, reasons.get(c.lcName) ?? `${ir.stage}: ${ir.reason}`);
    fns = fns.filter((f) => !culprits.includes(f));
  }
  return undefined;
}

/**
 * Whether the program's kernels would create objects: every kernel entry of a module DEOPTs
 * unless each class the module instantiates is declared, so such a program needs its own module.
 */
export function instantiatesClasses(input: CompileInput): boolean {
  if ((input.classes ?? []).length === 0 || input.functions.length === 0) return false;
  try {
    const ir = frontendSubset(input.functions.map((f) => plannedOf(input, f)), new Map());
    return (ir?.classes ?? []).some((c) => c.instantiated);
  } catch {
    return true; // the pipeline error is reported when the program is compiled
  }
}

function backend(ir: IrModule, options: CompileBatchOptions): ReturnType<typeof emitCpp> {
  let optimized = runPasses(ir);
  if (options.mutateIr) optimized = options.mutateIr(optimized);
  return emitCpp(optimized);
}

/**
 * Each program's functions go through the frontend alone (declines are per program), then the
 * survivors of all programs are compiled together: one g++ run for the whole batch.
 */
export async function compileBatch(inputs: readonly CompileInput[], options: CompileBatchOptions): Promise<CompiledBatch> {
  const declined = new Map<string, string>();
  const errors: string[] = [];
  const accepted: PlannedFunction[] = [];
  for (const input of inputs) {
    const all = input.functions.map((f) => plannedOf(input, f));
    if (all.length === 0) continue;
    try {
      const ir = frontendSubset(all, declined);
      if (!ir) continue;
      const unit = backend(ir, options);
      if (isDeclined(unit)) {
        for (const f of ir.functions) declined.set(f.lcName, `${unit.stage}: ${unit.reason}`);
        continue;
      }
      const keep = new Set(ir.functions.map((f) => f.lcName));
      accepted.push(...all.filter((f) => keep.has(f.lcName)));
    } catch (e) {
      errors.push(`${input.program}: pipeline threw: ${(e as Error).message}`);
      for (const f of all) declined.set(f.lcName, 'pipeline error');
    }
  }
  if (accepted.length === 0) return { declined, compiled: new Set(), errors };
  const ir = buildIr(planOf(accepted));
  if (isDeclined(ir)) {
    errors.push(`the batch declined where its programs did not: ${ir.reason}`);
    return { declined, compiled: new Set(), errors };
  }
  const unit = backend(ir, options);
  if (isDeclined(unit)) {
    errors.push(`the batch declined in ${unit.stage}: ${unit.reason}`);
    return { declined, compiled: new Set(), errors };
  }
  const artifact = await compileUnit(unit, { cacheDir: options.cacheDir, timeoutMs: 300_000 });
  if (isDeclined(artifact)) {
    errors.push(`g++ failed on the batch: ${artifact.reason}`);
    return { declined, compiled: new Set(), errors };
  }
  return { artifact: artifact.path, declined, compiled: new Set(unit.kernels.map((k) => k.lcName)), errors };
}
