// The implicit conversions of the IR: which `convert` node (widen, truthy, tostr, box, unbox) turns one static type into another.
import { FrontendDecline } from './frontend-decline.ts';
import { BOT, type Ty } from './type-env.ts';
import { arrayOf, elemType, isArrayType, isObjectType, type IrExpr, type IrType } from './types.ts';

/**
 * Inserts the implicit conversion from e's type to `to`; unknown (bottom) types pass through.
 * Into `mixed` (and array<T> into array<mixed>) is `box`; out of `mixed` is `unbox` (a guard:
 * DEOPT when the value has another type); into `string` is PHP's string conversion (`tostr`).
 */
export function convert(e: IrExpr, to: Ty): IrExpr {
  const from = e.type as Ty;
  if (from === to || from === BOT || to === BOT) return e;
  if (e.k === 'array' && e.items.length === 0 && from.includes(BOT)) {
    // `[]` takes the type its destination needs.
    return isArrayType(to) ? { ...e, type: to } : convert({ ...e, type: arrayOf('mixed') }, to);
  }
  if (from.includes(BOT) || to.includes(BOT)) return e;
  // An object converts to nothing silently: to bool it is true, but string/number/array conversions call __toString or warn.
  if (isObjectType(from) || isObjectType(to)) throw new FrontendDecline(`cannot convert ${from} to ${to}`);
  if (to === 'bool') return { k: 'convert', type: 'bool', mode: 'truthy', arg: e };
  if (from === 'null') throw new FrontendDecline('using the result of a function that returns nothing');
  if (to === 'mixed') return { k: 'convert', type: 'mixed', mode: 'box', arg: e };
  if (from === 'mixed') return { k: 'convert', type: to, mode: 'unbox', arg: e };
  if (isArrayType(to)) {
    if (isArrayType(from) && boxesInto(elemType(from), elemType(to))) return { k: 'convert', type: to, mode: 'box', arg: e };
    throw new FrontendDecline(`cannot convert ${from} to ${to}`);
  }
  if (to === 'string') {
    if (isArrayType(from)) throw new FrontendDecline('array to string conversion (PHP warns)');
    return { k: 'convert', type: 'string', mode: 'tostr', arg: e };
  }
  if (from === 'bool' && to === 'float') return convert(convert(e, 'int'), 'float');
  if (from === 'bool' && to === 'num') return convert(convert(e, 'int'), 'num');
  if ((from === 'bool' && to === 'int') || (from === 'int' && (to === 'float' || to === 'num')) || (from === 'float' && to === 'num') || (from === 'num' && to === 'float')) {
    return { k: 'convert', type: to, mode: 'widen', arg: e };
  }
  throw new FrontendDecline(`cannot convert ${from} to ${to}`);
}

/** Elements of type `from` convert to `to` by boxing some of their parts (array<array<int>> → array<array<mixed>>). */
function boxesInto(from: IrType, to: IrType): boolean {
  if (from === to || to === 'mixed') return true;
  return isArrayType(from) && isArrayType(to) && boxesInto(elemType(from), elemType(to));
}

/** An implicit float (or num) → int conversion PHP performs silently only for integral values. */
export function toIntExact(e: IrExpr): IrExpr {
  if (e.type === 'int' || (e.type as Ty) === BOT) return e;
  if (e.type === 'mixed') return { k: 'convert', type: 'int', mode: 'unbox', arg: e };
  return { k: 'convert', type: 'int', mode: 'exact', arg: e };
}

/** Whether a value of this type can be printed / concatenated (arrays: "Array to string conversion"). */
export function isPrintable(t: IrType): boolean {
  return !isArrayType(t) && !isObjectType(t) && t !== 'null';
}
