// The typed IR the frontend produces, the passes rewrite and codegen reads: structured, fully typed, conversions explicit.
import type { ScalarType } from '../core/php-value.ts';

/**
 * Static type of an IR value. `num` is a PHP value that is an int or a float, decided at run
 * time (e.g. int / int); `null` only appears as the result of a function that returns nothing.
 */
export type IrType = 'int' | 'float' | 'bool' | 'num' | 'null';

export type ArithOp = 'add' | 'sub' | 'mul' | 'div' | 'mod' | 'pow';
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'cmp' | 'ident' | 'nident';
/** `<<`, `>>`, `&`, `|`, `^`: int operands (PHP converts first), int result. */
export type BitOp = 'shl' | 'shr' | 'band' | 'bor' | 'bxor';
export type BinaryOp = ArithOp | CompareOp | BitOp;

/** Internal PHP functions the subset understands (lowercase PHP names). */
export type BuiltinName =
  | 'abs' | 'min' | 'max' | 'sqrt' | 'floor' | 'ceil' | 'round' | 'fmod' | 'intdiv' | 'pi'
  | 'is_int' | 'is_float' | 'is_nan' | 'is_infinite' | 'is_finite' | 'pow';

/**
 * How a `convert` changes a value: `widen` is exact (int→float, int/float→num, num→float,
 * bool→int for arithmetic); `truthy` is PHP's bool conversion; `cast` is an explicit (int)
 * cast (modular, never fails); `exact` is an implicit float→int that PHP would warn about
 * unless the float is an integral in-range value (the kernel DEOPTs instead).
 */
export type ConvertMode = 'widen' | 'truthy' | 'cast' | 'exact';

export type IrExpr =
  | { readonly k: 'const'; readonly type: 'int'; readonly value: bigint }
  | { readonly k: 'const'; readonly type: 'float'; readonly value: number }
  | { readonly k: 'const'; readonly type: 'bool'; readonly value: boolean }
  | { readonly k: 'local'; readonly type: IrType; readonly id: number }
  /** Assignment as an expression; `value` already has the local's type. Yields the new value. */
  | { readonly k: 'assign'; readonly type: IrType; readonly id: number; readonly value: IrExpr }
  | { readonly k: 'incdec'; readonly type: IrType; readonly id: number; readonly op: 'inc' | 'dec'; readonly prefix: boolean }
  /** `neg` on int/float/num (operand of the same type); `not` on bool; `bnot` (`~`) on int. */
  | { readonly k: 'unary'; readonly type: IrType; readonly op: 'neg' | 'not' | 'bnot'; readonly arg: IrExpr }
  /**
   * Both operands have type `opType`; result type is `type`. `noOverflow`: a pass proved this
   * int add/sub/mul cannot overflow, so it needs no check.
   */
  | { readonly k: 'binary'; readonly type: IrType; readonly op: BinaryOp; readonly opType: IrType; readonly left: IrExpr; readonly right: IrExpr; readonly noOverflow?: boolean }
  /** Operands are bool; and/or short-circuit, xor evaluates both. */
  | { readonly k: 'logical'; readonly type: 'bool'; readonly op: 'and' | 'or' | 'xor'; readonly left: IrExpr; readonly right: IrExpr }
  /** Ternary; test is bool, both branches have type `type`. */
  | { readonly k: 'cond'; readonly type: IrType; readonly test: IrExpr; readonly then: IrExpr; readonly else: IrExpr }
  | { readonly k: 'convert'; readonly type: IrType; readonly mode: ConvertMode; readonly arg: IrExpr }
  /** Call of a function of the same module (index into IrModule.functions); args have the callee's param types. */
  | { readonly k: 'call'; readonly type: IrType; readonly callee: number; readonly args: readonly IrExpr[]; readonly direct: boolean }
  /** Internal function; args have type `opType` (except round's precision and intdiv: int). */
  | { readonly k: 'builtin'; readonly type: IrType; readonly name: BuiltinName; readonly opType: IrType; readonly args: readonly IrExpr[] };

export type IrStmt =
  | { readonly k: 'expr'; readonly line: number; readonly expr: IrExpr }
  | { readonly k: 'if'; readonly line: number; readonly test: IrExpr; readonly then: readonly IrStmt[]; readonly else: readonly IrStmt[] }
  /**
   * A loop: `init` once, then while the last of `test` (a bool; the others are evaluated for
   * effect) holds: `body`, then `step`. `do` loops run the body before the first test.
   * An empty `test` means "forever".
   */
  | {
      readonly k: 'loop';
      readonly line: number;
      readonly kind: 'while' | 'do' | 'for';
      readonly init: readonly IrExpr[];
      readonly test: readonly IrExpr[];
      readonly step: readonly IrExpr[];
      readonly body: readonly IrStmt[];
    }
  | { readonly k: 'break'; readonly line: number; readonly levels: number }
  | { readonly k: 'continue'; readonly line: number; readonly levels: number }
  /** `value` has the function's return type; null only in functions returning null. */
  | { readonly k: 'return'; readonly line: number; readonly value: IrExpr | null };

export interface IrLocal {
  readonly id: number;
  /** PHP variable name without `$` ('' for compiler temporaries). Never pasted into C++. */
  readonly name: string;
  readonly type: IrType;
  readonly isParam: boolean;
}

export interface IrFunction {
  readonly index: number;
  readonly regionKey: string;
  /** As declared; for messages only. */
  readonly name: string;
  readonly lcName: string;
  readonly sourceSha256: string;
  /** Gets its own kernel entry in the module descriptor. */
  readonly exported: boolean;
  /** Guard types, one per kernel argument (the plan's paramTypes). */
  readonly paramTypes: readonly ScalarType[];
  /** Local ids of the parameters that receive arguments, in order. */
  readonly params: readonly number[];
  readonly locals: readonly IrLocal[];
  readonly returnType: IrType;
  /** Absolute source line of the declaration. */
  readonly line: number;
  readonly body: readonly IrStmt[];
}

export interface IrModule {
  readonly rootKey: string;
  readonly functions: readonly IrFunction[];
}
