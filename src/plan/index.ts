// Plan stage entry: decide what to compile for a hot region — its kernel, its eligible callees, the replay samples.
import { isDeclined } from '../core/declined.ts';
import type { Declined } from '../core/declined.ts';
import type { PhpValue, ScalarType } from '../core/php-value.ts';
import { shouldSpecialize } from '../cost/index.ts';
import type { CostOptions } from '../cost/types.ts';
import type { RegionProfile } from '../ingest/types.ts';
import { buildSignature } from '../signature/build-signature.ts';
import { checkEligible, phpLowercase } from './eligibility.ts';
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

function matchesTypes(args: readonly PhpValue[], types: readonly ScalarType[]): boolean {
  return args.length === types.length && args.every((a, i) => a.kind === types[i]);
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
  const functions: PlannedFunction[] = [
    {
      regionKey: profile.key,
      functionName: profile.functionName,
      lcName: phpLowercase(profile.functionName),
      source: root.source,
      paramTypes: root.paramTypes,
      exported: true,
    },
  ];
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
      const lcName = phpLowercase(c.functionName);
      if (isDeclined(e) || names.has(lcName)) continue;
      names.add(lcName);
      functions.push({
        regionKey: c.key,
        functionName: c.functionName,
        lcName,
        source: e.source,
        paramTypes: e.paramTypes,
        exported: shouldSpecialize(c, options.cost) === true,
      });
      queue.push(c.key);
    }
  }
  const samples = profile.samples
    .filter((s) => matchesTypes(s, root.paramTypes))
    .slice(0, options.maxSamples ?? 16)
    .map((s) => [...s]);
  return {
    app: profile.app,
    signatureId: options.signatureId ?? buildSignature(profile).id,
    rootKey: profile.key,
    functions,
    samples,
  };
}
