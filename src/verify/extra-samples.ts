// Extra argument tuples and world seeds derived from types, to widen verification cheaply.
import type { ParamType, PhpValue } from '../core/php-value.ts';
import type { IrType } from '../frontend/types.ts';
import { tupleKey } from './php-literal.ts';

const int = (value: bigint): PhpValue => ({ kind: 'int', value });
const float = (value: number): PhpValue => ({ kind: 'float', value });
const str = (value: string): PhpValue => ({ kind: 'string', value });
const arr = (...entries: [bigint | string, PhpValue][]): PhpValue => ({ kind: 'array', entries: entries.map(([key, value]) => ({ key, value })) });
const list = (...values: PhpValue[]): PhpValue => arr(...values.map((v, i): [bigint, PhpValue] => [BigInt(i), v]));

// Small on purpose: a recursive function on a large int (fib(PHP_INT_MAX)) would never finish.
const INTS: readonly bigint[] = [0n, 1n, -1n, 2n, 10n, 20n];
const FLOATS: readonly number[] = [0, 1.5, -0, -1, 0.1, 2];
const BOOLS: readonly boolean[] = [false, true, true, false, true, false];
// Empty, plain, binary (NUL inside), numeric, leading-numeric-looking and float-looking strings.
const STRINGS: readonly string[] = ['', 'a', 'hello', 'abc\0def', '10', '1e3'];

export const MAX_EXTRA_SAMPLES = 6;

/** Values of an IrType or ParamType, varied by `k`; arrays of T hold Ts, keys packed, sparse or strings. */
export function sampleValue(type: IrType | ParamType, k: number): PhpValue {
  switch (type) {
    case 'int':
      return int(INTS[k % INTS.length]!);
    case 'float':
      return float(FLOATS[k % FLOATS.length]!);
    case 'bool':
      return { kind: 'bool', value: BOOLS[k % BOOLS.length]! };
    case 'num':
      return k % 2 === 0 ? sampleValue('int', k >> 1) : sampleValue('float', k >> 1);
    case 'null':
      return { kind: 'null' };
    case 'string':
      return str(STRINGS[k % STRINGS.length]!);
    case 'mixed':
      return MIXED[k % MIXED.length]!;
    case 'array':
      return ARRAYS[k % ARRAYS.length]!;
  }
  const elem = type.slice('array<'.length, -1) as IrType;
  const e = (j: number): PhpValue => sampleValue(elem, k + j);
  switch (k % 5) {
    case 0:
      return arr();
    case 1:
      return list(e(0), e(1), e(2));
    case 2:
      return arr(['a', e(0)], ['b', e(1)]);
    case 3:
      return arr([3n, e(0)], [1n, e(1)]);
    default:
      return arr([0n, e(0)], ['x', e(1)], [-5n, e(2)]);
  }
}

const ARRAYS: readonly PhpValue[] = [
  arr(),
  list(int(1n), int(2n), int(3n)),
  list(float(1.5), float(-2)),
  arr(['a', int(1n)], ['b', int(2n)]),
  arr([3n, str('x')], [1n, str('y')]),
  arr([0n, list(int(1n))], ['k', str('v')], [7n, { kind: 'null' }]),
];

const MIXED: readonly PhpValue[] = [
  { kind: 'null' },
  int(42n),
  float(0.5),
  str('abc'),
  { kind: 'bool', value: true },
  list(int(1n), str('2')),
  int(0n),
  str(''),
];

/** Seeds for a world slot of this type: int slots also meet 42 and 139968 (a typical modulus). */
export function worldSeed(type: IrType, k: number): PhpValue {
  if (type === 'int') return int([0n, 1n, 42n, 139968n][k % 4]!);
  if (type === 'float') return float([0.5, 0, -1.25, 3][k % 4]!);
  return sampleValue(type, k);
}

/**
 * The value the j-th constant of a module is seeded with (one per replay: constants do not change
 * within a php process). Constants of one type get different, non-zero values where the type has
 * them, so code combining several (`($x * IA + IC) % IM`) does not collapse to one value or divide by zero.
 */
export function constantSeed(type: IrType, j: number): PhpValue {
  if (type === 'int') return int([42n, 139968n, 7n, 1000003n][j % 4]!);
  if (type === 'float') return float([0.5, 3, -1.25, 0.1][j % 4]!);
  return worldSeed(type, 2 + j);
}

/**
 * Up to MAX_EXTRA_SAMPLES tuples not already recorded. Parameter j of tuple k takes the
 * (k + j)-th small value of its type, so multi-parameter kernels also meet pairs like (10, 0).
 * An object parameter takes `objects.param(j)` (a fresh object of its class); a method's tuples
 * start with one of `objects.receivers`, in turn. Without such an object there are no extras.
 */
export function extraSamples(
  paramTypes: readonly ParamType[],
  recorded: readonly (readonly PhpValue[])[],
  objects: { readonly param?: (j: number) => PhpValue | undefined; readonly receivers?: readonly PhpValue[] } = {},
): PhpValue[][] {
  const seen = new Set(recorded.map(tupleKey));
  const extras: PhpValue[][] = [];
  const params = paramTypes.map((t, j) => (t === 'object' ? objects.param?.(j) : undefined));
  if (paramTypes.some((t, j) => t === 'object' && params[j] === undefined)) return [];
  if (objects.receivers && objects.receivers.length === 0) return [];
  for (let k = 0; k < MAX_EXTRA_SAMPLES; k++) {
    const args = paramTypes.map((t, j) => (t === 'object' ? params[j]! : sampleValue(t, k + j)));
    const receivers = objects.receivers;
    const tuple = receivers ? [receivers[k % receivers.length]!, ...args] : args;
    const key = tupleKey(tuple);
    if (seen.has(key)) continue;
    seen.add(key);
    extras.push(tuple);
  }
  return extras;
}
