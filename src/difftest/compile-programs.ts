// Runs the service pipeline in-process ahead of the PHP run: every eligible function of a batch of programs → one artifact.
import { compileUnit } from '../compile/index.ts';
import { emitCpp } from '../codegen/index.ts';
import { isDeclined } from '../core/declined.ts';
import type { ParamType } from '../core/php-value.ts';
import { buildIr } from '../frontend/index.ts';
import type { IrModule } from '../frontend/types.ts';
import { runPasses } from '../passes/index.ts';
import type { Plan, PlannedFunction } from '../plan/types.ts';
import type { FunctionSource } from './program.ts';

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
  }[];
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
  const lc = fn.source.name.toLowerCase();
  return {
    regionKey: `${input.file}::::${lc}`,
    functionName: fn.source.name,
    lcName: lc,
    source: { file: input.file, lineStart: fn.source.lineStart, lineEnd: fn.source.lineEnd, text: fn.source.text, sha256: fn.source.sha256 },
    paramTypes: fn.paramTypes,
    byRef: fn.byRef ?? fn.paramTypes.map(() => false),
    exported: true,
  };
}

function planOf(functions: readonly PlannedFunction[]): Plan {
  return { app: 'difftest', signatureId: 'difftest', rootKey: functions[0]!.regionKey, functions, samples: [] };
}

/** IR of the largest subset of `functions` the frontend accepts: a declined function is dropped and the rest retried. */
function frontendSubset(functions: PlannedFunction[], declined: Map<string, string>): IrModule | undefined {
  let fns = functions;
  while (fns.length > 0) {
    const ir = buildIr(planOf(fns));
    if (!isDeclined(ir)) return ir;
    const m = /^in ([A-Za-z0-9_]+)\(\)/.exec(ir.reason);
    const culprit = m ? m[1]!.toLowerCase() : fns[0]!.lcName;
    declined.set(culprit, `${ir.stage}: ${ir.reason}`);
    const next = fns.filter((f) => f.lcName !== culprit);
    if (next.length === fns.length) return undefined;
    fns = next;
  }
  return undefined;
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
