// The internal functions and constants the frontend understands, with PHP 8.2's typing rules for each.
import { arrayOf, elemType, isArrayType, type BuiltinName, type IrType } from './types.ts';

export type ConstValue =
  | { readonly type: 'int'; readonly value: bigint }
  | { readonly type: 'float'; readonly value: number }
  | { readonly type: 'string'; readonly value: string };

const f = (value: number): ConstValue => ({ type: 'float', value });
const i = (value: bigint): ConstValue => ({ type: 'int', value });

/** Values as php -n 8.2 prints them with serialize_precision=-1 (shortest round-trip, so exact). */
const CONSTANTS: ReadonlyMap<string, ConstValue> = new Map([
  ['M_PI', f(3.141592653589793)],
  ['M_E', f(2.718281828459045)],
  ['M_LOG2E', f(1.4426950408889634)],
  ['M_LOG10E', f(0.4342944819032518)],
  ['M_LN2', f(0.6931471805599453)],
  ['M_LN10', f(2.302585092994046)],
  ['M_PI_2', f(1.5707963267948966)],
  ['M_PI_4', f(0.7853981633974483)],
  ['M_1_PI', f(0.3183098861837907)],
  ['M_2_PI', f(0.6366197723675814)],
  ['M_SQRTPI', f(1.772453850905516)],
  ['M_2_SQRTPI', f(1.1283791670955126)],
  ['M_SQRT2', f(1.4142135623730951)],
  ['M_SQRT3', f(1.7320508075688772)],
  ['M_SQRT1_2', f(0.7071067811865476)],
  ['M_LNPI', f(1.1447298858494002)],
  ['M_EULER', f(0.5772156649015329)],
  ['PHP_INT_MAX', i(9223372036854775807n)],
  ['PHP_INT_MIN', i(-9223372036854775808n)],
  ['PHP_INT_SIZE', i(8n)],
  ['PHP_FLOAT_EPSILON', f(2.220446049250313e-16)],
  ['PHP_FLOAT_MAX', f(1.7976931348623157e308)],
  ['PHP_FLOAT_MIN', f(2.2250738585072014e-308)],
  ['PHP_FLOAT_DIG', i(15n)],
  ['NAN', f(NaN)],
  ['INF', f(Infinity)],
  ['PHP_EOL', { type: 'string', value: '\n' }],
  ['STR_PAD_LEFT', i(0n)],
  ['STR_PAD_RIGHT', i(1n)],
  ['STR_PAD_BOTH', i(2n)],
]);

/** A global constant of the subset; PHP constant names are case-sensitive. */
export function lookupConstant(name: string): ConstValue | undefined {
  return CONSTANTS.get(name.startsWith('\\') ? name.slice(1) : name);
}

/** Result of typing a builtin call: the type its args are converted to, and its result type. */
export interface BuiltinTyping {
  readonly opType: IrType;
  readonly result: IrType;
}

interface BuiltinRule {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Arg types are int/float/num (bool and null are declined before). Returns a reason to decline. */
  readonly type: (args: readonly IrType[]) => BuiltinTyping | string;
}

const numeric = (a: IrType, b: IrType): IrType =>
  a === b ? a : 'num';

/** The numeric builtins of the scalar subset: all args share `opType`. */
type MathName = 'abs' | 'min' | 'max' | 'sqrt' | 'floor' | 'ceil' | 'round' | 'fmod' | 'intdiv' | 'pi' | 'is_int' | 'is_float' | 'is_nan' | 'is_infinite' | 'is_finite' | 'pow';

