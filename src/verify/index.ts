// verify stage: replay recorded arguments through the compiled kernel and through php-cli, and
// accept the artifact only when every native answer is exactly what PHP computes.
import { decline, StageError, type Declined } from '../core/declined.ts';
import { guardCodeOf, scalarTypeOfCode, type PhpValue } from '../core/php-value.ts';
import type { Artifact } from '../compile/types.ts';
import type { Plan } from '../plan/types.ts';
import { nativeAddon, type KernelResult } from './addon.ts';
import { compareWithPhp, showKernelResult } from './compare-results.ts';
import { extraSamples } from './extra-samples.ts';
import { buildPhpHarness, type PhpCall } from './php-harness.ts';
import { showCall, tupleKey } from './php-literal.ts';
import { runKernelsIsolated } from './run-kernels.ts';
import { runPhpScript } from './run-php.ts';
import type { Verified } from './types.ts';

export type { Verified } from './types.ts';
export { loadKernelModule } from './addon.ts';
export type { KernelModule, KernelResult, KernelDescriptor, KernelError } from './addon.ts';

export interface VerifyOptions {
  /** php-cli binary; default `php`. */
  readonly php?: string;
  /** Wall-clock limit for the php run; default 20 s. */
  readonly timeoutMs?: number;
  /** Wall-clock limit for the kernel run; default `timeoutMs`. */
  readonly kernelTimeoutMs?: number;
  /** Also try a few small tuples derived from the parameter types; default true. */
  readonly extraSamples?: boolean;
}

const STAGE = 'verify';
const DEFAULT_TIMEOUT_MS = 20_000;
const EXTRAS_BUDGET_MS = 2_000;

function matchesTypes(args: readonly PhpValue[], types: readonly string[]): boolean {
  return args.length === types.length && args.every((a, i) => a.kind === types[i]);
}

function isMethodKey(key: string): boolean {
  const parts = key.split('::');
  return parts.length >= 3 && parts[parts.length - 2] !== '';
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Loads `artifact` in a child process, runs the plan root's kernel on the recorded samples (plus a
 * few small derived tuples), replays the natively answered ones under `php -n`, and compares
 * exactly. A mismatch, a crash or an ABI violation declines; a bad artifact (wrong ABI version,
 * missing kernel, guard or source hash that disagrees with the plan) is a StageError.
 */
