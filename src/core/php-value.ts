// PhpValue: a scalar PHP value as recorded by the extension and replayed by the verifier.
// Ints are bigint because PHP ints are 64-bit and must survive exactly.
export type PhpValue =
  | { readonly kind: 'null' }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number };

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

export function guardCodeOf(type: ScalarType): number {
  return type === 'int' ? TypeCode.int : type === 'float' ? TypeCode.float : TypeCode.bool;
}

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
  }
}