const RULES: Readonly<Record<MathName, BuiltinRule>> = {
  abs: { minArgs: 1, maxArgs: 1, type: ([a]) => ({ opType: a!, result: a! }) },
  min: { minArgs: 2, maxArgs: 2, type: ([a, b]) => ({ opType: numeric(a!, b!), result: numeric(a!, b!) }) },
  max: { minArgs: 2, maxArgs: 2, type: ([a, b]) => ({ opType: numeric(a!, b!), result: numeric(a!, b!) }) },
  sqrt: { minArgs: 1, maxArgs: 1, type: () => ({ opType: 'float', result: 'float' }) },
  floor: { minArgs: 1, maxArgs: 1, type: () => ({ opType: 'float', result: 'float' }) },
  ceil: { minArgs: 1, maxArgs: 1, type: () => ({ opType: 'float', result: 'float' }) },
  round: {
    minArgs: 1,
    maxArgs: 2,
    type: ([a, p]) => (p !== undefined && p !== 'int' ? `round() precision of type ${p}` : { opType: a!, result: 'float' }),
  },
  fmod: { minArgs: 2, maxArgs: 2, type: () => ({ opType: 'float', result: 'float' }) },
  intdiv: {
    minArgs: 2,
    maxArgs: 2,
    type: ([a, b]) => (a === 'int' && b === 'int' ? { opType: 'int', result: 'int' } : `intdiv() of ${a}, ${b}`),
  },
  pi: { minArgs: 0, maxArgs: 0, type: () => ({ opType: 'float', result: 'float' }) },
  is_int: { minArgs: 1, maxArgs: 1, type: ([a]) => ({ opType: a!, result: 'bool' }) },
  is_float: { minArgs: 1, maxArgs: 1, type: ([a]) => ({ opType: a!, result: 'bool' }) },
  is_nan: { minArgs: 1, maxArgs: 1, type: () => ({ opType: 'float', result: 'bool' }) },
  is_infinite: { minArgs: 1, maxArgs: 1, type: () => ({ opType: 'float', result: 'bool' }) },
  is_finite: { minArgs: 1, maxArgs: 1, type: () => ({ opType: 'float', result: 'bool' }) },
  pow: {
    minArgs: 2,
    maxArgs: 2,
    type: ([a, b]) => {
      const t = a === 'float' || b === 'float' ? 'float' : 'num';
      return { opType: a === b && a !== 'num' ? a! : t === 'float' ? 'float' : 'num', result: t };
    },
  },
};

export function isMathBuiltin(lcName: string): lcName is MathName {
  return Object.prototype.hasOwnProperty.call(RULES, lcName);
}

export function isBuiltin(lcName: string): lcName is BuiltinName {
  return isMathBuiltin(lcName) || Object.prototype.hasOwnProperty.call(SIGNATURES, lcName);
}

export function builtinRule(name: MathName): BuiltinRule {
  return RULES[name];
}

/**
 * How an argument of a string/array builtin is passed, as PHP 8.2 coerces it in weak mode:
 * `string` (scalars convert with tostr, mixed unboxes; arrays are a TypeError), `int` (bool
 * widens, float converts exactly, mixed unboxes), `float`, `array` (any array; mixed unboxes to
 * array<mixed>), `mixed` (boxed), `same` (kept as it is: a needle, a fill value, a key),
 * `ref` (a by-reference array: must be a plain local of an array type, modified in place),
 * `bool` (a bool, as written).
 */
export type ArgKind = 'string' | 'int' | 'float' | 'array' | 'mixed' | 'same' | 'ref' | 'bool';

export interface Signature {
  readonly params: readonly ArgKind[];
  /** Arguments required; the rest of `params` are optional. */
  readonly min: number;
  /** The last param kind repeats (sprintf, printf, array_push). */
  readonly variadic?: boolean;
  /** Result type from the converted argument types, or a reason to decline. */
  readonly result: (args: readonly IrType[]) => IrType | string;
}

const str = (): IrType => 'string';
const sameArray = ([a]: readonly IrType[]): IrType => a!;
const elemOrMixed = ([a]: readonly IrType[]): IrType => (isArrayType(a!) ? elemType(a) : 'mixed');
const S = (params: ArgKind[], min: number, result: Signature['result'], variadic = false): Signature => ({ params, min, result, ...(variadic ? { variadic } : {}) });

