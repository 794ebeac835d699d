// The compiler and verifier stages the orchestrator drives, as one injectable object; the default loads the real ones.
import { StageError } from '../core/declined.ts';
import type { Declined } from '../core/declined.ts';
import type { CppUnit } from '../codegen/types.ts';
import type { Artifact } from '../compile/types.ts';
import type { Plan } from '../plan/types.ts';
import type { Verified } from '../verify/types.ts';

type MaybePromise<T> = T | Promise<T>;

/** The IR is opaque here: the orchestrator only hands it from one stage to the next. */
export interface Stages {
  buildIr(plan: Plan): MaybePromise<unknown>;
  runPasses(ir: unknown): MaybePromise<unknown>;
  emitCpp(ir: unknown): MaybePromise<CppUnit | Declined>;
  compileUnit(unit: CppUnit, options: { cacheDir: string; timeoutMs: number }): Promise<Artifact | Declined>;
  verifyArtifact(artifact: Artifact, plan: Plan, options: { php: string; timeoutMs: number }): Promise<Verified | Declined>;
}

const MODULES = {
  buildIr: '../frontend/index.ts',
  runPasses: '../passes/index.ts',
  emitCpp: '../codegen/index.ts',
  compileUnit: '../compile/index.ts',
  verifyArtifact: '../verify/index.ts',
} as const;

/** Paths of the stage modules, to tell whether the real pipeline is present. */
export function stageModulePaths(): Record<keyof Stages, URL> {
  const out = {} as Record<keyof Stages, URL>;
  for (const [name, rel] of Object.entries(MODULES)) out[name as keyof Stages] = new URL(rel, import.meta.url);
  return out;
}

// Imported by URL so this file type-checks and loads while the other stages are still being written.
export async function loadRealStages(): Promise<Stages> {
  const out: Record<string, unknown> = {};
  for (const [name, url] of Object.entries(stageModulePaths())) {
    let mod: Record<string, unknown>;
    try {
      mod = (await import(url.href)) as Record<string, unknown>;
    } catch (e) {
      throw new StageError('deploy', '-', `cannot load stage ${name} from ${url.pathname}: ${(e as Error).message}`, { cause: e });
    }
    if (typeof mod[name] !== 'function') throw new StageError('deploy', '-', `${url.pathname} does not export ${name}()`);
    out[name] = mod[name];
  }
  return out as unknown as Stages;
}
