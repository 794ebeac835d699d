// PhpValue: a PHP value as recorded by the extension and replayed by the verifier.
// Ints are bigint because PHP ints are 64-bit and must survive exactly; strings are byte strings
// held as "binary" JS strings (one char per byte, char codes 0–255).
export type PhpValue =
  | { readonly kind: 'null' }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'array'; readonly entries: readonly PhpArrayEntry[] }
  | PhpObjectValue;

/**
 * An object of a user class: its class as declared (with its namespace), its initialized
 * properties by name in PHP's order (as seen from inside the class). `id` tells objects apart
 * within one call: values with the same id are one object (PHP passes objects by handle). A
 * `repeat` occurrence stands for an object shown earlier in the same call and carries no props.
 */
export interface PhpObjectValue {
  readonly kind: 'object';
  readonly className: string;
  readonly props: readonly PhpArrayEntry[];
  readonly id?: number;
  readonly repeat?: boolean;
}

export interface PhpArrayEntry {
  /** An int key (bigint) or a string key (binary string), as PHP stores it. */
  readonly key: bigint | string;
  readonly value: PhpValue;
}

/** zval type codes (Zend/zend_types.h), as used on the wire and in guards. */
export const TypeCode = {
  undef: 0,
  null: 1,
  false: 2,
  /** Also used for "bool" in profiles and guards. */
  bool: 3,
  int: 4,
  float: 5,
  string: 6,
  array: 7,
  object: 8,
} as const;

/** Scalar types a kernel parameter can be specialized on in the scalar subset. */
export type ScalarType = 'int' | 'float' | 'bool';
/** Types a kernel parameter can be guarded on (ABI 2): the scalars, strings, arrays and objects. */
export type ParamType = ScalarType | 'string' | 'array' | 'object';

export function paramTypeOfCode(code: number): ParamType | undefined {
  if (code === TypeCode.object) return 'object';
  if (code === TypeCode.string) return 'string';
  if (code === TypeCode.array) return 'array';
  return scalarTypeOfCode(code);
}

export function scalarTypeOfCode(code: number): ScalarType | undefined {
  if (code === TypeCode.int) return 'int';
  if (code === TypeCode.float) return 'float';
  if (code === TypeCode.bool || code === TypeCode.false) return 'bool';
  return undefined;
}

/** PHP's name for a zval type code, for messages ("string", "array"…). */
export function typeNameOfCode(code: number): string {
  const names = ['undef', 'null', 'bool', 'bool', 'int', 'float', 'string', 'array', 'object', 'resource', 'reference'];
  return names[code] ?? `type ${code}`;
}

/** The guard byte of a parameter (abi.h): the type code, plus PV_GUARD_BYREF for a by-reference parameter. */
export function guardCodeOf(type: ParamType, byRef = false): number {
  const code = type === 'int' ? TypeCode.int : type === 'float' ? TypeCode.float : type === 'bool' ? TypeCode.bool : type === 'string' ? TypeCode.string : type === 'object' ? TypeCode.object : TypeCode.array;
  return byRef ? code | GUARD_BYREF : code;
}

export const GUARD_BYREF = 0x80;

export function showPhpValue(v: PhpValue): string {
  switch (v.kind) {
    case 'null':
      return 'null';
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'int':
      return v.value.toString();
    case 'float':
      return Number.isNaN(v.value) ? 'NAN' : Object.is(v.value, -0) ? '-0.0' : String(v.value);
    case 'string':
      return JSON.stringify(v.value);
    case 'array':
      return `[${v.entries.map((e) => `${typeof e.key === 'string' ? JSON.stringify(e.key) : e.key.toString()} => ${showPhpValue(e.value)}`).join(', ')}]`;
    case 'object': {
      const id = v.id === undefined ? '' : `#${v.id}`;
      if (v.repeat) return `${v.className}${id}{…}`;
      return `${v.className}${id}{${v.props.map((e) => `${String(e.key)}: ${showPhpValue(e.value)}`).join(', ')}}`;
    }
  }
}
