// C++ spellings of IR types: scalars as plain C++ values, strings/arrays/tagged values as runtime classes (pv::Str, pv::Array<T>, pv::Val).
import { createHash } from 'node:crypto';
import { StageError } from '../core/declined.ts';
import { classOfType, elemType, isArrayType, isObjectType, type IrType } from '../frontend/types.ts';
import { sanitizeName } from './cpp-literals.ts';

/**
 * The generated struct of a class (see emit-classes.ts): a readable part of the name plus a hash
 * of the whole lowercased name, so two PHP names never map to one C++ name.
 */
export function classStruct(lcClass: string): string {
  return `O_${sanitizeName(lcClass)}_${createHash('sha256').update(lcClass, 'utf8').digest('hex').slice(0, 8)}`;
}

export function cppType(t: IrType): string {
  switch (t) {
    case 'int':
      return 'int64_t';
    case 'float':
      return 'double';
    case 'bool':
      return 'bool';
    case 'num':
      return 'pv::num';
    case 'null':
      return 'void';
    case 'string':
      return 'pv::Str';
    case 'mixed':
      return 'pv::Val';
  }
  if (isArrayType(t)) return `pv::Array<${storedType(elemType(t))}>`;
  if (isObjectType(t)) return `pv::Ref<${classStruct(classOfType(t))}>`;
  throw new StageError('codegen', '-', `no C++ type for ${t as string}`);
}

/** The C++ type an array stores an element of IR type `t` as: the runtime has no Array<num>, num elements are tagged values. */
export function storedType(t: IrType): string {
  return t === 'num' ? 'pv::Val' : cppType(t);
}

/** Value-initialized local of type `t` (scalars spelled as before ABI 2, so scalar modules keep their exact text). */
export function zeroOf(t: IrType): string {
  switch (t) {
    case 'int':
      return 'int64_t(0)';
    case 'float':
      return '0.0';
    case 'bool':
      return 'false';
    case 'num':
      return 'pv::num::of_int(0)';
    case 'null':
      return '';
    default:
      return `${cppType(t)}()`;
  }
}

/** Whether values of `t` are plain C++ scalars (no destructor: longjmp over them is fine). */
export function isTrivialType(t: IrType): boolean {
  return t === 'int' || t === 'float' || t === 'bool' || t === 'num' || t === 'null';
}
