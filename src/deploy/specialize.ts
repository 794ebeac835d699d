// Runs one plan through the compiler and verifier stages; a Declined stops it, an exception is named by stage.
import { isDeclined, StageError } from '../core/declined.ts';
import type { Declined } from '../core/declined.ts';
import type { CppUnit } from '../codegen/types.ts';
import type { Plan } from '../plan/types.ts';
import type { Verified } from '../verify/types.ts';
import type { Stages } from './stages.ts';

export interface SpecializeOptions {
  readonly cacheDir: string;
  readonly php: string;
  readonly compileTimeoutMs: number;
  readonly verifyTimeoutMs: number;
  /** Called before each stage, for logs and status. */
  readonly onStage?: (stage: string) => void;
}

export interface Specialized {
  readonly unit: CppUnit;
  readonly verified: Verified;
}

async function step<T>(stage: string, region: string, opts: SpecializeOptions, fn: () => T | Promise<T>): Promise<T> {
  opts.onStage?.(stage);
  try {
    return await fn();
  } catch (e) {
    if (e instanceof StageError) throw e;
    throw new StageError(stage, region, e instanceof Error ? e.message : String(e), { cause: e });
  }
}

export async function specializePlan(plan: Plan, stages: Stages, opts: SpecializeOptions): Promise<Specialized | Declined> {
  const region = plan.rootKey;
  const ir = await step('frontend', region, opts, () => stages.buildIr(plan));
  if (isDeclined(ir)) return ir;
  const optimized = await step('passes', region, opts, () => stages.runPasses(ir));
  if (isDeclined(optimized)) return optimized;
  const unit = await step('codegen', region, opts, () => stages.emitCpp(optimized));
  if (isDeclined(unit)) return unit;
  const artifact = await step('compile', region, opts, () =>
    stages.compileUnit(unit, { cacheDir: opts.cacheDir, timeoutMs: opts.compileTimeoutMs }),
  );
  if (isDeclined(artifact)) return artifact;
  const verified = await step('verify', region, opts, () =>
    stages.verifyArtifact(artifact, plan, { php: opts.php, timeoutMs: opts.verifyTimeoutMs }),
  );
  if (isDeclined(verified)) return verified;
  return { unit, verified };
}
