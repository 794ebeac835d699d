// Extra argument tuples derived from a kernel's parameter types, to widen verification cheaply.
import type { PhpValue, ScalarType } from '../core/php-value.ts';
import { tupleKey } from './php-literal.ts';

// Small on purpose: a recursive function on a large int (fib(PHP_INT_MAX)) would never finish.
const INTS: readonly bigint[] = [0n, 1n, -1n, 2n, 10n, 20n];
const FLOATS: readonly number[] = [0, 1.5, -0, -1, 0.1, 2];
const BOOLS: readonly boolean[] = [false, true, true, false, true, false];

export const MAX_EXTRA_SAMPLES = 6;

function valueAt(type: ScalarType, k: number): PhpValue {
  if (type === 'int') return { kind: 'int', value: INTS[k % INTS.length]! };
  if (type === 'float') return { kind: 'float', value: FLOATS[k % FLOATS.length]! };
  return { kind: 'bool', value: BOOLS[k % BOOLS.length]! };
}

/**
 * Up to MAX_EXTRA_SAMPLES tuples not already recorded. Parameter j of tuple k takes the
 * (k + j)-th small value of its type, so multi-parameter kernels also meet pairs like (10, 0).
 */
export function extraSamples(paramTypes: readonly ScalarType[], recorded: readonly (readonly PhpValue[])[]): PhpValue[][] {
  const seen = new Set(recorded.map(tupleKey));
  const extras: PhpValue[][] = [];
  for (let k = 0; k < MAX_EXTRA_SAMPLES; k++) {
    const tuple = paramTypes.map((t, j) => valueAt(t, k + j));
    const key = tupleKey(tuple);
    if (seen.has(key)) continue;
    seen.add(key);
    extras.push(tuple);
  }
  return extras;
}