/** The string and array builtins (runtime str.h / array.h), one entry per PHP function. */
export const SIGNATURES: Readonly<Record<Exclude<BuiltinName, MathName>, Signature>> = {
  strlen: S(['string'], 1, () => 'int'),
  substr: S(['string', 'int', 'int'], 2, str),
  str_repeat: S(['string', 'int'], 2, str),
  dechex: S(['int'], 1, str),
  decbin: S(['int'], 1, str),
  decoct: S(['int'], 1, str),
  hexdec: S(['string'], 1, () => 'num'),
  bindec: S(['string'], 1, () => 'num'),
  octdec: S(['string'], 1, () => 'num'),
  strtoupper: S(['string'], 1, str),
  strtolower: S(['string'], 1, str),
  ucfirst: S(['string'], 1, str),
  lcfirst: S(['string'], 1, str),
  strrev: S(['string'], 1, str),
  trim: S(['string'], 1, str),
  ltrim: S(['string'], 1, str),
  rtrim: S(['string'], 1, str),
  str_pad: S(['string', 'int', 'string', 'int'], 2, str),
  ord: S(['string'], 1, () => 'int'),
  chr: S(['int'], 1, str),
  strpos: S(['string', 'string', 'int'], 2, () => 'mixed'),
  str_contains: S(['string', 'string'], 2, () => 'bool'),
  str_starts_with: S(['string', 'string'], 2, () => 'bool'),
  str_ends_with: S(['string', 'string'], 2, () => 'bool'),
  str_replace: S(['string', 'string', 'string'], 3, str),
  implode: S(['string', 'array'], 2, ([, a]) => (isArrayType(a!) && elemType(a).startsWith('array<') ? 'implode() of nested arrays' : 'string')),
  explode: S(['string', 'string'], 2, () => arrayOf('string')),
  number_format: S(['float', 'int', 'string', 'string'], 1, str),
  sprintf: S(['string', 'mixed'], 1, str, true),
  printf: S(['string', 'mixed'], 1, () => 'int', true),
  count: S(['array'], 1, () => 'int'),
  range: S(['same', 'same', 'same'], 2, (args) => {
    if (args.some((t) => t !== 'int' && t !== 'float')) return `range() of ${args.join(', ')}`;
    return arrayOf(args.includes('float') ? 'float' : 'int');
  }),
  array_fill: S(['int', 'int', 'same'], 3, ([, , v]) => (v === 'num' ? arrayOf('mixed') : arrayOf(v!))),
  in_array: S(['same', 'array', 'bool'], 2, () => 'bool'),
  array_sum: S(['array'], 1, ([a]) => (isArrayType(a!) && elemType(a).startsWith('array<') ? 'array_sum() of nested arrays' : 'num')),
  array_product: S(['array'], 1, ([a]) => (isArrayType(a!) && elemType(a).startsWith('array<') ? 'array_product() of nested arrays' : 'num')),
  array_keys: S(['array'], 1, () => arrayOf('mixed')),
  array_values: S(['array'], 1, sameArray),
  array_key_exists: S(['same', 'array'], 2, ([k]) => (k === 'int' || k === 'string' || k === 'mixed' ? 'bool' : `array_key_exists() with a ${k} key`)),
  array_push: S(['ref', 'same'], 2, () => 'int', true),
  array_pop: S(['ref'], 1, () => 'mixed'),
  array_shift: S(['ref'], 1, () => 'mixed'),
  array_reverse: S(['array'], 1, sameArray),
  array_slice: S(['array', 'int', 'int'], 2, sameArray),
  array_merge: S(['array', 'array'], 2, ([a, b]) => (a === b ? a! : arrayOf('mixed'))),
  sort: S(['ref'], 1, ([a]) => sortable(a!)),
  rsort: S(['ref'], 1, ([a]) => sortable(a!)),
  is_string: S(['mixed'], 1, () => 'bool'),
  is_array: S(['mixed'], 1, () => 'bool'),
  is_bool: S(['mixed'], 1, () => 'bool'),
  is_null: S(['mixed'], 1, () => 'bool'),
  is_numeric: S(['mixed'], 1, () => 'bool'),
};

/** sort()/rsort() of ints, floats or strings (the runtime's comparisons); PHP 8 returns true. */
function sortable(a: IrType): IrType | string {
  const e = isArrayType(a) ? elemType(a) : a;
  return e === 'int' || e === 'float' || e === 'string' ? 'bool' : `sort of array<${e}>`;
}

/** min()/max() over one array argument: the element type. */
export const minMaxOfArray = elemOrMixed;
