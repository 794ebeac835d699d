// verify stage: replay recorded arguments through the compiled kernel and through php-cli, and
// accept the artifact only when every native answer is exactly what PHP computes.
import { decline, StageError, type Declined } from '../core/declined.ts';
import { GUARD_BYREF, guardCodeOf, typeNameOfCode, type PhpValue } from '../core/php-value.ts';
import type { IrExpr, WorldSlot } from '../frontend/types.ts';
import type { Artifact } from '../compile/types.ts';
import { matchesFunction } from '../plan/index.ts';
import type { Plan, PlannedFunction } from '../plan/types.ts';
import { nativeAddon, type KernelResult, type KernelWorld, type WorldClass } from './addon.ts';
import { classLayout, defaultObject } from './class-model.ts';
import { compareWithPhp, showKernelResult, type CallWorldBefore } from './compare-results.ts';
import { constantSeed, extraSamples, worldSeed } from './extra-samples.ts';
import { buildPhpHarness, type HarnessWorld, type PhpCall } from './php-harness.ts';
import type { PhpRun } from './run-php.ts';
import { showCall as showCallOf, showTyped, tupleKey } from './php-literal.ts';
import { runKernelsIsolated } from './run-kernels.ts';
import { runPhpScript } from './run-php.ts';
import type { Verified } from './types.ts';

export type { Verified } from './types.ts';
export { loadKernelModule } from './addon.ts';
export type { KernelModule, KernelResult, KernelDescriptor, KernelError, KernelWorld } from './addon.ts';

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

/** Why a planned method cannot be replayed from the plan's class sources, if it cannot. */
function methodSourceProblem(plan: Plan, f: PlannedFunction): string | undefined {
  const cls = f.className ?? '';
  if (cls === '') return undefined;
  const source = (plan.classes ?? []).find((c) => c.name.toLowerCase() === cls.toLowerCase());
  if (!source) return `no source for class ${cls} of method ${cls}::${f.functionName}`;
  // The class text is what the replay declares: it must hold this very version of the method.
  const inside = source.file === f.source.file && f.source.lineStart >= source.lineStart && f.source.lineEnd <= source.lineEnd;
  if (!inside || !source.text.includes(f.source.text)) return `the source of class ${cls} does not hold this version of ${cls}::${f.functionName}`;
  return undefined;
}

/** The classes a kernel may instantiate: those whose fresh objects the class sources tell exactly. */
function worldClasses(plan: Plan): WorldClass[] {
  const out: WorldClass[] = [];
  for (const c of plan.classes ?? []) {
    const layout = classLayout(plan.classes ?? [], c.name);
    if (layout) out.push({ name: layout.name, slots: layout.slots, defaults: layout.defaults });
  }
  return out;
}

/** The value of a static's initializer when it is a literal (PHP 8.2 holds exactly that before the first call). */
export function literalValue(e: IrExpr): PhpValue | undefined {
  switch (e.k) {
    case 'const':
      if (e.type === 'int') return { kind: 'int', value: e.value };
      if (e.type === 'float') return { kind: 'float', value: e.value };
      if (e.type === 'bool') return { kind: 'bool', value: e.value };
      return { kind: 'string', value: e.value };
    case 'null':
      return { kind: 'null' };
    case 'unary': {
      const v = e.op === 'neg' ? literalValue(e.arg) : undefined;
      if (v?.kind === 'int' && v.value !== -(1n << 63n)) return { kind: 'int', value: -v.value };
      if (v?.kind === 'float') return { kind: 'float', value: -v.value };
      return undefined;
    }
    case 'convert':
      return e.mode === 'box' || e.mode === 'widen' ? widened(literalValue(e.arg), e.type) : undefined;
    case 'array': {
      const entries: { key: bigint | string; value: PhpValue }[] = [];
      let next = 0n;
      for (const item of e.items) {
        const value = literalValue(item.value);
        const key = item.key === null ? next : literalValue(item.key);
        if (!value || key === undefined) return undefined;
        const k = typeof key === 'bigint' ? key : key.kind === 'int' ? key.value : key.kind === 'string' && !/^(0|-?[1-9]\d{0,17})$/.test(key.value) ? key.value : undefined;
        if (k === undefined) return undefined;
        const at = entries.findIndex((x) => x.key === k);
        if (at >= 0) entries[at] = { key: k, value };
        else entries.push({ key: k, value });
        if (typeof k === 'bigint' && k >= next) next = k + 1n;
      }
      return { kind: 'array', entries };
    }
    default:
      return undefined;
  }
}

function widened(v: PhpValue | undefined, type: string): PhpValue | undefined {
  if (v?.kind === 'int' && type === 'float') return { kind: 'float', value: Number(v.value) };
  return v;
}

