// Argument and literal pools of the generator: typical values, edge values (tagged), guard breakers.
import type { ScalarType } from '../core/php-value.ts';

/** A PHP expression for a value, and the coverage tag of the edge it stands for ('' for ordinary). */
export interface Val {
  readonly php: string;
  readonly tag: string;
}

const v = (php: string, tag = ''): Val => ({ php, tag });

/** PHP source for a float that parses back to exactly `x` (never an int literal). */
export function floatLiteral(x: number): string {
  if (Number.isNaN(x)) return 'NAN';
  if (x === Infinity) return 'INF';
  if (x === -Infinity) return '-INF';
  if (Object.is(x, -0)) return '-0.0';
  const s = String(x);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

export const TYPICAL: Readonly<Record<ScalarType, readonly Val[]>> = {
  int: ['0', '1', '2', '3', '5', '7', '10', '-1', '-3', '42', '100'].map((s) => v(s)),
  float: [0.5, 1.5, 2.25, -3.75, 10.0, 0.1, 3.0, 7.5].map((x) => v(floatLiteral(x))),
  bool: [v('true'), v('false')],
};

export const EDGE: Readonly<Record<ScalarType, readonly Val[]>> = {
  int: [
    v('PHP_INT_MAX', 'edge:int-max'),
    v('PHP_INT_MIN', 'edge:int-min'),
    v('9223372036854775806', 'edge:int-max-1'),
    v('-9223372036854775807', 'edge:int-min+1'),
    v('4611686018427387904', 'edge:2^62'),
    v('-4611686018427387904', 'edge:-2^62'),
    v('3037000500', 'edge:sqrt-int-max'),
    v('-3037000500', 'edge:-sqrt-int-max'),
    v('9007199254740993', 'edge:2^53+1'),
    v('0', 'edge:zero'),
    v('-1', 'edge:minus-one'),
    v('2147483648', 'edge:2^31'),
  ],
  float: [
    v('-0.0', 'edge:-0.0'),
    v('INF', 'edge:INF'),
    v('-INF', 'edge:-INF'),
    v('NAN', 'edge:NAN'),
    v('1.0E+15', 'edge:1e15'),
    v('1.0E+16', 'edge:1e16'),
    v('0.30000000000000004', 'edge:0.1+0.2'),
    v('1.0E+308', 'edge:large-exponent'),
    v('-1.0E+300', 'edge:large-exponent'),
    v('5.0E-324', 'edge:denormal'),
    v('9.2233720368547758E+18', 'edge:2^63-float'),
    v('-9.2233720368547758E+18', 'edge:-2^63-float'),
    v('1.0E+20', 'edge:1e20'),
    v('2.5', 'edge:half'),
    v('-2.5', 'edge:half'),
    v('1.955', 'edge:round-pre-rounding'),
    v('0.0', 'edge:zero-float'),
    v('PHP_FLOAT_EPSILON', 'edge:epsilon'),
    v('PHP_FLOAT_MAX', 'edge:float-max'),
  ],
  bool: [v('true', 'edge:true'), v('false', 'edge:false')],
};

/** Arguments of another type than the guard: the call must fall back to PHP and still agree. */
export function guardBreakers(profiled: ScalarType): readonly Val[] {
  const out: Val[] = [
    v('null', 'break:null'),
    v("'5'", 'break:numeric-string'),
    v("' 5'", 'break:numeric-string'),
    v("'1e3'", 'break:numeric-string'),
    v("'5abc'", 'break:leading-numeric-string'),
    v("'abc'", 'break:non-numeric-string'),
  ];
  if (profiled !== 'bool') out.push(v('true', 'break:bool'), v('false', 'break:bool'));
  if (profiled !== 'int') out.push(v('3', 'break:int'), v('0', 'break:int'), v('PHP_INT_MAX', 'break:int'));
  if (profiled !== 'float') out.push(v('2.0', 'break:float'), v('2.5', 'break:float'), v('NAN', 'break:float'), v('-0.0', 'break:float'));
  return out;
}

/**
 * Argument pools of the everyday families, by argument kind ('string', 'array:int',
 * 'array:string', 'array:nested', 'array:mixed'): typical values, then edge values (tagged).
 * Arrays stay small and strings short so programs stay fast and their output readable.
 */
export const KIND_TYPICAL: Readonly<Record<string, readonly Val[]>> = {
  string: ["'abc'", "'hello world'", "'x'", "'Hello'", "'a,b,c'", "'php'"].map((s) => v(s)),
  'array:int': ['[1, 2, 3]', '[10, -5, 7, 0]', '[5]', '[3, 1, 2, 8, 6]', "['a' => 1, 'b' => 2]", '[4 => 9, 2 => 4]'].map((s) => v(s)),
  'array:string': ["['a', 'b', 'c']", "['x' => 'hi', 'y' => 'yo']", "['one']", "['b', 'a', 'c']"].map((s) => v(s)),
  'array:nested': ['[[1, 2], [3]]', "['a' => [1], 'b' => [2, 3]]", '[[5]]'].map((s) => v(s)),
  'array:mixed': ["[1, 'a', 2.5]", "['k' => 1, 0 => 'x']", "[true, 3, 'z']"].map((s) => v(s)),
};

export const KIND_EDGE: Readonly<Record<string, readonly Val[]>> = {
  string: [
    v("''", 'edge:str-empty'),
    v("'0'", 'edge:str-zero'),
    v("'10'", 'edge:str-numeric'),
    v("'1e3'", 'edge:str-numeric-exp'),
    v("' 5'", 'edge:str-leading-space'),
    v("'5 '", 'edge:str-trailing-space'),
    v("'12abc'", 'edge:str-leading-numeric'),
    v('"a\\0b"', 'edge:str-nul-byte'),
    v("'\u00c4\u00f6'", 'edge:str-utf8'),
    v("'-0'", 'edge:str-minus-zero'),
    v("str_repeat('ab', 40)", 'edge:str-long'),
  ],
  'array:int': [
    v('[]', 'edge:arr-empty'),
    v("['8' => 1, 'x' => 2]", 'edge:arr-string-int-key'),
    v('[5 => 1, 2 => 3, 9 => 4]', 'edge:arr-hash-order'),
    v('[PHP_INT_MAX, 1]', 'edge:arr-int-max'),
    v('[-3 => 4, 7]', 'edge:arr-negative-key'),
    v("[0 => 1, '0' => 5]", 'edge:arr-duplicate-key'),
  ],
  'array:string': [v('[]', 'edge:arr-empty'), v("['', '0', '10']", 'edge:arr-edge-strings'), v("['8' => 'e', 'k' => '']", 'edge:arr-string-int-key')],
  'array:nested': [v('[]', 'edge:arr-empty'), v('[[], [1]]', 'edge:arr-nested-empty'), v("['3' => [1, 2]]", 'edge:arr-string-int-key')],
  'array:mixed': [v('[]', 'edge:arr-empty'), v("[null, false, '']", 'edge:arr-falsy'), v('[[1], 0.5]', 'edge:arr-nested-mixed')],
};

/** Guard breakers of the everyday kinds: another type where the kernel guards on a string or an array. */
export function kindBreakers(kind: string): readonly Val[] {
  if (kind === 'string') return [v('null', 'break:null'), v('5', 'break:int'), v('2.5', 'break:float'), v('true', 'break:bool'), v("['a']", 'break:array')];
  return [v('null', 'break:null'), v("'abc'", 'break:string'), v('5', 'break:int'), v("''", 'break:string')];
}
