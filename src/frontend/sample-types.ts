// The IR types of recorded argument values: array parameters are typed by the elements their samples hold.
import type { PhpValue } from '../core/php-value.ts';
import { BOT, joinTypes, storedElem, type Ty } from './type-env.ts';
import { arrayOf, type IrType } from './types.ts';

/** The static type of one value (null → mixed); an empty array tells nothing about its elements (BOT). */
export function typeOfValue(v: PhpValue): Ty {
  switch (v.kind) {
    case 'null':
      return 'mixed';
    case 'bool':
    case 'int':
    case 'float':
    case 'string':
      return v.kind;
    case 'array': {
      let elem: Ty = BOT;
      for (const e of v.entries) elem = joinTypes(elem, typeOfValue(e.value));
      if (elem === BOT || elem.includes(BOT)) return BOT;
      return arrayOf(storedElem(elem as IrType));
    }
    case 'object':
      return 'mixed';
  }
}

/** Join of the array types of the samples of one parameter; BOT when they tell nothing. */
export function sampleArrayType(values: readonly (PhpValue | undefined)[]): Ty {
  let t: Ty = BOT;
  for (const v of values) {
    if (!v || v.kind !== 'array') continue;
    t = joinTypes(t, typeOfValue(v));
  }
  return t === BOT || t.includes(BOT) ? BOT : t;
}
