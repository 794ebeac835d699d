// Plan stage entry: decide what to compile for a hot region — its kernel, its eligible callees, the replay samples.
import { isDeclined } from '../core/declined.ts';
import type { Declined } from '../core/declined.ts';
import type { ParamType, PhpValue } from '../core/php-value.ts';
import { shouldSpecialize } from '../cost/index.ts';
import type { CostOptions } from '../cost/types.ts';
import type { ClassSource, RegionProfile } from '../ingest/types.ts';
import { joinWorldHints } from '../ingest/world-hints.ts';
import { buildSignature } from '../signature/build-signature.ts';
import { checkEligible, phpLowercase, type Eligible } from './eligibility.ts';
import type { Plan, PlannedFunction } from './types.ts';

export type { Plan, PlannedFunction } from './types.ts';
export { checkEligible, phpLowercase, MAX_ARITY, MIN_COVERAGE } from './eligibility.ts';

export interface PlanOptions {
  /** Functions in one module at most (root included). */
  readonly maxFunctions?: number;
  readonly maxSamples?: number;
  readonly minCoverage?: number;
  /** Thresholds deciding whether a callee is hot enough to get its own kernel entry. */
  readonly cost?: Partial<CostOptions>;
  /** Signature id of the root, if the caller computed it already. */
  readonly signatureId?: string;
}

/** A recorded argument tuple the kernel's guard accepts (same arity, each value of the guarded kind). */
function matchesTypes(args: readonly PhpValue[], types: readonly ParamType[]): boolean {
  return args.length === types.length && args.every((a, i) => a.kind === types[i]);
}

/** A recorded tuple the kernel would run on: the receiver of its class first (methods), then the guarded arguments of their classes. */
export function matchesFunction(args: readonly PhpValue[], f: PlannedFunction): boolean {
  const isOf = (v: PhpValue | undefined, lcClass: string): boolean => v?.kind === 'object' && phpLowercase(v.className) === lcClass;
  if (f.isMethod && !isOf(args[0], f.receiverClass ?? '')) return false;
  const params = f.isMethod ? args.slice(1) : args;
  return matchesTypes(params, f.paramTypes) && params.every((a, i) => f.paramTypes[i] !== 'object' || isOf(a, f.paramClasses?.[i] ?? ''));
}

function plannedFunction(p: RegionProfile, e: Eligible, exported: boolean): PlannedFunction {
  const lcClass = phpLowercase(p.className);
  return {
    regionKey: p.key,
    functionName: p.functionName,
    // The descriptor names a method "class::method", both lowercased.
    lcName: lcClass === '' ? phpLowercase(p.functionName) : `${lcClass}::${phpLowercase(p.functionName)}`,
    className: p.className,
    isMethod: e.isMethod,
    isStatic: e.isStatic,
    receiverClass: e.isMethod ? lcClass : '',
    source: e.source,
    paramTypes: e.paramTypes,
    paramClasses: e.paramClasses,
    byRef: e.byRef,
    exported,
  };
}

/** Class sources the functions carry, one per class (PHP class names are case-insensitive), first seen wins. */
function planClasses(functions: readonly PlannedFunction[]): ClassSource[] {
  const byName = new Map<string, ClassSource>();
  for (const f of functions) {
    for (const c of f.source.classes ?? []) {
      const lc = phpLowercase(c.name);
      if (!byName.has(lc)) byName.set(lc, c);
    }
  }
  return [...byName.values()];
}

export function planRegion(
  profile: RegionProfile,
  allProfiles: Iterable<RegionProfile>,
  options: PlanOptions = {},
): Plan | Declined {
  const root = checkEligible(profile, options.minCoverage);
  if (isDeclined(root)) return root;
  const maxFunctions = options.maxFunctions ?? 16;
  const sameApp = [...allProfiles].filter((p) => p.app === profile.app && p.key !== profile.key);
  const functions: PlannedFunction[] = [plannedFunction(profile, root, true)];
  // Callees are found through their callers lists (the extension records who calls whom), transitively.
  const names = new Set([functions[0]!.lcName]);
  const queue = [profile.key];
  while (queue.length > 0 && functions.length < maxFunctions) {
    const caller = queue.shift()!;
    const callees = sameApp
      .filter((p) => p.callers.has(caller) && !functions.some((f) => f.regionKey === p.key))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const c of callees) {
      if (functions.length >= maxFunctions) break;
      const e = checkEligible(c, options.minCoverage);
      if (isDeclined(e)) continue;
      const f = plannedFunction(c, e, shouldSpecialize(c, options.cost) === true);
      if (names.has(f.lcName)) continue;
      names.add(f.lcName);
      functions.push(f);
      queue.push(c.key);
    }
  }
  const samples = profile.samples
    .filter((s) => matchesFunction(s, functions[0]!))
    .slice(0, options.maxSamples ?? 16)
    .map((s) => [...s]);
  const world = joinWorldHints(...functions.map((f) => f.source.world));
  return {
    app: profile.app,
    signatureId: options.signatureId ?? buildSignature(profile).id,
    rootKey: profile.key,
    functions,
    samples,
    classes: planClasses(functions),
    ...(world.length > 0 ? { world } : {}),
  };
}