export async function verifyArtifact(artifact: Artifact, plan: Plan, opts: VerifyOptions = {}): Promise<Verified | Declined> {
  const region = plan.rootKey;
  const php = opts.php ?? 'php';
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const root = plan.functions[0];
  if (!root) throw new StageError(STAGE, region, 'plan has no functions');
  const methods = plan.functions.filter((f) => isMethodKey(f.regionKey));
  if (methods.length > 0) return decline(STAGE, region, `methods cannot be replayed yet (${methods[0]!.regionKey})`);
  nativeAddon(); // fail here, clearly, when the addon was never built

  // Tuples the kernel's guard would reject never reach it in PHP either: they are not evidence.
  const seen = new Set<string>();
  const recorded = plan.samples.filter((s) => {
    const key = tupleKey(s);
    if (!matchesTypes(s, root.paramTypes) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const extras = opts.extraSamples === false ? [] : extraSamples(root.paramTypes, recorded);
  const samples = [...recorded, ...extras];
  const isExtra = (i: number): boolean => i >= recorded.length;

  const run = await runKernelsIsolated(artifact.path, root.lcName, samples, {
    timeoutMs: opts.kernelTimeoutMs ?? timeoutMs,
    extrasFrom: recorded.length,
    extrasBudgetMs: EXTRAS_BUDGET_MS,
  });
  if (run.loadError !== undefined) throw new StageError(STAGE, region, run.loadError);
  if (run.crash && !run.module) {
    throw new StageError(STAGE, region, `kernel worker died before loading ${artifact.path} (${run.crash.signal ?? `exit ${run.crash.exitCode}`}): ${run.crash.stderr}`);
  }
  const mod = run.module!;
  const kernel = mod.kernels[run.kernelIndex];
  if (!kernel) throw new StageError(STAGE, region, `artifact ${artifact.path} has no kernel for ${root.lcName}`);
  const planGuard = root.paramTypes.map(guardCodeOf);
  if (kernel.guard.length !== planGuard.length || kernel.guard.some((g, i) => g !== planGuard[i])) {
    const show = (codes: readonly number[]): string => codes.map((c) => scalarTypeOfCode(c) ?? String(c)).join(', ');
    throw new StageError(STAGE, region, `kernel ${kernel.functionName} is guarded on (${show(kernel.guard)}) but the plan says (${show(planGuard)})`);
  }
  if (kernel.sourceSha256 !== root.source.sha256) {
    throw new StageError(STAGE, region, `kernel ${kernel.functionName} was generated from source ${kernel.sourceSha256 || '(none)'}, the plan has ${root.source.sha256}`);
  }

  const name = root.functionName;
  if (run.crash) {
    const at = run.crash.sample !== undefined ? ` on ${showCall(name, samples[run.crash.sample]!)}` : '';
    const how = run.crash.signal ? `signal ${run.crash.signal}` : `exit code ${run.crash.exitCode}`;
    return decline(STAGE, region, `kernel crashed (${how})${at}`);
  }

  let compared = 0;
  let native = 0;
  let extrasCompared = 0;
  const calls: PhpCall[] = [];
  const kernelResults = new Map<number, KernelResult>();
  for (let i = 0; i < samples.length; i++) {
    const outcome = run.outcomes.get(i);
    if (!outcome || outcome.kind === 'skipped') continue;
    if (outcome.kind === 'violation') return decline(STAGE, region, `${outcome.message} on ${showCall(name, samples[i]!)}`);
    if (outcome.result.status === 'deopt') {
      compared++;
      if (isExtra(i)) extrasCompared++;
      continue;
    }
    kernelResults.set(i, outcome.result);
    calls.push({ id: i, args: samples[i]! });
  }
  // Cheapest first, so a PHP run cut short by the time limit has compared as much as it could.
  calls.sort((a, b) => kernelResults.get(a.id)!.nativeNs - kernelResults.get(b.id)!.nativeNs);

  const nativeNs: number[] = [];
  let phpTimedOut = false;
  if (calls.length > 0) {
    const harness = buildPhpHarness(region, plan.functions, root.lcName, calls);
    const ran = await runPhpScript(harness.script, { php, timeoutMs });
    phpTimedOut = ran.timedOut;
    if (ran.versionId === undefined) {
      if (ran.timedOut) return decline(STAGE, region, 'verification timed out');
      return decline(STAGE, region, `php-cli did not run the replay script: ${ran.diagnostics || `exit code ${ran.exitCode}`}`);
    }
    const phpMajorMinor = Math.floor(ran.versionId / 100) * 100;
    if (phpMajorMinor !== mod.phpVersionId) {
      return decline(STAGE, region, `artifact targets PHP_VERSION_ID ${mod.phpVersionId} but ${php} is ${ran.versionId}`);
    }
    for (const call of calls) {
      const kernelResult = kernelResults.get(call.id)!;
      const phpOutcome = ran.outcomes.get(call.id);
      if (!phpOutcome) {
        if (ran.timedOut) break;
        // php stopped (fatal error, exit) where the kernel answered: that is a difference too.
        const why = ran.diagnostics ? `: ${ran.diagnostics}` : '';
        return decline(STAGE, region, `on ${showCall(name, call.args)} kernel gave ${showKernelResult(kernelResult)} but PHP stopped (exit code ${ran.exitCode})${why}`);
      }
      const mismatch = compareWithPhp(kernelResult, phpOutcome, harness.linesPreserved);
      if (mismatch !== undefined) {
        const which = isExtra(call.id) ? ' (derived tuple)' : '';
        return decline(STAGE, region, `mismatch in ${root.lcName} on ${showCall(name, call.args)}${which}: ${mismatch}`);
      }
      compared++;
      native++;
      if (isExtra(call.id)) extrasCompared++;
      nativeNs.push(kernelResult.nativeNs);
    }
  }

  if (compared === 0) {
    if (phpTimedOut || run.timedOut) return decline(STAGE, region, 'verification timed out');
    return decline(STAGE, region, 'no samples to verify');
  }
  return { artifact, compared, native, extras: extrasCompared, medianNativeNs: median(nativeNs) };
}
