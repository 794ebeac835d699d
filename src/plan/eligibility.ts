// Whether one region can become a kernel, and on which parameter types.
import { decline } from '../core/declined.ts';
import type { Declined } from '../core/declined.ts';
import { scalarTypeOfCode, typeNameOfCode } from '../core/php-value.ts';
import type { ScalarType } from '../core/php-value.ts';
import type { RegionProfile, RegionSource } from '../ingest/types.ts';
import { dominantTuple } from '../signature/dominant-types.ts';

export const MAX_ARITY = 8;
/** Share of profiled calls the dominant argument tuple must cover for a guard to pay off. */
export const MIN_COVERAGE = 0.9;

export interface Eligible {
  readonly source: RegionSource;
  readonly paramTypes: ScalarType[];
}

/** PHP's function table lowercases ASCII only (zend_str_tolower). */
export function phpLowercase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

export function checkEligible(p: RegionProfile, minCoverage = MIN_COVERAGE): Eligible | Declined {
  const no = (reason: string): Declined => decline('plan', p.key, reason);
  if (!p.source) return no('no source text received yet');
  if (p.className !== '') return no('methods not supported yet');
  if (p.functionName.includes('\\')) return no('namespaced functions not supported yet');
  if (p.byRefParams) return no('by-reference parameters not supported');
  if (p.variadic) return no('variadic functions not supported');
  if (p.numParams > MAX_ARITY) return no(`${p.numParams} parameters (limit ${MAX_ARITY})`);
  const d = dominantTuple(p.argTypes, p.argTypesOther);
  if (!d) return no('no argument type profile');
  if (d.count < minCoverage * d.total) {
    return no(`dominant argument types (${d.types.join(',')}) cover ${((100 * d.count) / d.total).toFixed(1)}% of calls (< ${minCoverage * 100}%)`);
  }
  if (d.types.length !== p.numParams) return no(`called with ${d.types.length} arguments but declares ${p.numParams} parameters`);
  const paramTypes: ScalarType[] = [];
  for (const [i, code] of d.types.entries()) {
    const t = scalarTypeOfCode(code);
    if (!t) return no(`argument ${i + 1} is ${typeNameOfCode(code)}: only int, float and bool are specialized yet`);
    paramTypes.push(t);
  }
  return { source: p.source, paramTypes };
}