/** Seeds of the module's world: per sample for globals, fixed for constants and statics. */
interface WorldPlan {
  readonly globals: readonly WorldSlot[];
  readonly constants: readonly { readonly name: string; readonly value: PhpValue }[];
  readonly statics: readonly { readonly fn: string; readonly name: string; readonly value: PhpValue }[];
}

function planWorld(slots: readonly WorldSlot[]): WorldPlan | string {
  const seen = new Set<string>();
  const globals: WorldSlot[] = [];
  const constants: { name: string; value: PhpValue }[] = [];
  const statics: { fn: string; name: string; value: PhpValue }[] = [];
  for (const slot of slots) {
    const id = `${slot.kind}:${slot.fn ?? ''}::${slot.name}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (slot.kind === 'global') globals.push(slot);
    // One value for the whole run: a constant cannot change between calls of one php process.
    else if (slot.kind === 'constant') constants.push({ name: slot.name, value: constantSeed(slot.type, constants.length) });
    else {
      const value = slot.init ? literalValue(slot.init) : { kind: 'null' as const };
      if (!value) return `static $${slot.name} of ${slot.fn ?? '?'} has an initializer that is not a literal`;
      statics.push({ fn: slot.fn ?? '', name: slot.name, value });
    }
  }
  return { globals, constants, statics };
}

function globalSeeds(world: WorldPlan, sample: number): Map<string, PhpValue> {
  return new Map(world.globals.map((g, j) => [g.name, worldSeed(g.type, sample + j)]));
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Runs the replay scripts one after another within one time limit and merges what they reported. */
async function runHarnesses(scripts: readonly string[], php: string, timeoutMs: number): Promise<PhpRun> {
  if (scripts.length === 1) return runPhpScript(scripts[0]!, { php, timeoutMs });
  const deadline = Date.now() + timeoutMs;
  const outcomes: PhpRun['outcomes'] = new Map();
  let last: PhpRun | undefined;
  for (const script of scripts) {
    const left = deadline - Date.now();
    if (left <= 0) return { versionId: last?.versionId, outcomes, timedOut: true, exitCode: null, diagnostics: '' };
    last = await runPhpScript(script, { php, timeoutMs: left });
    for (const [id, o] of last.outcomes) outcomes.set(id, o);
    if (last.timedOut || last.versionId === undefined || last.exitCode !== 0) return { ...last, outcomes };
  }
  return { ...last!, outcomes };
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
  for (const f of plan.functions) {
    const problem = methodSourceProblem(plan, f);
    if (problem !== undefined) return decline(STAGE, region, `cannot replay: ${problem}`);
  }
  nativeAddon(); // fail here, clearly, when the addon was never built

  // Tuples the kernel's guard would reject never reach it in PHP either: they are not evidence.
  const seen = new Set<string>();
  const recorded = plan.samples.filter((s) => {
    const key = tupleKey(s);
    if (!matchesFunction(s, root) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // An instance method's tuples carry $this first (args[0]), as the kernel gets it.
  const self = root.isMethod ? 1 : 0;
  const objectSeeds = {
    param: (j: number): PhpValue | undefined => defaultObject(plan.classes ?? [], root.paramClasses?.[j] ?? ''),
    receivers: self ? [recorded[0]?.[0], defaultObject(plan.classes ?? [], root.className ?? '')].filter((r): r is PhpValue => r !== undefined) : undefined,
  };
  const extras = opts.extraSamples === false ? [] : extraSamples(root.paramTypes, recorded.map((s) => s.slice(self)), objectSeeds).filter((t) => !seen.has(tupleKey(t)));
  const samples = [...recorded, ...extras];
  const isExtra = (i: number): boolean => i >= recorded.length;
  const byRef = root.paramTypes.map((_, i) => root.byRef?.[i] === true);
  const argByRef = [...Array<boolean>(self).fill(false), ...byRef];
  const classes = worldClasses(plan);
  const world = planWorld(artifact.unit.world ?? []);
  if (typeof world === 'string') return decline(STAGE, region, `cannot seed the world: ${world}`);
  // The replay declares a stub class to seed "A::B"; a class the replay declares from its source
  // already has its own constants, whose values the kernel's world would not know.
  const declared = new Set((plan.classes ?? []).map((c) => c.name.toLowerCase()));
  const clash = world.constants.find((c) => c.name.includes('::') && declared.has(c.name.slice(0, c.name.indexOf('::')).replace(/^\\/, '').toLowerCase()));
  if (clash) return decline(STAGE, region, `cannot seed the world: constant ${clash.name} belongs to a class declared from its source`);
  const staticSeeds = new Map(world.statics.map((st) => [`${st.fn}::${st.name}`, st.value]));
  const kernelWorlds: KernelWorld[] = samples.map((_, i) => ({
    globals: [...globalSeeds(world, i)].map(([name, value]) => ({ name, value })),
    constants: world.constants,
    statics: world.statics,
    classes,
  }));
  const before = (i: number): CallWorldBefore => ({
    args: samples[i]!,
    byRef: argByRef,
    receiver: self === 1,
    globals: globalSeeds(world, i),
    globalNames: world.globals.map((g) => g.name),
    statics: staticSeeds,
  });

  const run = await runKernelsIsolated(artifact.path, root.lcName, samples, {
    timeoutMs: opts.kernelTimeoutMs ?? timeoutMs,
    extrasFrom: recorded.length,
    extrasBudgetMs: EXTRAS_BUDGET_MS,
    worlds: kernelWorlds,
  });
  if (run.loadError !== undefined) throw new StageError(STAGE, region, run.loadError);
  if (run.crash && !run.module) {
    throw new StageError(STAGE, region, `kernel worker died before loading ${artifact.path} (${run.crash.signal ?? `exit ${run.crash.exitCode}`}): ${run.crash.stderr}`);
  }
  const mod = run.module!;
  const kernel = mod.kernels[run.kernelIndex];
  if (!kernel) throw new StageError(STAGE, region, `artifact ${artifact.path} has no kernel for ${root.lcName}`);
  const planGuard = root.paramTypes.map((t, i) => guardCodeOf(t, byRef[i]));
  if (kernel.guard.length !== planGuard.length || kernel.guard.some((g, i) => g !== planGuard[i])) {
    const show = (codes: readonly number[]): string => codes.map((c) => `${c & GUARD_BYREF ? '&' : ''}${typeNameOfCode(c & 0x7f)}`).join(', ');
    throw new StageError(STAGE, region, `kernel ${kernel.functionName} is guarded on (${show(kernel.guard)}) but the plan says (${show(planGuard)})`);
  }
  const wantReceiver = root.isMethod ? (root.receiverClass ?? '') : null;
  if ((kernel.receiverClass ?? null) !== wantReceiver) {
    throw new StageError(STAGE, region, `kernel ${kernel.functionName} has receiver class ${kernel.receiverClass ?? '(none)'} but the plan says ${wantReceiver ?? '(none)'}`);
  }
  if (kernel.sourceSha256 !== root.source.sha256) {
    throw new StageError(STAGE, region, `kernel ${kernel.functionName} was generated from source ${kernel.sourceSha256 || '(none)'}, the plan has ${root.source.sha256}`);
  }

  const name = root.className ? `${root.className}::${root.functionName}` : root.functionName;
  // A method call reads as PHP writes it: the receiver, then the method and its arguments.
  const showCall = (_: string, args: readonly PhpValue[]): string =>
    self ? `${showTyped(args[0]!)}->${root.functionName}(${args.slice(1).map(showTyped).join(', ')})` : showCallOf(name, args);
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
    // arg_set counts declared parameters; the comparison counts arguments ($this first).
    kernelResults.set(i, self ? { ...outcome.result, byRef: outcome.result.byRef.map((w) => ({ index: w.index + self, value: w.value })) } : outcome.result);
    calls.push({ id: i, args: samples[i]!, globals: globalSeeds(world, i) });
  }
  // Cheapest first, so a PHP run cut short by the time limit has compared as much as it could.
  calls.sort((a, b) => kernelResults.get(a.id)!.nativeNs - kernelResults.get(b.id)!.nativeNs);

  const nativeNs: number[] = [];
  let phpTimedOut = false;
  if (calls.length > 0) {
    const harnessWorld: HarnessWorld = {
      byRef,
      globals: world.globals.map((g) => g.name),
      constants: world.constants,
      statics: world.statics.map((st) => ({ fn: st.fn, name: st.name })),
      classes: plan.classes ?? [],
    };
    // Statics keep their value across calls and php-cli cannot set them: every call that must
    // start from the initial statics gets a php process of its own.
    const batches = world.statics.length > 0 ? calls.map((c) => [c]) : [calls];
    const harnesses = batches.map((b) => buildPhpHarness(region, plan.functions, root.lcName, b, harnessWorld));
    const harness = { linesPreserved: harnesses.every((h) => h.linesPreserved) };
    const ran = await runHarnesses(harnesses.map((h) => h.script), php, timeoutMs);
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
      const mismatch = compareWithPhp(kernelResult, phpOutcome, harness.linesPreserved, before(call.id));
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
