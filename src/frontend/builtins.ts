// The internal functions and constants of the scalar subset, with PHP 8.2's typing rules for each.
import type { BuiltinName, IrType } from './types.ts';

export type ConstValue =
  | { readonly type: 'int'; readonly value: bigint }
  | { readonly type: 'float'; readonly value: number };

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

const RULES: Readonly<Record<BuiltinName, BuiltinRule>> = {
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

export function isBuiltin(lcName: string): lcName is BuiltinName {
  return Object.prototype.hasOwnProperty.call(RULES, lcName);
}

export function builtinRule(name: BuiltinName): BuiltinRule {
  return RULES[name];
}
