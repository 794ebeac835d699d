// Whether one region can become a kernel, and on which parameter types.
import { decline } from '../core/declined.ts';
import type { Declined } from '../core/declined.ts';
import { paramTypeOfCode, typeNameOfCode } from '../core/php-value.ts';
import type { ParamType } from '../core/php-value.ts';
import type { RegionProfile, RegionSource } from '../ingest/types.ts';
import { dominantTuple } from '../signature/dominant-types.ts';
import { methodKind } from './method-kind.ts';

export const MAX_ARITY = 8;
/** Share of profiled calls the dominant argument tuple must cover for a guard to pay off. */
export const MIN_COVERAGE = 0.9;

export interface Eligible {
  readonly source: RegionSource;
  readonly paramTypes: ParamType[];
  /** Per parameter: declared by reference. */
  readonly byRef: boolean[];
  /** An instance method: its kernel gets $this as args[0]. */
  readonly isMethod: boolean;
  /** A static method. */
  readonly isStatic: boolean;
  /** Per parameter: the one lowercased class its object arguments have ("" for other types). */
  readonly paramClasses: string[];
}

/** PHP's function table lowercases ASCII only (zend_str_tolower). */
export function phpLowercase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

export function checkEligible(p: RegionProfile, minCoverage = MIN_COVERAGE): Eligible | Declined {
  const no = (reason: string): Declined => decline('plan', p.key, reason);
  if (!p.source) return no('no source text received yet');
  if (p.functionName.includes('\\')) return no('namespaced functions not supported yet');
  // Like namespaced functions: a namespaced class's source may lean on `use` imports it does not carry.
  if (p.className.includes('\\')) return no('methods of namespaced classes not supported yet');
  const kind = p.className === '' ? { isStatic: false } : methodKind(p.source.text, p.functionName);
  if (typeof kind === 'string') return no(kind);
  // Which parameters are by reference comes from the profile's mask; without one, by-ref is declined.
  const mask = typeof p.byRefMask === 'number' ? p.byRefMask : 0;
  if (p.byRefParams && mask === 0) return no('by-reference parameters not supported (no by-reference mask in the profile)');
  if (p.variadic) return no('variadic functions not supported');
  if (p.numParams > MAX_ARITY) return no(`${p.numParams} parameters (limit ${MAX_ARITY})`);
  const d = dominantTuple(p.argTypes, p.argTypesOther);
  if (!d) return no('no argument type profile');
  if (d.count < minCoverage * d.total) {
    return no(`dominant argument types (${d.types.join(',')}) cover ${((100 * d.count) / d.total).toFixed(1)}% of calls (< ${minCoverage * 100}%)`);
  }
  if (d.types.length !== p.numParams) return no(`called with ${d.types.length} arguments but declares ${p.numParams} parameters`);
  const paramTypes: ParamType[] = [];
  for (const [i, code] of d.types.entries()) {
    const t = paramTypeOfCode(code);
    if (!t) return no(`argument ${i + 1} is ${typeNameOfCode(code)}: kernels are not guarded on that type`);
    paramTypes.push(t);
  }
  // An object parameter is guarded on its type only; the kernel checks the class, so one class must dominate.
  const paramClasses: string[] = [];
  for (const [i, t] of paramTypes.entries()) {
    const cls = t === 'object' ? (p.argClasses?.[i] ?? '') : '';
    if (t === 'object' && (cls === '' || cls === '*')) {
      return no(`argument ${i + 1} is an object of ${cls === '*' ? 'several classes' : 'no recorded class'}: only one stable class is specialized`);
    }
    paramClasses.push(cls);
  }
  const byRef = paramTypes.map((_, i) => i < 31 && (mask & (1 << i)) !== 0);
  return { source: p.source, paramTypes, byRef, isMethod: p.className !== '' && !kind.isStatic, isStatic: kind.isStatic, paramClasses };
}
